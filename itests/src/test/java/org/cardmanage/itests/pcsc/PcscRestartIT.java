package org.cardmanage.itests.pcsc;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.ops4j.pax.exam.CoreOptions.options;

import org.cardmanage.api.Attachment;
import org.cardmanage.api.AttachmentState;
import org.cardmanage.api.CardHandle;
import org.cardmanage.api.Disposition;
import org.cardmanage.api.ReaderUnavailableException;
import org.cardmanage.api.ShareMode;
import org.cardmanage.itests.Apdus;
import org.cardmanage.itests.Await;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * pcscd killed and started again while cardmanage runs: the readers go, come back as new services, and old
 * attachments reconnect, without restarting the JVM or the framework.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PcscRestartIT extends PcscTestBase {

    @Configuration
    public Option[] config() {
        return options(pcscOptions());
    }

    @Test
    public void readersAndAttachmentsRecoverWhenPcscdIsKilledAndStarted() throws Exception {
        for (int round = 1; round <= 2; round++) {
            Attachment attachment = cardManager().attachByReader(PcscTestBed.READER_0);
            CardHandle before = attachment.handle().orElseThrow();
            assertEquals(Apdus.SW_OK, attachment.transmit(Apdus.SELECT_MF).sw());

            PcscTestBed.testBed("kill"); // SIGKILL: a crash, leaving pcscd's socket behind
            awaitReaderGone(PcscTestBed.READER_0);
            assertEquals(AttachmentState.REVOKED, attachment.state());
            assertThrows(ReaderUnavailableException.class, () -> attachment.transmit(Apdus.SELECT_MF));

            long started = System.nanoTime();
            PcscTestBed.testBed("start"); // returns once pcsc_scan lists the readers
            long ready = System.nanoTime();
            awaitReader(PcscTestBed.READER_0);
            long listed = System.nanoTime();
            CardHandle after = awaitNewCard(PcscTestBed.READER_0, before);
            long card = System.nanoTime();
            System.out.printf("MEASURED pcscd restart round %d: pcscd ready (pcsc_scan lists vpcd) after %.0f ms; "
                    + "reader re-registered %.0f ms after that; card back %.0f ms after that%n", round,
                    (ready - started) / 1e6, (listed - ready) / 1e6, (card - listed) / 1e6);

            attachment.reconnect(ShareMode.SHARED, Disposition.LEAVE);
            assertEquals(AttachmentState.ACTIVE, attachment.state());
            assertEquals(after, attachment.handle().orElseThrow());
            assertEquals(Apdus.SW_OK, attachment.transmit(Apdus.SELECT_MF).sw());
            attachment.close();
        }
    }

    @Test
    public void theDriverWaitsForPcscdWhenItIsAbsentAtStart() throws Exception {
        stop(driverPcscBundle());
        awaitReaderGone(PcscTestBed.READER_0);
        PcscTestBed.testBed("stop");
        try {
            start(driverPcscBundle()); // no pcscd: the driver starts cleanly and waits
            Await.until("no reader while pcscd is down", () -> reader(PcscTestBed.READER_0).isEmpty(),
                    PCSC_WAIT);
        } finally {
            PcscTestBed.testBed("start");
        }
        awaitCard(PcscTestBed.READER_0);
        try (Attachment attachment = cardManager().attachByReader(PcscTestBed.READER_0)) {
            assertEquals(Apdus.SW_OK, attachment.transmit(Apdus.SELECT_MF).sw());
        }
    }
}

package org.cardmanage.itests.pcsc;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.util.ArrayList;
import java.util.List;

import org.cardmanage.api.Attachment;
import org.cardmanage.api.AttachmentState;
import org.cardmanage.api.CardEvent;
import org.cardmanage.api.CardException;
import org.cardmanage.api.CardRemovedException;
import org.cardmanage.api.CardTimeoutException;
import org.cardmanage.api.CommandApdu;
import org.cardmanage.api.Disposition;
import org.cardmanage.api.ReaderUnavailableException;
import org.cardmanage.api.ShareMode;
import org.cardmanage.itests.Apdus;
import org.cardmanage.itests.Await;
import org.cardmanage.itests.EventRecorder;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * What goes wrong with real readers: a card pulled during a series of transmits, another process ({@link PcscPeer})
 * holding a transaction (our call times out, and the command never reaches the card), and driver-pcsc stopped while
 * attached.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PcscFailureIT extends PcscTestBase {
    /** The driver's call timeout in these tests, shorter than the default 5 s. */
    private static final long CALL_TIMEOUT_MS = 1500;

    private EventRecorder recorder;
    /** VERIFY without data (63Cx: x PIN tries left) and with a wrong PIN. */
    private static final CommandApdu PIN_STATUS = CommandApdu.parseHex("00 20 00 81");
    private static final CommandApdu WRONG_PIN = CommandApdu.parseHex("00 20 00 81 04 39 39 39 39");

    private PcscPeer peer;

    @Configuration
    public Option[] config() {
        return options(pcscOptions());
    }

    @After
    public void cleanUp() throws Exception {
        if (peer != null) {
            peer.close();
        }
        if (recorder != null) {
            recorder.unregister();
        }
        Bundle driver = driverPcscBundle();
        if (driver.getState() != Bundle.ACTIVE) {
            start(driver);
        }
    }

    @Test
    public void aCardPulledDuringTransmitsGivesTypedErrorsOnly() throws Exception {
        Attachment attachment = cardManager().attachByReader(PcscTestBed.READER_0);
        List<CardException> failures = new ArrayList<>();
        int transmitted = 0;
        boolean pulled = false;
        long deadline = System.nanoTime() + PCSC_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (transmitted == 200 && !pulled) {
                card.remove(); // the card leaves while the series goes on
                pulled = true;
            }
            try {
                attachment.transmit(Apdus.SELECT_MF);
                transmitted++;
            } catch (CardRemovedException e) {
                failures.add(e);
                break;
            } catch (CardException e) {
                failures.add(e); // e.g. SCARD_E_NOT_TRANSACTED while pcscd has not yet seen the removal
            } catch (RuntimeException e) {
                fail("an unchecked exception escaped the driver: " + e);
            }
        }
        assertTrue("transmits before the removal: " + transmitted, transmitted >= 200);
        assertTrue("the series ends with CardRemovedException; failures: " + failures,
                !failures.isEmpty() && failures.get(failures.size() - 1) instanceof CardRemovedException);
        for (CardException failure : failures) {
            assertMentions(failure, PcscTestBed.READER_0);
        }
        System.out.println("MEASURED card pulled during transmits: failures until CardRemovedException, by code: "
                + failures.stream().collect(java.util.stream.Collectors.groupingBy(f -> f.error().name(),
                        java.util.TreeMap::new, java.util.stream.Collectors.counting())));
        awaitPcscEmpty(PcscTestBed.READER_0);
        assertThrows(CardRemovedException.class, () -> attachment.transmit(Apdus.SELECT_MF));
        card.insert();
        awaitCard(PcscTestBed.READER_0);
        attachment.reconnect(ShareMode.SHARED, Disposition.LEAVE);
        assertEquals(Apdus.SW_OK, attachment.transmit(Apdus.SELECT_MF).sw());
        attachment.close();
    }

    @Test
    public void anotherProcessHoldingATransactionMakesOurCallTimeOutWithNoEffectOnTheCard() throws Exception {
        useCallTimeout(CALL_TIMEOUT_MS);
        Attachment attachment = cardManager().attachByReader(PcscTestBed.READER_0);
        assertEquals("PIN tries before", 0x63C3, attachment.transmit(PIN_STATUS).sw());
        peer = PcscPeer.connected(PcscTestBed.READER_0, "shared");
        peer.ok("begin");
        CardTimeoutException timeout = assertThrows(CardTimeoutException.class,
                () -> attachment.transmit(WRONG_PIN));
        assertMentions(timeout, PcscTestBed.READER_0);
        assertMentions(timeout, "did not reach the card");

        peer.ok("end leave");
        assertEquals("the refused VERIFY did not cost a PIN try", 0x63C3, attachment.transmit(PIN_STATUS).sw());
        assertEquals("the card works as before", Apdus.SW_OK, attachment.transmit(Apdus.SELECT_MF).sw());
        attachment.close();
    }

    @Test
    public void stoppingDriverPcscRevokesAttachmentsAndTheyReconnectWhenItIsBack() throws Exception {
        recorder = EventRecorder.register(context, PcscTestBed.READER_0);
        Attachment attachment = cardManager().attachByReader(PcscTestBed.READER_0);
        Apdus.verifyPin(attachment);

        stop(driverPcscBundle());
        awaitReaderGone(PcscTestBed.READER_0);
        assertEquals(AttachmentState.REVOKED, attachment.state());
        ReaderUnavailableException revoked = assertThrows(ReaderUnavailableException.class,
                () -> attachment.transmit(Apdus.SELECT_MF));
        assertMentions(revoked, PcscTestBed.READER_0);
        recorder.await("attachment revoked", e -> e.type() == CardEvent.Type.ATTACHMENT_REVOKED
                && e.attachmentId().orElse("").equals(attachment.id()), PCSC_WAIT);
        Await.until("driver-pcsc's threads ended", () -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("cardmanage-pcsc")), PCSC_WAIT);

        start(driverPcscBundle());
        awaitCard(PcscTestBed.READER_0);
        attachment.reconnect(ShareMode.SHARED, Disposition.LEAVE);
        assertEquals(AttachmentState.ACTIVE, attachment.state());
        assertEquals(Apdus.SW_OK, attachment.transmit(Apdus.SELECT_MF).sw());
        attachment.close();
    }
}

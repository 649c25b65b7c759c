package org.cardmanage.itests.pcsc;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.time.Duration;
import java.util.Map;

import org.cardmanage.api.AttachOptions;
import org.cardmanage.api.Attachment;
import org.cardmanage.api.AttachmentState;
import org.cardmanage.api.CardLock;
import org.cardmanage.api.Disposition;
import org.cardmanage.api.NotSupportedException;
import org.cardmanage.api.ShareMode;
import org.cardmanage.itests.Apdus;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * driver-pcsc's fallback, {@code backend=jdk} (the JDK's javax.smartcardio, public API only), against the real pcscd:
 * its basic paths work, and what it cannot do (EXCLUSIVE, UNPOWER) is refused clearly.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PcscJdkBackendIT extends PcscTestBase {

    @Configuration
    public Option[] config() {
        return options(pcscOptions());
    }

    @Before
    public void jdkBackend() throws Exception {
        useDriverSettings(Map.of("backend", "jdk"));
    }

    @Test
    public void attachTransmitLockUnlockDetachWork() throws Exception {
        Attachment attachment = cardManager().attachByReader(PcscTestBed.READER_0);
        assertEquals(ShareMode.SHARED, attachment.shareMode());
        assertEquals(Apdus.SW_OK, attachment.transmit(Apdus.SELECT_MF).sw());
        try (CardLock lock = attachment.lock(Duration.ofSeconds(2))) {
            assertTrue(lock.isHeld());
            Apdus.verifyPin(attachment);
            assertEquals(Apdus.SW_OK, Apdus.readSecretFile(attachment));
            lock.unlock(Disposition.LEAVE);
        }
        assertEquals("LEAVE kept the PIN", Apdus.SW_OK, Apdus.readSecretFile(attachment));
        attachment.detach(Disposition.LEAVE);
        assertEquals(AttachmentState.DETACHED, attachment.state());
        try (Attachment next = cardManager().attachByReader(PcscTestBed.READER_0)) {
            assertEquals(Apdus.SW_OK, next.transmit(Apdus.SELECT_MF).sw());
        }
    }

    @Test
    public void theAttachmentAndTheReaderReportTheCardsAtr() throws Exception {
        try (Attachment attachment = cardManager().attachByReader(PcscTestBed.READER_0)) {
            assertEquals("the attachment's status", DEMO_ATR, attachment.status().atr()
                    .map(a -> java.util.HexFormat.of().withUpperCase().formatHex(a.bytes())).orElse("none"));
        }
        assertEquals("the reader's card", DEMO_ATR, reader(PcscTestBed.READER_0).flatMap(r -> r.atr())
                .map(a -> java.util.HexFormat.of().withUpperCase().formatHex(a.bytes())).orElse("none"));
    }

    @Test
    public void exclusiveIsRefusedClearly() throws Exception {
        NotSupportedException refused = assertThrows(NotSupportedException.class,
                () -> cardManager().attachByReader(PcscTestBed.READER_0, AttachOptions.exclusive()));
        System.out.println("MEASURED jdk backend, EXCLUSIVE attach: " + refused.getMessage());
        assertMentions(refused, PcscTestBed.READER_0);
        try (Attachment shared = cardManager().attachByReader(PcscTestBed.READER_0)) {
            assertEquals("the reader is still usable", Apdus.SW_OK, shared.transmit(Apdus.SELECT_MF).sw());
        }
    }

    @Test
    public void unpowerIsRefusedClearly() throws Exception {
        try (Attachment attachment = cardManager().attachByReader(PcscTestBed.READER_0)) {
            NotSupportedException refused = assertThrows(NotSupportedException.class,
                    () -> attachment.reconnect(ShareMode.SHARED, Disposition.UNPOWER));
            System.out.println("MEASURED jdk backend, reconnect(UNPOWER): " + refused.getMessage());
            assertMentions(refused, PcscTestBed.READER_0);
            assertEquals("still usable", Apdus.SW_OK, attachment.transmit(Apdus.SELECT_MF).sw());
        }
    }
}

package org.cardmanage.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import org.cardmanage.api.AttachOptions;
import org.cardmanage.api.Attachment;
import org.cardmanage.api.AttachmentClosedException;
import org.cardmanage.api.AttachmentState;
import org.cardmanage.api.Atr;
import org.cardmanage.api.CardState;
import org.cardmanage.api.CardStatus;
import org.cardmanage.api.Disposition;
import org.cardmanage.api.Protocol;
import org.cardmanage.api.ResponseApdu;
import org.cardmanage.api.ShareMode;
import org.cardmanage.api.UnknownReaderException;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** Attach, transmit, status, reconnect and detach on the simulated reader; ISO response chaining on a T=0 card. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AttachIT extends CardmanageTestBase {
    private static final String T0_READER = "T0 Reader";

    @Configuration
    public Option[] config() {
        return options(baseOptions());
    }

    @After
    public void removeT0Reader() {
        if (sim().readers().contains(T0_READER)) {
            sim().removeReader(T0_READER);
        }
    }

    @Test
    public void attachTransmitsAndReadsFileInChunks() throws Exception {
        try (Attachment attachment = cardManager().attachByReader(SIM_READER)) {
            assertEquals(AttachmentState.ACTIVE, attachment.state());
            assertEquals(SIM_READER, attachment.readerName());
            assertEquals(ShareMode.SHARED, attachment.shareMode());

            assertEquals(Apdus.SW_OK, attachment.transmit(Apdus.SELECT_MF).sw());
            assertEquals(Apdus.SW_OK, attachment.transmit(Apdus.SELECT_EF_2F01).sw());
            byte[] content = new byte[Apdus.EF_2F01_SIZE];
            int chunk = 200;
            for (int offset = 0; offset < content.length; offset += chunk) {
                ResponseApdu response = attachment.transmit(Apdus.readBinary(offset, chunk));
                assertEquals("READ BINARY at " + offset, Apdus.SW_OK, response.sw());
                assertEquals("READ BINARY at " + offset, chunk, response.dataLength());
                System.arraycopy(response.data(), 0, content, offset, chunk);
            }
            byte[] expected = new byte[Apdus.EF_2F01_SIZE];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = (byte) i;
            }
            assertArrayEquals(expected, content);
        }
    }

    @Test
    public void statusReportsSpecificT1CardWithItsAtr() throws Exception {
        try (Attachment attachment = cardManager().attachByReader(SIM_READER)) {
            CardStatus status = attachment.status();
            assertEquals(SIM_READER, status.readerName());
            assertEquals(CardState.SPECIFIC, status.state());
            assertEquals(Protocol.T1, status.protocol().orElseThrow());
            assertEquals(Atr.parseHex(DEMO_ATR), status.atr().orElseThrow());
            assertEquals(Atr.parseHex(DEMO_ATR), attachment.handle().orElseThrow().atr());
        }
    }

    @Test
    public void detachEndsTheAttachment() throws Exception {
        Attachment attachment = cardManager().attachByReader(SIM_READER);
        assertTrue(cardManager().attachments().contains(attachment));

        attachment.detach(Disposition.LEAVE);

        assertEquals(AttachmentState.DETACHED, attachment.state());
        assertFalse(cardManager().attachments().contains(attachment));
    }

    @Test
    public void detachTwiceThrowsAttachmentClosed() throws Exception {
        Attachment attachment = cardManager().attachByReader(SIM_READER);
        attachment.detach(Disposition.LEAVE);

        assertThrows(AttachmentClosedException.class, () -> attachment.detach(Disposition.LEAVE));
    }

    @Test
    public void transmitAfterDetachThrowsAttachmentClosed() throws Exception {
        Attachment attachment = cardManager().attachByReader(SIM_READER);
        attachment.detach(Disposition.LEAVE);

        assertThrows(AttachmentClosedException.class, () -> attachment.transmit(Apdus.SELECT_MF));
    }

    @Test
    public void closeAfterDetachIsHarmless() throws Exception {
        Attachment attachment = cardManager().attachByReader(SIM_READER);
        attachment.detach(Disposition.LEAVE);

        attachment.close();

        assertEquals(AttachmentState.DETACHED, attachment.state());
    }

    @Test
    public void attachToUnknownReaderThrowsUnknownReaderNamingIt() {
        UnknownReaderException thrown = assertThrows(UnknownReaderException.class,
                () -> cardManager().attachByReader("No Such Reader"));
        assertMentions(thrown, "No Such Reader");
    }

    @Test
    public void reconnectWithResetClearsVerifiedPin() throws Exception {
        freshCard(SIM_READER);
        try (Attachment attachment = cardManager().attachByReader(SIM_READER)) {
            Apdus.verifyPin(attachment);
            assertEquals("EF 5001 after VERIFY", Apdus.SW_OK, Apdus.readSecretFile(attachment));

            attachment.reconnect(ShareMode.SHARED, Disposition.RESET);

            assertEquals(AttachmentState.ACTIVE, attachment.state());
            assertEquals("EF 5001 after reconnect with RESET", Apdus.SW_SECURITY_NOT_SATISFIED,
                    Apdus.readSecretFile(attachment));
        }
    }

    @Test
    public void reconnectWithLeaveKeepsVerifiedPin() throws Exception {
        freshCard(SIM_READER);
        try (Attachment attachment = cardManager().attachByReader(SIM_READER)) {
            Apdus.verifyPin(attachment);

            attachment.reconnect(ShareMode.SHARED, Disposition.LEAVE);

            assertEquals("EF 5001 after reconnect with LEAVE", Apdus.SW_OK, Apdus.readSecretFile(attachment));
        }
    }

    @Test
    public void responseChainingCompletes61xxWithGetResponse() throws Exception {
        sim().addReader(T0_READER, "demo-t0");
        awaitCard(T0_READER);
        try (Attachment attachment = cardManager().attachByReader(T0_READER)) {
            assertEquals(Protocol.T0, attachment.status().protocol().orElseThrow());

            ResponseApdu response = attachment.transmit(Apdus.SELECT_MF_WITH_FCP);

            assertEquals("SW of " + response, Apdus.SW_OK, response.sw());
            assertTrue("FCP data expected in " + response, response.dataLength() > 2);
            assertEquals("FCP template tag in " + response, 0x62, response.data()[0] & 0xFF);
        }
    }

    @Test
    public void responseChainingOffHands61xxToCaller() throws Exception {
        sim().addReader(T0_READER, "demo-t0");
        awaitCard(T0_READER);
        try (Attachment attachment = cardManager().attachByReader(T0_READER,
                AttachOptions.shared().withResponseChaining(false))) {

            ResponseApdu response = attachment.transmit(Apdus.SELECT_MF_WITH_FCP);

            assertEquals("SW1 of " + response, 0x61, response.sw1());
            assertEquals("no data with " + response, 0, response.dataLength());
        }
    }

    @Test
    public void responseChainingResendsOn6CxxWithCardsLength() throws Exception {
        sim().addReader(T0_READER, "demo-t0");
        awaitCard(T0_READER);
        try (Attachment attachment = cardManager().attachByReader(T0_READER)) {
            assertEquals(Apdus.SW_OK, attachment.transmit(Apdus.SELECT_EF_2F01).sw());

            // 10 bytes are left from offset 590: asking for 16 makes a T=0 card answer 6C0A.
            ResponseApdu response = attachment.transmit(Apdus.readBinary(590, 16));

            assertEquals("SW of " + response, Apdus.SW_OK, response.sw());
            assertEquals(10, response.dataLength());
            assertEquals((byte) 590, response.data()[0]);
        }
    }
}

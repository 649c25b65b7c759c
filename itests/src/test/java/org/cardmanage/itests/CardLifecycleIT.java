package org.cardmanage.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.time.Duration;

import org.cardmanage.api.AttachOptions;
import org.cardmanage.api.Attachment;
import org.cardmanage.api.AttachmentState;
import org.cardmanage.api.CardFilter;
import org.cardmanage.api.CardHandle;
import org.cardmanage.api.CardRemovedException;
import org.cardmanage.api.CardState;
import org.cardmanage.api.CardTimeoutException;
import org.cardmanage.api.Disposition;
import org.cardmanage.api.NoCardException;
import org.cardmanage.api.NotSupportedException;
import org.cardmanage.api.ShareMode;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** Cards come and go: attachments and handles after a removal, and locate waiting for an insertion. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CardLifecycleIT extends CardmanageTestBase {
    private Background<CardHandle> locating;

    @Configuration
    public Option[] config() {
        return options(baseOptions());
    }

    @After
    public void cardBackInReader() {
        if (locating != null) {
            locating.cancel();
        }
        if (sim().cardAtr(SIM_READER).isEmpty()) {
            sim().insertCard(SIM_READER, "demo");
            awaitCard(SIM_READER);
        }
    }

    @Test
    public void readersListsTheCardWithAHandle() {
        CardHandle handle = awaitCard(SIM_READER);

        assertEquals(SIM_READER, handle.readerName());
        assertEquals(DEMO_ATR, hex(handle.atr().bytes()));
        assertEquals("sim", reader(SIM_READER).orElseThrow().driver());
    }

    @Test
    public void attachByHandleReachesThatCard() throws Exception {
        CardHandle handle = awaitCard(SIM_READER);

        try (Attachment attachment = cardManager().attachByHandle(handle)) {
            assertEquals(handle, attachment.handle().orElseThrow());
            assertEquals(Apdus.SW_OK, attachment.transmit(Apdus.SELECT_MF).sw());
        }
    }

    @Test
    public void transmitAfterCardRemovalThrowsCardRemoved() throws Exception {
        Attachment attachment = cardManager().attachByHandle(awaitCard(SIM_READER));

        sim().removeCard(SIM_READER);

        Await.until("the attachment sees the card removed",
                () -> attachment.state() == AttachmentState.CARD_REMOVED, WAIT);
        CardRemovedException thrown =
                assertThrows(CardRemovedException.class, () -> attachment.transmit(Apdus.SELECT_MF));
        assertMentions(thrown, SIM_READER);
    }

    @Test
    public void handleOfRemovedCardNeverAttachesToTheNextCard() throws Exception {
        CardHandle old = awaitCard(SIM_READER);
        sim().removeCard(SIM_READER);
        awaitNoCard(SIM_READER);
        sim().insertCard(SIM_READER, "demo");
        CardHandle current = awaitNewCard(SIM_READER, old);
        assertNotEquals(old, current);

        assertThrows(CardRemovedException.class, () -> cardManager().attachByHandle(old));
    }

    @Test
    public void reconnectAfterCardRemovalBindsToTheNewCard() throws Exception {
        CardHandle old = awaitCard(SIM_READER);
        Attachment attachment = cardManager().attachByHandle(old);
        sim().removeCard(SIM_READER);
        Await.until("the attachment sees the card removed",
                () -> attachment.state() == AttachmentState.CARD_REMOVED, WAIT);
        sim().insertCard(SIM_READER, "demo");
        CardHandle current = awaitNewCard(SIM_READER, old);

        attachment.reconnect(ShareMode.SHARED, Disposition.LEAVE);

        assertEquals(AttachmentState.ACTIVE, attachment.state());
        assertEquals(current, attachment.handle().orElseThrow());
        assertEquals(Apdus.SW_OK, attachment.transmit(Apdus.SELECT_MF).sw());
    }

    @Test
    public void directAttachWorksOnAnEmptyReaderButDoesNotTransmit() throws Exception {
        sim().removeCard(SIM_READER);
        awaitNoCard(SIM_READER);

        try (Attachment direct = cardManager().attachByReader(SIM_READER, AttachOptions.direct())) {
            assertEquals(CardState.ABSENT, direct.status().state());
            assertThrows(NotSupportedException.class, () -> direct.transmit(Apdus.SELECT_MF));
        }
    }

    @Test
    public void sharedAttachToAnEmptyReaderThrowsNoCard() {
        sim().removeCard(SIM_READER);
        awaitNoCard(SIM_READER);

        NoCardException thrown = assertThrows(NoCardException.class, () -> cardManager().attachByReader(SIM_READER));
        assertMentions(thrown, SIM_READER);
    }

    @Test
    public void locateWaitsForAnInsertion() throws Exception {
        sim().removeCard(SIM_READER);
        awaitNoCard(SIM_READER);
        locating = Background.start("locate(Sim*, 10s)",
                () -> cardManager().locate(CardFilter.any().withReaderPattern("Sim*"), Duration.ofSeconds(10)))
                .awaitBlocked(WAIT);

        sim().insertCard(SIM_READER, "demo");

        CardHandle found = locating.result(WAIT);
        assertEquals(SIM_READER, found.readerName());
        try (Attachment attachment = cardManager().attachByHandle(found)) {
            assertEquals(Apdus.SW_OK, attachment.transmit(Apdus.SELECT_MF).sw());
        }
    }

    @Test
    public void locateReturnsAtOnceForAPresentCard() throws Exception {
        CardHandle present = awaitCard(SIM_READER);

        CardHandle found = cardManager().locate(CardFilter.atrHex(DEMO_ATR, "FF".repeat(DEMO_ATR.length() / 2)),
                Duration.ZERO);

        assertEquals(present, found);
    }

    @Test
    public void locateWithoutMatchingCardTimesOut() {
        CardFilter noSuchCard = CardFilter.atrHex("3B 00", "FF FF");

        long start = System.nanoTime();
        assertThrows(CardTimeoutException.class, () -> cardManager().locate(noSuchCard, Duration.ofMillis(200)));
        assertTrue("locate waited for its timeout", System.nanoTime() - start >= Duration.ofMillis(150).toNanos());
    }

    private static String hex(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (byte b : bytes) {
            text.append(String.format("%02X", b));
        }
        return text.toString();
    }
}

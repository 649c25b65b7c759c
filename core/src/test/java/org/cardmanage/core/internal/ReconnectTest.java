package org.cardmanage.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.cardmanage.core.internal.testsupport.Apdus.SELECT_MF;
import static org.cardmanage.core.internal.testsupport.Apdus.transmitted;

import java.time.Duration;
import java.util.Optional;

import org.cardmanage.api.Atr;
import org.cardmanage.api.Attachment;
import org.cardmanage.api.AttachmentClosedException;
import org.cardmanage.api.AttachmentState;
import org.cardmanage.api.CardTimeoutException;
import org.cardmanage.api.CardException;
import org.cardmanage.api.CardHandle;
import org.cardmanage.api.CardIOException;
import org.cardmanage.api.CardLock;
import org.cardmanage.api.CardManager;
import org.cardmanage.api.CardRemovedException;
import org.cardmanage.api.Disposition;
import org.cardmanage.api.NoCardException;
import org.cardmanage.api.ReaderUnavailableException;
import org.cardmanage.api.ShareMode;
import org.cardmanage.api.SharingViolationException;
import org.cardmanage.core.internal.testsupport.FakeReader;
import org.cardmanage.core.internal.testsupport.TestCore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReconnectTest {
    private final TestCore fixture = new TestCore();
    private final CardManager app = fixture.manager("app");
    private final FakeReader reader = fixture.readerWithCard("Reader A");

    @AfterEach
    void stop() {
        fixture.close();
    }

    private CardHandle cardInReader() {
        return app.readers().get(0).card().orElseThrow();
    }

    @Test
    void reconnectOfAnActiveAttachmentReconnectsTheDriverSessionWithTheDisposition() throws CardException {
        Attachment attachment = app.attachByReader("Reader A");

        attachment.reconnect(ShareMode.SHARED, Disposition.RESET);

        assertThat(reader.session().calls()).containsExactly("reconnect SHARED RESET");
        assertThat(attachment.state()).isEqualTo(AttachmentState.ACTIVE);
    }

    @Test
    void reconnectUnpowerIsPassedToTheDriver() throws CardException {
        Attachment attachment = app.attachByReader("Reader A");

        attachment.reconnect(ShareMode.SHARED, Disposition.UNPOWER);

        assertThat(reader.session().calls()).containsExactly("reconnect SHARED UNPOWER");
    }

    @Test
    void reconnectChangesTheShareMode() throws CardException {
        Attachment attachment = app.attachByReader("Reader A");

        attachment.reconnect(ShareMode.EXCLUSIVE, Disposition.LEAVE);

        assertThat(attachment.shareMode()).isEqualTo(ShareMode.EXCLUSIVE);
        assertThatThrownBy(() -> fixture.manager("other").attachByReader("Reader A"))
                .isInstanceOf(SharingViolationException.class);
    }

    @Test
    void reconnectToExclusiveIsRefusedWhileOthersAreAttached() throws CardException {
        Attachment attachment = app.attachByReader("Reader A");
        fixture.manager("other").attachByReader("Reader A");

        assertThatThrownBy(() -> attachment.reconnect(ShareMode.EXCLUSIVE, Disposition.LEAVE))
                .isInstanceOf(SharingViolationException.class);
        assertThat(attachment.shareMode()).isEqualTo(ShareMode.SHARED);
    }

    @Test
    void failedReconnectKeepsTheShareModeAndClaimsNothing() throws CardException {
        reader.failOnce("reconnect", new IllegalStateException("driver bug"));
        Attachment attachment = app.attachByReader("Reader A");

        assertThatThrownBy(() -> attachment.reconnect(ShareMode.EXCLUSIVE, Disposition.RESET))
                .isInstanceOf(CardIOException.class);

        assertThat(attachment.shareMode()).isEqualTo(ShareMode.SHARED);
        assertThat(fixture.manager("other").attachByReader("Reader A").state()).isEqualTo(AttachmentState.ACTIVE);
    }

    @Test
    void reconnectEndsTheAttachmentsLock() throws CardException {
        Attachment attachment = app.attachByReader("Reader A");
        CardLock lock = attachment.lock(Duration.ofSeconds(1));

        attachment.reconnect(ShareMode.SHARED, Disposition.RESET);

        assertThat(lock.isHeld()).isFalse();
        assertThat(fixture.manager("other").attachByReader("Reader A").lock(Duration.ZERO).isHeld()).isTrue();
    }

    @Test
    void ejectIsNotAnInitialization() throws CardException {
        Attachment attachment = app.attachByReader("Reader A");

        assertThatThrownBy(() -> attachment.reconnect(ShareMode.SHARED, Disposition.EJECT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(reader.session().calls()).isEmpty();
    }

    @Test
    void nullArgumentsAreIllegal() throws CardException {
        Attachment attachment = app.attachByReader("Reader A");

        assertThatThrownBy(() -> attachment.reconnect(null, Disposition.LEAVE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> attachment.reconnect(ShareMode.SHARED, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reconnectAfterDetachIsAttachmentClosed() throws CardException {
        Attachment attachment = app.attachByReader("Reader A");
        attachment.close();

        assertThatThrownBy(() -> attachment.reconnect(ShareMode.SHARED, Disposition.LEAVE))
                .isInstanceOf(AttachmentClosedException.class);
    }

    // ---- after the card was removed -------------------------------------------------------------------------------

    @Test
    void cardRemovalMakesTheAttachmentCardRemoved() throws CardException {
        Attachment attachment = app.attachByReader("Reader A");

        reader.remove();

        assertThat(attachment.state()).isEqualTo(AttachmentState.CARD_REMOVED);
        assertThatThrownBy(() -> attachment.transmit(SELECT_MF)).isInstanceOf(CardRemovedException.class);
        assertThatThrownBy(attachment::status).isInstanceOf(CardRemovedException.class);
    }

    @Test
    void cardReplacedWithoutAnAbsenceCountsAsRemoved() throws CardException {
        Attachment attachment = app.attachByReader("Reader A");

        reader.insert(FakeReader.ATR_2); // a new insertion while the property still says present

        assertThat(attachment.state()).isEqualTo(AttachmentState.CARD_REMOVED);
        assertThat(attachment.handle()).isNotEqualTo(Optional.of(cardInReader()));
    }

    @Test
    void reconnectWhileTheReaderIsEmptyIsNoCard() throws CardException {
        Attachment attachment = app.attachByReader("Reader A");
        reader.remove();

        assertThatThrownBy(() -> attachment.reconnect(ShareMode.SHARED, Disposition.LEAVE))
                .isInstanceOf(NoCardException.class);
        assertThat(attachment.state()).isEqualTo(AttachmentState.CARD_REMOVED);
    }

    @Test
    void reconnectAfterCardRemovalBindsToTheNewCard() throws CardException {
        Attachment attachment = app.attachByReader("Reader A");
        CardHandle oldCard = attachment.handle().orElseThrow();
        reader.remove();
        reader.insert(FakeReader.ATR_2);

        attachment.reconnect(ShareMode.SHARED, Disposition.RESET);

        assertThat(attachment.state()).isEqualTo(AttachmentState.ACTIVE);
        assertThat(attachment.handle()).contains(cardInReader());
        assertThat(attachment.handle()).isNotEqualTo(Optional.of(oldCard));
        assertThat(attachment.transmit(SELECT_MF).sw()).isEqualTo(0x9000);
        assertThat(attachment.status().atr()).contains(Atr.parseHex(FakeReader.ATR_2));
    }

    // ---- after the reader went away -------------------------------------------------------------------------------

    @Test
    void revokedAttachmentThrowsReaderUnavailable() throws CardException {
        Attachment attachment = app.attachByReader("Reader A");

        reader.unplug();

        assertThat(attachment.state()).isEqualTo(AttachmentState.REVOKED);
        assertThatThrownBy(() -> attachment.transmit(SELECT_MF)).isInstanceOf(ReaderUnavailableException.class)
                .hasMessageContaining("Reader A")
                .hasMessageContaining("transport service was unregistered");
    }

    @Test
    void reconnectFailsWhileTheReaderIsAbsent() throws CardException {
        Attachment attachment = app.attachByReader("Reader A");
        reader.unplug();

        assertThatThrownBy(() -> attachment.reconnect(ShareMode.SHARED, Disposition.LEAVE))
                .isInstanceOf(ReaderUnavailableException.class);
        assertThat(attachment.state()).isEqualTo(AttachmentState.REVOKED);
    }

    @Test
    void reconnectAfterTheReaderReturnsConnectsThroughTheNewTransport() throws CardException {
        Attachment attachment = app.attachByReader("Reader A");
        reader.unplug();
        FakeReader returned = fixture.readerWithCard("Reader A");

        attachment.reconnect(ShareMode.SHARED, Disposition.LEAVE);

        assertThat(attachment.state()).isEqualTo(AttachmentState.ACTIVE);
        assertThat(returned.calls()).containsExactly("connect SHARED");
        assertThat(attachment.transmit(SELECT_MF).sw()).isEqualTo(0x9000);
        assertThat(returned.calls()).contains(transmitted(SELECT_MF));
        assertThat(reader.calls()).doesNotContain(transmitted(SELECT_MF));
    }

    @Test
    void reconnectWithResetAfterTheReaderReturnsResetsTheNewCard() throws CardException {
        Attachment attachment = app.attachByReader("Reader A");
        reader.unplug();
        FakeReader returned = fixture.readerWithCard("Reader A");

        attachment.reconnect(ShareMode.SHARED, Disposition.RESET);

        assertThat(returned.calls()).containsExactly("connect SHARED", "reconnect SHARED RESET");
    }

    @Test
    void reconnectAfterTheReaderReturnsGivesTheNewCardsHandle() throws CardException {
        Attachment attachment = app.attachByReader("Reader A");
        CardHandle oldCard = attachment.handle().orElseThrow();
        reader.unplug();
        fixture.readerWithCard("Reader A"); // its insertion counter starts again at 1, like the old one did

        attachment.reconnect(ShareMode.SHARED, Disposition.LEAVE);

        CardHandle newCard = attachment.handle().orElseThrow();
        assertThat(newCard).isEqualTo(cardInReader());
        assertThat(newCard).isNotEqualTo(oldCard);
    }

    // ---- while another attachment holds the lock ------------------------------------------------------------------

    @Test
    void reconnectWithResetDoesNotResetTheCardUnderAnotherAttachmentsLock() throws CardException {
        TestCore core = new TestCore(TestCore.settings().transmitWait(Duration.ofMillis(200))
                .lockIdleTimeout(Duration.ofSeconds(60)).build());
        try {
            FakeReader locked = core.readerWithCard("Reader L");
            Attachment attachment = core.manager("app").attachByReader("Reader L");
            CardLock othersLock = core.manager("other").attachByReader("Reader L").lock(Duration.ofSeconds(1));

            // PC/SC (pcsc-lite SCardReconnect -> RFCheckSharing) refuses while another handle holds a transaction;
            // the core waits for the lock at most the transmit wait, then gives up: never a reset under the lock.
            Throwable outcome = catchThrowable(() -> attachment.reconnect(ShareMode.SHARED, Disposition.RESET));

            assertThat(outcome).isInstanceOf(CardTimeoutException.class).hasMessageContaining("locked by attachment");
            assertThat(locked.sessions().get(0).calls()).doesNotContain("reconnect SHARED RESET");
            assertThat(othersLock.isHeld()).isTrue();
            assertThat(attachment.state()).isEqualTo(AttachmentState.ACTIVE);
        } finally {
            core.close();
        }
    }
}

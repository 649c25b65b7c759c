package org.cardmanage.driver.pcsc.internal.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.cardmanage.api.CardException;
import org.cardmanage.api.CardRemovedException;
import org.cardmanage.api.CardResetException;
import org.cardmanage.api.CardTimeoutException;
import org.cardmanage.api.Disposition;
import org.cardmanage.api.NotSupportedException;
import org.cardmanage.api.Protocol;
import org.cardmanage.api.ReaderUnavailableException;
import org.cardmanage.api.ScardError;
import org.cardmanage.api.ShareMode;
import org.cardmanage.api.SharingViolationException;
import org.cardmanage.driver.pcsc.internal.fake.FakeClient;
import org.cardmanage.driver.pcsc.internal.port.Pcsc;
import org.cardmanage.driver.pcsc.internal.port.PcscException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A session's PC/SC semantics against a fake pcscd: share modes, honest timeouts, dispositions, resets, outages. */
class PcscSessionTest {
    private static final Set<Protocol> ANY = Set.of(Protocol.T0, Protocol.T1);
    private static final byte[] VERIFY_WRONG_PIN = {0x00, 0x20, 0x00, (byte) 0x80, 0x04, 0x39, 0x39, 0x39, 0x39};
    private static final byte[] SELECT_MF = {0x00, (byte) 0xA4, 0x00, 0x0C, 0x02, 0x3F, 0x00};

    private SessionFixture fixture = new SessionFixture(Duration.ofMillis(300));

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void eachSessionHasAHandleOfItsOwnAndTransmitsToTheCard() throws Exception {
        PcscSession one = fixture.link.open(ShareMode.SHARED, ANY);
        PcscSession two = fixture.link.open(ShareMode.SHARED, ANY);

        assertThat(one.transmit(SELECT_MF)).containsExactly(0x90, 0x00);
        assertThat(two.transmit(SELECT_MF)).containsExactly(0x90, 0x00);
        assertThat(fixture.pcscd.liveHandles()).isEqualTo(2);
        assertThat(one.atr()).hasValueSatisfying(atr -> assertThat(atr.bytes()).containsExactly(SessionFixture.ATR));
        assertThat(one.insertion()).isEqualTo(1);

        one.disconnect(Disposition.LEAVE);
        two.disconnect(Disposition.LEAVE);
        assertThat(fixture.pcscd.liveHandles()).isZero();
        assertThat(fixture.card.apduCount()).isEqualTo(2);
    }

    @Test
    void exclusiveKeepsAnotherProcessOutAndIsKeptOutByIt() throws Exception {
        PcscSession exclusive = fixture.link.open(ShareMode.EXCLUSIVE, ANY);
        FakeClient other = fixture.pcscd.foreignClient();
        long context = other.establishContext();

        assertThatThrownBy(() -> other.connect(context, SessionFixture.READER, Pcsc.SCARD_SHARE_SHARED,
                Pcsc.SCARD_PROTOCOL_T1)).isInstanceOf(PcscException.class)
                .satisfies(e -> assertThat(((PcscException) e).code()).isEqualTo(Pcsc.SCARD_E_SHARING_VIOLATION));
        exclusive.disconnect(Disposition.LEAVE);

        long foreign = other.connect(context, SessionFixture.READER, Pcsc.SCARD_SHARE_EXCLUSIVE,
                Pcsc.SCARD_PROTOCOL_T1).handle();
        assertThatThrownBy(() -> fixture.link.open(ShareMode.SHARED, ANY))
                .isInstanceOf(SharingViolationException.class)
                .hasMessageContaining(SessionFixture.READER)
                .satisfies(e -> assertThat(e.getMessage().split("SCARD_E_SHARING_VIOLATION", -1))
                        .as("the code once").hasSize(2));
        other.disconnect(foreign, Pcsc.SCARD_LEAVE_CARD);
    }

    @Test
    void aCommandAnotherProcesssTransactionHoldsBackTimesOutWithoutReachingTheCard() throws Exception {
        PcscSession session = fixture.link.open(ShareMode.SHARED, ANY);
        try (SessionFixture.Foreign foreign = fixture.foreignTransaction()) {
            assertThatThrownBy(() -> session.transmit(VERIFY_WRONG_PIN)).isInstanceOf(CardTimeoutException.class)
                    .hasMessageContaining("did not reach the card")
                    .hasMessageContaining(SessionFixture.READER);
        }
        assertThat(fixture.card.apduCount()).as("the VERIFY never reached the card, not even later").isZero();

        assertThat(session.transmit(SELECT_MF)).containsExactly(0x90, 0x00);
        assertThat(fixture.card.apduCount()).isEqualTo(1);
    }

    @Test
    void theSameHoldsWhereLibpcscliteRepeatsRefusedCallsByItself() throws Exception {
        fixture.close();
        fixture = new SessionFixture(Duration.ofMillis(300), false);
        PcscSession session = fixture.link.open(ShareMode.SHARED, ANY);
        try (SessionFixture.Foreign foreign = fixture.foreignTransaction()) {
            assertThatThrownBy(() -> session.transmit(VERIFY_WRONG_PIN)).isInstanceOf(CardTimeoutException.class)
                    .hasMessageContaining("did not reach the card");
        }
        assertThat(fixture.card.apduCount()).isZero();

        assertThat(session.transmit(SELECT_MF)).as("the next call connects again").containsExactly(0x90, 0x00);
        assertThat(fixture.card.apduCount()).isEqualTo(1);
    }

    @Test
    void aTransactionWaitEndsAtTheCallersBoundWithNoTransactionHeld() throws Exception {
        PcscSession session = fixture.link.open(ShareMode.SHARED, ANY);
        try (SessionFixture.Foreign foreign = fixture.foreignTransaction()) {
            assertThatThrownBy(() -> session.beginTransaction(Duration.ofMillis(100)))
                    .isInstanceOf(CardTimeoutException.class);
        }
        assertThatThrownBy(() -> session.endTransaction(Disposition.LEAVE)).isInstanceOf(CardException.class)
                .satisfies(e -> assertThat(((CardException) e).error()).isEqualTo(ScardError.SCARD_E_NOT_TRANSACTED));

        session.beginTransaction(Duration.ofMillis(100));
        assertThat(fixture.reader.inTransaction()).isTrue();
        session.endTransaction(Disposition.LEAVE);
        assertThat(fixture.reader.inTransaction()).isFalse();
    }

    @Test
    void aTransactionWaitInsideLibpcscliteIsCutByTheGuardWithoutEffect() throws Exception {
        fixture.close();
        fixture = new SessionFixture(Duration.ofMillis(300), false);
        PcscSession session = fixture.link.open(ShareMode.SHARED, ANY);
        try (SessionFixture.Foreign foreign = fixture.foreignTransaction()) {
            assertThatThrownBy(() -> session.beginTransaction(Duration.ofMillis(100)))
                    .isInstanceOf(CardTimeoutException.class);
        }
        session.beginTransaction(Duration.ofMillis(300));
        session.endTransaction(Disposition.LEAVE);
        session.disconnect(Disposition.LEAVE);
        assertThat(fixture.pcscd.liveHandles()).isZero();
    }

    @Test
    void anInterruptEndsAHeldBackCommandPromptlyWithoutEffect() throws Exception {
        fixture.close();
        fixture = new SessionFixture(Duration.ofSeconds(30));
        PcscSession session = fixture.link.open(ShareMode.SHARED, ANY);
        try (SessionFixture.Foreign foreign = fixture.foreignTransaction()) {
            Thread caller = Thread.currentThread();
            CompletableFuture<Void> interrupter = CompletableFuture.runAsync(() -> {
                try {
                    fixture.pcscd.awaitWaiting("SCardTransmit", Duration.ofSeconds(10));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                caller.interrupt();
            });
            CardException cut = (CardException) org.assertj.core.api.Assertions.catchThrowable(
                    () -> session.transmit(VERIFY_WRONG_PIN));
            Thread.interrupted();
            interrupter.get(10, TimeUnit.SECONDS);
            assertThat(cut.error()).isEqualTo(ScardError.SCARD_E_CANCELLED);
            assertThat(cut).hasMessageContaining("did not reach the card");
        }
        assertThat(fixture.card.apduCount()).isZero();
    }

    @Test
    void aResetOnDisconnectThatAnotherProcessHoldsBackLeavesTheCardAsItWas() throws Exception {
        PcscSession session = fixture.link.open(ShareMode.SHARED, ANY);
        try (SessionFixture.Foreign foreign = fixture.foreignTransaction()) {
            assertThatThrownBy(() -> session.disconnect(Disposition.RESET)).isInstanceOf(CardTimeoutException.class)
                    .hasMessageContaining("left as it was");
        }
        assertThat(fixture.card.resets()).isZero();
        assertThat(fixture.pcscd.liveHandles()).isZero();
    }

    @Test
    void aResetOnDisconnectResetsTheCard() throws Exception {
        PcscSession session = fixture.link.open(ShareMode.SHARED, ANY);

        session.disconnect(Disposition.RESET);

        assertThat(fixture.card.resets()).isEqualTo(1);
        assertThat(fixture.pcscd.liveHandles()).isZero();
    }

    @Test
    void aConnectThatPcscdHoldsBackTimesOutAndIsUndoneWhenItCompletes() throws Exception {
        int before = fixture.pcscd.liveHandles();
        try (SessionFixture.Foreign foreign = fixture.foreignTransaction()) {
            assertThatThrownBy(() -> fixture.link.open(ShareMode.SHARED, ANY))
                    .isInstanceOf(CardTimeoutException.class).hasMessageContaining("nothing was done to the card");
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> fixture.pcscd.liveHandles() == before);
        assertThat(fixture.link.sessionCount()).isZero();
    }

    @Test
    void unpowerAndEjectReachTheReaderWhereItCanAndAreRefusedClearlyWhereNot() throws Exception {
        fixture.link.open(ShareMode.SHARED, ANY).disconnect(Disposition.UNPOWER);
        assertThat(fixture.card.powerDowns()).isEqualTo(1);

        fixture.reader.powerManagement(false).eject(false);
        PcscSession session = fixture.link.open(ShareMode.SHARED, ANY);
        assertThatThrownBy(() -> session.disconnect(Disposition.EJECT)).isInstanceOf(NotSupportedException.class)
                .hasMessageContaining(SessionFixture.READER).hasMessageContaining("EJECT had no effect");
        PcscSession unpowered = fixture.link.open(ShareMode.SHARED, ANY);
        assertThatThrownBy(() -> unpowered.disconnect(Disposition.UNPOWER)).isInstanceOf(NotSupportedException.class)
                .hasMessageContaining("cannot power a card down");
        assertThat(fixture.card.powerDowns()).isEqualTo(1);
        assertThat(fixture.pcscd.liveHandles()).isZero();
    }

    @Test
    void aResetByAnotherProcessIsToldOnceAndTheSessionGoesOn() throws Exception {
        PcscSession session = fixture.link.open(ShareMode.SHARED, ANY);
        FakeClient other = fixture.pcscd.foreignClient();
        long context = other.establishContext();
        long handle = other.connect(context, SessionFixture.READER, Pcsc.SCARD_SHARE_SHARED,
                Pcsc.SCARD_PROTOCOL_T1).handle();
        other.disconnect(handle, Pcsc.SCARD_RESET_CARD);

        assertThatThrownBy(() -> session.transmit(SELECT_MF)).isInstanceOf(CardResetException.class)
                .hasMessageContaining("SCARD_W_RESET_CARD");
        assertThat(session.transmit(SELECT_MF)).containsExactly(0x90, 0x00);
    }

    @Test
    void aResetByAnotherSessionOfTheDriverIsNotToldTwice() throws Exception {
        PcscSession resetter = fixture.link.open(ShareMode.SHARED, ANY);
        PcscSession other = fixture.link.open(ShareMode.SHARED, ANY);

        resetter.disconnect(Disposition.RESET);

        assertThat(other.transmit(SELECT_MF)).as("the core told the attachment about this reset already")
                .containsExactly(0x90, 0x00);
    }

    @Test
    void aRemovedCardFailsTheSessionAndReconnectBindsTheNextCard() throws Exception {
        PcscSession session = fixture.link.open(ShareMode.SHARED, ANY);
        fixture.remove(1);
        assertThatThrownBy(() -> session.transmit(SELECT_MF)).isInstanceOf(CardRemovedException.class);

        fixture.insert(org.cardmanage.driver.pcsc.internal.fake.FakeCard.answering9000(SessionFixture.ATR), 2);
        session.reconnect(ShareMode.SHARED, ANY, Disposition.LEAVE);
        assertThat(session.insertion()).isEqualTo(2);
        assertThat(session.transmit(SELECT_MF)).containsExactly(0x90, 0x00);
    }

    @Test
    void pcscdGoneIsSaidInWordsWithOneCode() throws Exception {
        PcscSession session = fixture.link.open(ShareMode.SHARED, ANY);
        fixture.pcscd.stopService();

        assertThatThrownBy(() -> session.transmit(SELECT_MF)).isInstanceOf(ReaderUnavailableException.class)
                .hasMessageContaining("pcscd is not reachable (SCARD_")
                .satisfies(e -> assertThat(e.getMessage().split("SCARD_E_READER_UNAVAILABLE", -1)).hasSize(2));
        assertThatThrownBy(() -> fixture.link.open(ShareMode.SHARED, ANY))
                .isInstanceOf(ReaderUnavailableException.class).hasMessageContaining("pcscd is not reachable");
    }

    @Test
    void aClosedReaderFailsItsSessionsWithTheReason() throws Exception {
        PcscSession session = fixture.link.open(ShareMode.SHARED, ANY);
        fixture.link.close("the PC/SC reader was unplugged");

        assertThatThrownBy(() -> session.transmit(SELECT_MF)).isInstanceOf(ReaderUnavailableException.class)
                .hasMessageContaining("the PC/SC reader was unplugged");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> fixture.pcscd.liveHandles() == 0);
    }

    @Test
    void contextsAreKeptForTheNextSessionsNotOneMadePerAttach() throws Exception {
        for (int i = 0; i < 50; i++) {
            fixture.link.open(ShareMode.SHARED, ANY).disconnect(Disposition.LEAVE);
        }
        assertThat(fixture.pcscd.liveContexts()).isLessThanOrEqualTo(1);
    }

    @Test
    void directNeedsNoCardAndExchangesControlCodesOnly() throws Exception {
        fixture.remove(1);
        PcscSession direct = fixture.link.open(ShareMode.DIRECT, Set.of());

        assertThat(direct.atr()).isEmpty();
        assertThatThrownBy(() -> direct.transmit(SELECT_MF)).isInstanceOf(NotSupportedException.class);
        assertThatThrownBy(() -> direct.beginTransaction()).isInstanceOf(NotSupportedException.class);
        direct.disconnect(Disposition.LEAVE);
    }
}

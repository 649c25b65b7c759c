package org.cardmanage.remote.internal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.cardmanage.api.CardException;
import org.cardmanage.api.CardIOException;
import org.cardmanage.api.CardRemovedException;
import org.cardmanage.api.CardTimeoutException;
import org.cardmanage.api.Disposition;
import org.cardmanage.api.NoCardException;
import org.cardmanage.api.NotSupportedException;
import org.cardmanage.api.Protocol;
import org.cardmanage.api.ReaderUnavailableException;
import org.cardmanage.api.ScardError;
import org.cardmanage.api.ShareMode;
import org.cardmanage.api.SharingViolationException;
import org.cardmanage.remote.internal.errors.WireErrors;
import org.cardmanage.remote.internal.wire.CloseRequest;
import org.cardmanage.remote.internal.wire.ControlRequest;
import org.cardmanage.remote.internal.wire.LockRequest;
import org.cardmanage.remote.internal.wire.OpenRequest;
import org.cardmanage.remote.internal.wire.ReconnectRequest;
import org.cardmanage.remote.internal.wire.Session;
import org.cardmanage.remote.internal.wire.TransmitRequest;
import org.cardmanage.remote.internal.wire.TransmitResponse;
import org.cardmanage.remote.internal.wire.UnlockRequest;
import org.cardmanage.remote.internal.wire.WireEnums;
import org.cardmanage.spi.CardSession;
import org.cardmanage.spi.ReaderTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.google.protobuf.ByteString;

/** A remote session maps every call to the farm and every failure back to the API, bounded and cancellable. */
class RemoteCardSessionTest {
    private static final byte[] SELECT = HexFormat.of().parseHex("00A4040007A0000002471001");
    private static final String SELECT_HEX = "00A4040007A0000002471001";
    private static final byte[] OTHER_ATR = HexFormat.of().parseHex("3B00");

    private final FarmFixture fixture;
    private FarmLink link;
    private ReaderTransport transport;

    RemoteCardSessionTest() throws Exception {
        fixture = new FarmFixture();
        fixture.farm.preset(List.of(FakeFarm.reader("R", FarmLinkReadersTest.ATR, 4)));
    }

    private CardSession open(Object... properties) throws Exception {
        link = fixture.link(properties);
        transport = fixture.awaitReader("lab/R").transport();
        return transport.connect(ShareMode.SHARED, EnumSet.of(Protocol.T1));
    }

    @AfterEach
    void tearDown() throws Exception {
        Thread.interrupted();
        fixture.close();
    }

    // ---- open ------------------------------------------------------------------------------------------------------

    @Test
    void openSendsShareModeAndProtocolsAndTakesTheFarmsAnswer() throws Exception {
        link = fixture.link();
        transport = fixture.awaitReader("lab/R").transport();

        CardSession session = transport.connect(ShareMode.EXCLUSIVE, EnumSet.of(Protocol.T1, Protocol.T0));

        OpenRequest sent = fixture.farm.requests(OpenRequest.class).get(0);
        assertThat(sent.getReader()).isEqualTo("R");
        assertThat(sent.getShareMode()).isEqualTo(org.cardmanage.remote.internal.wire.ShareMode.SHARE_MODE_EXCLUSIVE);
        assertThat(sent.getProtocolsList()).containsExactly(org.cardmanage.remote.internal.wire.Protocol.PROTOCOL_T0,
                org.cardmanage.remote.internal.wire.Protocol.PROTOCOL_T1);
        assertThat(session.atr()).hasValueSatisfying(atr -> assertThat(atr.bytes()).isEqualTo(FarmLinkReadersTest.ATR));
        assertThat(session.protocol()).contains(Protocol.T1);
        assertThat(session.insertion()).isEqualTo(4);
        assertThat(link.openSessions()).hasSize(1);
    }

    @Test
    void aDirectSessionMayHaveNoProtocol() throws Exception {
        link = fixture.link();
        transport = fixture.awaitReader("lab/R").transport();

        CardSession session = transport.connect(ShareMode.DIRECT, EnumSet.of(Protocol.T1));

        assertThat(session.protocol()).isEmpty();
    }

    @Test
    void aFarmFailureOfOpenComesBackAsTheApiException() throws Exception {
        fixture.farm.respond("Open", request -> {
            throw WireErrors.toStatus(new NoCardException("no card in 'R'"));
        });
        link = fixture.link();
        transport = fixture.awaitReader("lab/R").transport();

        assertThatThrownBy(() -> transport.connect(ShareMode.SHARED, EnumSet.of(Protocol.T1)))
                .isExactlyInstanceOf(NoCardException.class).hasMessageContaining("farm 'lab'")
                .hasMessageContaining("no card in 'R'");
    }

    @Test
    void anOpenAnswerWithoutAProtocolForASharedSessionIsMalformedAndTheSessionIsClosed() throws Exception {
        fixture.farm.respond("Open", request -> Session.newBuilder().setSessionId("s-x")
                .setAtr(ByteString.copyFrom(FarmLinkReadersTest.ATR)).build());

        assertThatThrownBy(() -> open()).isInstanceOfSatisfying(CardIOException.class,
                e -> assertThat(e.error()).isEqualTo(ScardError.SCARD_F_COMM_ERROR))
                .hasMessageContaining("malformed answer").hasMessageContaining("no protocol");
        assertThat(fixture.farm.requests(CloseRequest.class)).extracting(CloseRequest::getSessionId)
                .containsExactly("s-x");
        assertThat(link.openSessions()).isEmpty();
    }

    @Test
    void anOpenAnswerWithAnUnknownProtocolIsMalformed() throws Exception {
        fixture.farm.respond("Open", request -> Session.newBuilder().setSessionId("s-x").setProtocolValue(42)
                .build());

        assertThatThrownBy(() -> open()).isInstanceOf(CardIOException.class)
                .hasMessageContaining("malformed answer").hasMessageContaining("unknown protocol");
    }

    @Test
    void anOpenAnswerWithoutASessionIdIsMalformed() throws Exception {
        fixture.farm.respond("Open", request -> Session.newBuilder()
                .setProtocol(org.cardmanage.remote.internal.wire.Protocol.PROTOCOL_T1).build());

        assertThatThrownBy(() -> open()).isInstanceOf(CardIOException.class)
                .hasMessageContaining("malformed answer").hasMessageContaining("session id");
    }

    @Test
    void anOpenAnswerWithAnAtrOf34BytesIsMalformed() throws Exception {
        fixture.farm.respond("Open", request -> Session.newBuilder().setSessionId("s-x")
                .setProtocol(org.cardmanage.remote.internal.wire.Protocol.PROTOCOL_T1)
                .setAtr(ByteString.copyFrom(new byte[34])).build());

        assertThatThrownBy(() -> open()).isInstanceOf(CardIOException.class)
                .hasMessageContaining("malformed answer").hasMessageContaining("ATR of 34 bytes");
    }

    // ---- transmit --------------------------------------------------------------------------------------------------

    @Test
    void transmitSendsTheCommandAndReturnsTheAnswer() throws Exception {
        CardSession session = open();

        assertThat(session.transmit(SELECT)).containsExactly(0x90, 0x00);
        assertThat(fixture.farm.requests(TransmitRequest.class).get(0).getCommand().toByteArray()).isEqualTo(SELECT);
    }

    @Test
    void aTransmitAnswerWithoutStatusWordsIsMalformedAndShowsNoData() throws Exception {
        fixture.farm.respond("Transmit", request -> TransmitResponse.newBuilder()
                .setResponse(ByteString.copyFrom(new byte[] {(byte) 0x90})).build());
        CardSession session = open();

        assertThatThrownBy(() -> session.transmit(SELECT)).isInstanceOfSatisfying(CardIOException.class,
                e -> assertThat(e.error()).isEqualTo(ScardError.SCARD_F_COMM_ERROR))
                .hasMessageContaining("malformed answer").hasMessageNotContaining(SELECT_HEX)
                .hasMessageNotContaining("90");
    }

    @Test
    void aTransmitWithoutAnAnswerInTimeIsACardTimeoutWhoseOutcomeIsUnknown() throws Exception {
        fixture.farm.respond("Transmit", request -> FakeFarm.NO_ANSWER);
        CardSession session = open("call.timeout.ms", "300");

        long start = System.nanoTime();
        assertThatThrownBy(() -> session.transmit(SELECT)).isExactlyInstanceOf(CardTimeoutException.class)
                .hasMessageContaining("within 300 ms").hasMessageContaining("outcome is unknown")
                .hasMessageNotContaining(SELECT_HEX);

        assertThat((System.nanoTime() - start) / 1_000_000).isBetween(250L, 1_250L);
        Await.until("the farm sees the call cancelled", () -> fixture.farm.cancelled.get() == 1);
    }

    @Test
    void anOversizeAnswerFailsThatCallOnlyAndTheNextCallWorks() throws Exception {
        AtomicBoolean first = new AtomicBoolean(true);
        fixture.farm.respond("Transmit", request -> TransmitResponse.newBuilder().setResponse(ByteString.copyFrom(
                first.getAndSet(false) ? new byte[4_000] : new byte[] {(byte) 0x90, 0})).build());
        CardSession session = open("max.message.bytes", "1024");

        assertThatThrownBy(() -> session.transmit(SELECT)).isInstanceOfSatisfying(CardIOException.class,
                e -> assertThat(e.error()).isEqualTo(ScardError.SCARD_F_COMM_ERROR))
                .hasMessageContaining("size or resource limit");

        assertThat(session.transmit(SELECT)).containsExactly(0x90, 0x00);
        assertThat(fixture.registry.live("lab/R")).isNotNull();
    }

    @Test
    void anInterruptedTransmitIsCancelledOnTheWireAndSaysItsOutcomeIsUnknown() throws Exception {
        fixture.farm.respond("Transmit", request -> FakeFarm.NO_ANSWER);
        CardSession session = open("call.timeout.ms", "60000");
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread caller = new Thread(() -> {
            try {
                session.transmit(SELECT);
            } catch (Throwable e) {
                failure.set(e);
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            }
        });
        caller.start();
        Await.until("the farm has the call", () -> fixture.farm.requests(TransmitRequest.class).size() == 1);

        caller.interrupt();
        caller.join(5_000);

        assertThat(caller.isAlive()).isFalse();
        assertThat(failure.get()).isInstanceOfSatisfying(CardException.class,
                e -> assertThat(e.error()).isEqualTo(ScardError.SCARD_E_CANCELLED))
                .hasMessageContaining("outcome is unknown");
        assertThat(stillInterrupted).isTrue();
        Await.until("the farm sees the call cancelled", () -> fixture.farm.cancelled.get() == 1);
    }

    @Test
    void aCallerInterruptedBeforeTheCallSendsNothing() throws Exception {
        CardSession session = open();

        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> session.transmit(SELECT)).isInstanceOfSatisfying(CardException.class,
                e -> assertThat(e.error()).isEqualTo(ScardError.SCARD_E_CANCELLED))
                .hasMessageContaining("nothing was sent").hasMessageNotContaining("outcome is unknown");

        assertThat(Thread.interrupted()).isTrue();
        assertThat(fixture.farm.requests(TransmitRequest.class)).isEmpty();
    }

    @Test
    void aCardFailureOnTheFarmComesBackAsTheApiException() throws Exception {
        fixture.farm.respond("Transmit", request -> {
            throw WireErrors.toStatus(new CardRemovedException("the card left 'R'"));
        });
        CardSession session = open();

        assertThatThrownBy(() -> session.transmit(SELECT)).isExactlyInstanceOf(CardRemovedException.class)
                .hasMessageContaining("farm 'lab'").hasMessageContaining("the card left 'R'");
    }

    @Test
    void aSessionTheFarmDoesNotKnowMakesTheReaderUnavailable() throws Exception {
        CardSession session = open();

        fixture.farm.sessions.clear();

        assertThatThrownBy(() -> session.transmit(SELECT)).isExactlyInstanceOf(ReaderUnavailableException.class)
                .hasMessageContaining("no such session");
    }

    @Test
    void anUnreachableFarmMakesTheReaderUnavailable() throws Exception {
        CardSession session = open();

        fixture.stopServer();

        assertThatThrownBy(() -> session.transmit(SELECT)).isExactlyInstanceOf(ReaderUnavailableException.class)
                .hasMessageContaining("farm 'lab'");
    }

    // ---- control, lock, unlock, reconnect, disconnect --------------------------------------------------------------

    @Test
    void controlSendsTheCodeAndReturnsTheFarmsData() throws Exception {
        CardSession session = open();

        assertThat(session.control(0x42000C00, new byte[] {1, 2, 3})).containsExactly(1, 2, 3);
        ControlRequest sent = fixture.farm.requests(ControlRequest.class).get(0);
        assertThat(sent.getControlCode()).isEqualTo(0x42000C00);
    }

    @Test
    void anUnsupportedControlCodeIsNotSupported() throws Exception {
        fixture.farm.respond("Control", request -> {
            throw WireErrors.toStatus(new NotSupportedException("code 0x42000C00"));
        });
        CardSession session = open();

        assertThatThrownBy(() -> session.control(0x42000C00, new byte[0]))
                .isExactlyInstanceOf(NotSupportedException.class);
    }

    @Test
    void aLockAsksTheFarmToWaitThreeQuartersOfTheCallTimeout() throws Exception {
        CardSession session = open("call.timeout.ms", "2000");

        session.beginTransaction();

        assertThat(fixture.farm.requests(LockRequest.class).get(0).getTimeoutMs()).isEqualTo(1_500);
    }

    @Test
    void aLockHeldElsewhereIsASharingViolation() throws Exception {
        fixture.farm.respond("Lock", request -> {
            throw WireErrors.toStatus(new SharingViolationException("'R' is locked by another attachment"));
        });
        CardSession session = open();

        assertThatThrownBy(session::beginTransaction).isExactlyInstanceOf(SharingViolationException.class);
    }

    @ParameterizedTest
    @EnumSource(Disposition.class)
    void endTransactionSendsItsDisposition(Disposition disposition) throws Exception {
        CardSession session = open();

        session.endTransaction(disposition);

        assertThat(fixture.farm.requests(UnlockRequest.class).get(0).getDisposition())
                .isEqualTo(WireEnums.wire(disposition));
    }

    @ParameterizedTest
    @EnumSource(Disposition.class)
    void disconnectSendsItsDispositionAndTheSessionIsNoLongerRenewed(Disposition disposition) throws Exception {
        CardSession session = open();

        session.disconnect(disposition);

        CloseRequest sent = fixture.farm.requests(CloseRequest.class).get(0);
        assertThat(sent.getDisposition()).isEqualTo(WireEnums.wire(disposition));
        assertThat(link.openSessions()).isEmpty();
    }

    @Test
    void reconnectSendsModeAndInitializationAndTakesTheNewState() throws Exception {
        fixture.farm.respond("Reconnect", request -> Session.newBuilder()
                .setSessionId(((ReconnectRequest) request).getSessionId()).setAtr(ByteString.copyFrom(OTHER_ATR))
                .setProtocol(org.cardmanage.remote.internal.wire.Protocol.PROTOCOL_T0).setInsertion(5).build());
        CardSession session = open();

        session.reconnect(ShareMode.EXCLUSIVE, EnumSet.of(Protocol.T0), Disposition.UNPOWER);

        ReconnectRequest sent = fixture.farm.requests(ReconnectRequest.class).get(0);
        assertThat(sent.getShareMode()).isEqualTo(org.cardmanage.remote.internal.wire.ShareMode.SHARE_MODE_EXCLUSIVE);
        assertThat(sent.getInitialization()).isEqualTo(
                org.cardmanage.remote.internal.wire.Disposition.DISPOSITION_UNPOWER);
        assertThat(session.atr()).hasValueSatisfying(atr -> assertThat(atr.bytes()).isEqualTo(OTHER_ATR));
        assertThat(session.protocol()).contains(Protocol.T0);
        assertThat(session.insertion()).isEqualTo(5);
    }

    @Test
    void aReconnectAnswerForAnotherSessionIsMalformedAndTheStateStays() throws Exception {
        fixture.farm.respond("Reconnect", request -> Session.newBuilder().setSessionId("someone-else")
                .setProtocol(org.cardmanage.remote.internal.wire.Protocol.PROTOCOL_T0).setInsertion(5).build());
        CardSession session = open();

        assertThatThrownBy(() -> session.reconnect(ShareMode.SHARED, EnumSet.of(Protocol.T1), Disposition.RESET))
                .isInstanceOf(CardIOException.class).hasMessageContaining("malformed answer");
        assertThat(session.insertion()).isEqualTo(4);
        assertThat(session.protocol()).contains(Protocol.T1);
    }
}

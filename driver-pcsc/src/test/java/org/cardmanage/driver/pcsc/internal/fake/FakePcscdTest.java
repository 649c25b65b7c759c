package org.cardmanage.driver.pcsc.internal.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.cardmanage.driver.pcsc.internal.port.Pcsc;
import org.cardmanage.driver.pcsc.internal.port.PcscException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FakePcscdTest {
    static final Duration WAIT = Duration.ofSeconds(5);
    static final String READER = "Virtual PCD 00 00";
    static final byte[] ATR = {0x3B, (byte) 0x95, 0x13, (byte) 0x81, 0x01, (byte) 0x80, 0x73, (byte) 0xFF, 0x01, 0x00,
            0x0B};
    static final byte[] SELECT_MF = {0x00, (byte) 0xA4, 0x00, 0x0C, 0x02, 0x3F, 0x00};
    static final int T0_T1 = Pcsc.SCARD_PROTOCOL_T0 | Pcsc.SCARD_PROTOCOL_T1;

    final FakePcscd pcscd = new FakePcscd();
    final FakeClient us = pcscd.client();
    final FakeClient foreign = pcscd.foreignClient();
    final ExecutorService threads = Executors.newCachedThreadPool();
    FakeCard card;

    @BeforeEach
    void plugReaderWithCard() {
        card = FakeCard.answering9000(ATR);
        pcscd.addReader(READER).insert(card);
    }

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    <T> Future<T> inThread(Callable<T> call) {
        return threads.submit(call);
    }

    static int code(Future<?> future) throws InterruptedException, java.util.concurrent.TimeoutException {
        try {
            future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError("no failure");
        } catch (ExecutionException e) {
            return ((PcscException) e.getCause()).code();
        }
    }

    static int code(ThrowingCall call) {
        try {
            call.run();
            throw new AssertionError("no failure");
        } catch (PcscException e) {
            return e.code();
        }
    }

    interface ThrowingCall {
        void run() throws PcscException;
    }

    long shared(FakeClient client) throws PcscException {
        return client.connect(client.establishContext(), READER, Pcsc.SCARD_SHARE_SHARED, T0_T1).handle();
    }

    @Test
    void exclusiveRefusesSharedAndSharedRefusesExclusiveAtOnce() throws Exception {
        long ourContext = us.establishContext();
        long exclusive = us.connect(ourContext, READER, Pcsc.SCARD_SHARE_EXCLUSIVE, T0_T1).handle();
        long theirContext = foreign.establishContext();

        assertThat(code(() -> foreign.connect(theirContext, READER, Pcsc.SCARD_SHARE_SHARED, T0_T1)))
                .isEqualTo(Pcsc.SCARD_E_SHARING_VIOLATION);
        us.disconnect(exclusive, Pcsc.SCARD_LEAVE_CARD);
        foreign.connect(theirContext, READER, Pcsc.SCARD_SHARE_SHARED, T0_T1);
        assertThat(code(() -> us.connect(ourContext, READER, Pcsc.SCARD_SHARE_EXCLUSIVE, T0_T1)))
                .isEqualTo(Pcsc.SCARD_E_SHARING_VIOLATION);
        assertThat(pcscd.reader(READER).eventState() & Pcsc.SCARD_STATE_INUSE).isNotZero();
    }

    @Test
    void protocolIsNegotiatedOnceAndASharedConnectionMustAcceptIt() throws Exception {
        long context = us.establishContext();
        assertThat(us.connect(context, READER, Pcsc.SCARD_SHARE_SHARED, T0_T1).protocol())
                .isEqualTo(Pcsc.SCARD_PROTOCOL_T1);
        assertThat(code(() -> us.connect(context, READER, Pcsc.SCARD_SHARE_SHARED, Pcsc.SCARD_PROTOCOL_T0)))
                .isEqualTo(Pcsc.SCARD_E_PROTO_MISMATCH);
        assertThat(us.connect(context, READER, Pcsc.SCARD_SHARE_DIRECT, 0).protocol())
                .isEqualTo(Pcsc.SCARD_PROTOCOL_T1);
    }

    @Test
    void directConnectsWithoutACard() throws Exception {
        pcscd.reader(READER).remove();
        long context = us.establishContext();
        assertThat(code(() -> us.connect(context, READER, Pcsc.SCARD_SHARE_SHARED, T0_T1)))
                .isEqualTo(Pcsc.SCARD_E_NO_SMARTCARD);
        assertThat(us.connect(context, READER, Pcsc.SCARD_SHARE_DIRECT, 0).protocol()).isZero();
    }

    @Test
    void foreignTransactionMakesTransmitFailAtOnceWithoutReachingTheCard() throws Exception {
        long theirs = shared(foreign);
        long ours = shared(us);
        foreign.beginTransaction(theirs);

        assertThat(code(() -> us.transmit(ours, Pcsc.SCARD_PROTOCOL_T1, SELECT_MF)))
                .isEqualTo(Pcsc.SCARD_E_SHARING_VIOLATION);
        assertThat(code(() -> us.status(ours))).isEqualTo(Pcsc.SCARD_E_SHARING_VIOLATION);
        assertThat(card.apduCount()).isZero();

        foreign.endTransaction(theirs, Pcsc.SCARD_LEAVE_CARD);
        assertThat(us.transmit(ours, Pcsc.SCARD_PROTOCOL_T1, SELECT_MF)).containsExactly(0x90, 0x00);
        assertThat(card.apdus()).containsExactly(SELECT_MF);
    }

    @Test
    void blockingTransmitWaitsForTheForeignTransactionAndIsDeliveredAfterIt() throws Exception {
        FakeClient blocking = pcscd.newClient("blocking", false);
        long theirs = shared(foreign);
        long ours = shared(blocking);
        foreign.beginTransaction(theirs);

        Future<byte[]> transmit = inThread(() -> blocking.transmit(ours, Pcsc.SCARD_PROTOCOL_T1, SELECT_MF));
        assertThat(pcscd.awaitWaiting("SCardTransmit", WAIT)).isTrue();
        assertThat(card.apduCount()).isZero();

        foreign.endTransaction(theirs, Pcsc.SCARD_LEAVE_CARD);
        assertThat(transmit.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).containsExactly(0x90, 0x00);
        assertThat(card.apduCount()).isEqualTo(1);
    }

    @Test
    void blockingTransmitEndsWithInvalidHandleWhenDisconnectedBetweenTries() throws Exception {
        FakeClient blocking = pcscd.newClient("blocking", false);
        long theirs = shared(foreign);
        long ours = shared(blocking);
        foreign.beginTransaction(theirs);
        Future<byte[]> transmit = inThread(() -> blocking.transmit(ours, Pcsc.SCARD_PROTOCOL_T1, SELECT_MF));
        assertThat(pcscd.awaitWaiting("SCardTransmit", WAIT)).isTrue();

        blocking.disconnect(ours, Pcsc.SCARD_LEAVE_CARD);

        assertThat(code(transmit)).isEqualTo(Pcsc.SCARD_E_INVALID_HANDLE);
        foreign.endTransaction(theirs, Pcsc.SCARD_LEAVE_CARD);
        assertThat(card.apduCount()).isZero();
    }

    @Test
    void beginWaitsUntilTheForeignTransactionEnds() throws Exception {
        long theirs = shared(foreign);
        long ours = shared(us);
        foreign.beginTransaction(theirs);

        Future<Object> begin = inThread(() -> {
            us.beginTransaction(ours);
            return null;
        });
        assertThat(pcscd.awaitWaiting("SCardBeginTransaction", WAIT)).isTrue();
        assertThat(begin).isNotDone();

        foreign.endTransaction(theirs, Pcsc.SCARD_LEAVE_CARD);
        begin.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(pcscd.reader(READER).inTransaction()).isTrue();
        Future<byte[]> theirTransmit = inThread(() -> foreign.transmit(theirs, Pcsc.SCARD_PROTOCOL_T1, SELECT_MF));
        assertThat(pcscd.awaitWaiting("SCardTransmit", WAIT)).isTrue(); // the foreign process blocks by default
        us.endTransaction(ours, Pcsc.SCARD_LEAVE_CARD);
        assertThat(theirTransmit.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).containsExactly(0x90, 0x00);
    }

    @Test
    void transactionBelongsToTheHandleNotTheThread() throws Exception {
        long context = us.establishContext();
        long first = us.connect(context, READER, Pcsc.SCARD_SHARE_SHARED, T0_T1).handle();
        long second = us.connect(context, READER, Pcsc.SCARD_SHARE_SHARED, T0_T1).handle();
        us.beginTransaction(first);

        assertThat(code(() -> us.transmit(second, Pcsc.SCARD_PROTOCOL_T1, SELECT_MF)))
                .isEqualTo(Pcsc.SCARD_E_SHARING_VIOLATION);
        inThread(() -> us.transmit(first, Pcsc.SCARD_PROTOCOL_T1, SELECT_MF)).get(5, TimeUnit.SECONDS);
        assertThat(card.apduCount()).isEqualTo(1);
    }

    @Test
    void disconnectFromAnotherThreadEndsAWaitingBeginWithInvalidHandle() throws Exception {
        long theirs = shared(foreign);
        long ours = shared(us);
        foreign.beginTransaction(theirs);
        Future<Object> begin = inThread(() -> {
            us.beginTransaction(ours);
            return null;
        });
        assertThat(pcscd.awaitWaiting("SCardBeginTransaction", WAIT)).isTrue();

        us.disconnect(ours, Pcsc.SCARD_LEAVE_CARD);

        assertThat(code(begin)).isEqualTo(Pcsc.SCARD_E_INVALID_HANDLE);
        assertThat(pcscd.reader(READER).handleCount()).isEqualTo(1);
    }

    @Test
    void releasingTheContextEndsAWaitingBeginWithInvalidHandle() throws Exception {
        long theirs = shared(foreign);
        long context = us.establishContext();
        long ours = us.connect(context, READER, Pcsc.SCARD_SHARE_SHARED, T0_T1).handle();
        foreign.beginTransaction(theirs);
        Future<Object> begin = inThread(() -> {
            us.beginTransaction(ours);
            return null;
        });
        assertThat(pcscd.awaitWaiting("SCardBeginTransaction", WAIT)).isTrue();

        us.releaseContext(context);

        assertThat(code(begin)).isEqualTo(Pcsc.SCARD_E_INVALID_HANDLE);
        assertThat(pcscd.liveContexts()).isEqualTo(1);
    }

    @Test
    void connectWaitsInsidePcscdHoldingTheContextMutex() throws Exception {
        long theirs = shared(foreign);
        foreign.beginTransaction(theirs);
        long context = us.establishContext();

        Future<Long> connect = inThread(
                () -> us.connect(context, READER, Pcsc.SCARD_SHARE_DIRECT, 0).handle());
        assertThat(pcscd.awaitWaiting("SCardConnect", WAIT)).isTrue();
        Future<Object> list = inThread(() -> us.listReaders(context));
        Future<Long> otherContext = inThread(us::establishContext);
        long foreignContext = foreign.establishContext(); // another process is not held up

        foreign.endTransaction(theirs, Pcsc.SCARD_LEAVE_CARD);
        assertThat(connect.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isNotZero();
        assertThat(list.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(java.util.List.of(READER));
        assertThat(otherContext.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isNotZero();
        assertThat(foreignContext).isNotZero();
    }

    @Test
    void sameContextCallsRunOneAtATimeBehindAGate() throws Exception {
        long context = us.establishContext();
        long handle = us.connect(context, READER, Pcsc.SCARD_SHARE_SHARED, T0_T1).handle();
        CallGate gate = pcscd.gate("SCardTransmit");
        Future<byte[]> transmit = inThread(() -> us.transmit(handle, Pcsc.SCARD_PROTOCOL_T1, SELECT_MF));
        assertThat(gate.awaitEntered(WAIT)).isTrue();
        us.cancel(context); // cancel does not take the context mutex

        Future<Object> status = inThread(() -> us.status(handle));
        assertThat(pcscd.awaitWaiting("SCardStatus", WAIT)).isTrue();
        Future<Object> cancel = inThread(() -> {
            us.cancel(context);
            return null;
        });
        // libpcsclite's status thread holds the process-wide clientMutex while it waits for the context mutex
        assertThat(pcscd.awaitWaiting("SCardCancel", WAIT)).isTrue();
        assertThat(card.apduCount()).isZero();

        gate.release();
        assertThat(transmit.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).containsExactly(0x90, 0x00);
        status.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        cancel.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Test
    void resetGivesEveryOtherHandleResetCardUntilItReconnects() throws Exception {
        long ours = shared(us);
        long theirs = shared(foreign);

        foreign.disconnect(theirs, Pcsc.SCARD_RESET_CARD);

        assertThat(card.resets()).isEqualTo(1);
        assertThat(code(() -> us.transmit(ours, Pcsc.SCARD_PROTOCOL_T1, SELECT_MF)))
                .isEqualTo(Pcsc.SCARD_W_RESET_CARD);
        assertThat(code(() -> us.status(ours))).isEqualTo(Pcsc.SCARD_W_RESET_CARD);
        assertThat(card.apduCount()).isZero();
        assertThat(us.reconnect(ours, Pcsc.SCARD_SHARE_SHARED, T0_T1, Pcsc.SCARD_LEAVE_CARD))
                .isEqualTo(Pcsc.SCARD_PROTOCOL_T1);
        assertThat(us.transmit(ours, Pcsc.SCARD_PROTOCOL_T1, SELECT_MF)).containsExactly(0x90, 0x00);
        assertThat(us.status(ours).atr()).isEqualTo(ATR);
    }

    @Test
    void unpowerPowersTheCardDownUntilTheNextConnect() throws Exception {
        long ours = shared(us);
        long context = foreign.establishContext();
        long theirs = foreign.connect(context, READER, Pcsc.SCARD_SHARE_SHARED, T0_T1).handle();

        foreign.disconnect(theirs, Pcsc.SCARD_UNPOWER_CARD);

        assertThat(card.powerDowns()).isEqualTo(1);
        assertThat(code(() -> us.status(ours))).isEqualTo(Pcsc.SCARD_W_RESET_CARD);
        foreign.connect(context, READER, Pcsc.SCARD_SHARE_SHARED, T0_T1);
        assertThat(card.powerUps()).isEqualTo(2);
        us.reconnect(ours, Pcsc.SCARD_SHARE_SHARED, T0_T1, Pcsc.SCARD_LEAVE_CARD);
        assertThat(us.status(ours).state() & Pcsc.SCARD_POWERED).isNotZero();
    }

    @Test
    void unpowerOnAReaderWithoutPowerManagementLeavesTheCardMute() throws Exception {
        pcscd.reader(READER).powerManagement(false);
        long context = us.establishContext();
        long handle = us.connect(context, READER, Pcsc.SCARD_SHARE_SHARED, T0_T1).handle();

        us.disconnect(handle, Pcsc.SCARD_UNPOWER_CARD);

        assertThat(card.powerDowns()).isZero();
        assertThat(pcscd.reader(READER).eventState() & Pcsc.SCARD_STATE_MUTE).isNotZero();
        us.connect(context, READER, Pcsc.SCARD_SHARE_SHARED, T0_T1);
        assertThat(pcscd.reader(READER).eventState() & Pcsc.SCARD_STATE_MUTE).isZero();
    }

    @Test
    void ejectWithoutSupportActsAsLeave() throws Exception {
        long handle = shared(us);
        us.disconnect(handle, Pcsc.SCARD_EJECT_CARD);
        assertThat(pcscd.reader(READER).card()).isSameAs(card);
        assertThat(card.ejects()).isZero();

        pcscd.reader(READER).eject(true);
        us.disconnect(shared(us), Pcsc.SCARD_EJECT_CARD);
        assertThat(pcscd.reader(READER).card()).isNull();
        assertThat(card.ejects()).isEqualTo(1);
    }

    @Test
    void removalGivesRemovedCardAndEndsTheTransaction() throws Exception {
        long theirs = shared(foreign);
        long ours = shared(us);
        foreign.beginTransaction(theirs);
        int counter = pcscd.reader(READER).eventCounter();

        pcscd.reader(READER).remove();

        assertThat(pcscd.reader(READER).eventCounter()).isEqualTo(counter + 1);
        assertThat(pcscd.reader(READER).inTransaction()).isFalse();
        assertThat(code(() -> us.transmit(ours, Pcsc.SCARD_PROTOCOL_T1, SELECT_MF)))
                .isEqualTo(Pcsc.SCARD_W_REMOVED_CARD);
        assertThat(code(() -> us.reconnect(ours, Pcsc.SCARD_SHARE_SHARED, T0_T1, Pcsc.SCARD_LEAVE_CARD)))
                .isEqualTo(Pcsc.SCARD_E_NO_SMARTCARD);
        us.disconnect(ours, Pcsc.SCARD_LEAVE_CARD);
    }

    @Test
    void cardPulledDuringAHeldTransmitFailsIt() throws Exception {
        long handle = shared(us);
        CallGate hold = pcscd.reader(READER).holdNextApdu();
        Future<byte[]> transmit = inThread(() -> us.transmit(handle, Pcsc.SCARD_PROTOCOL_T1, SELECT_MF));
        assertThat(hold.awaitEntered(WAIT)).isTrue();

        pcscd.reader(READER).pullCard();

        assertThat(code(transmit)).isEqualTo(Pcsc.SCARD_E_NOT_TRANSACTED);
        assertThat(card.apduCount()).isEqualTo(1);
        assertThat(code(() -> us.transmit(handle, Pcsc.SCARD_PROTOCOL_T1, SELECT_MF)))
                .isEqualTo(Pcsc.SCARD_E_NOT_TRANSACTED);
        pcscd.reader(READER).noticeRemoval();
        assertThat(code(() -> us.transmit(handle, Pcsc.SCARD_PROTOCOL_T1, SELECT_MF)))
                .isEqualTo(Pcsc.SCARD_W_REMOVED_CARD);
    }

    @Test
    void failNextAnswersWithTheCodeAndDoesNothing() throws Exception {
        long handle = shared(us);
        pcscd.failNext("SCardTransmit", Pcsc.SCARD_E_NOT_TRANSACTED);
        assertThat(code(() -> us.transmit(handle, Pcsc.SCARD_PROTOCOL_T1, SELECT_MF)))
                .isEqualTo(Pcsc.SCARD_E_NOT_TRANSACTED);
        assertThat(card.apduCount()).isZero();
        us.transmit(handle, Pcsc.SCARD_PROTOCOL_T1, SELECT_MF);
        assertThat(pcscd.calls("SCardTransmit")).isEqualTo(2);
    }

    @Test
    void killedForeignHolderReleasesTheTransactionAndResetsTheCard() throws Exception {
        long theirs = shared(foreign);
        long ours = shared(us);
        foreign.beginTransaction(theirs);

        foreign.kill();

        assertThat(pcscd.reader(READER).inTransaction()).isFalse();
        assertThat(card.resets()).isEqualTo(1);
        assertThat(code(() -> us.transmit(ours, Pcsc.SCARD_PROTOCOL_T1, SELECT_MF)))
                .isEqualTo(Pcsc.SCARD_W_RESET_CARD);
    }

    @Test
    void releaseContextLeavesItsHandles() throws Exception {
        long context = us.establishContext();
        long handle = us.connect(context, READER, Pcsc.SCARD_SHARE_SHARED, T0_T1).handle();
        assertThat(pcscd.liveHandles()).isEqualTo(1);

        us.releaseContext(context);

        assertThat(pcscd.liveHandles()).isZero();
        assertThat(pcscd.liveContexts()).isZero();
        assertThat(card.resets()).isZero();
        assertThat(code(() -> us.transmit(handle, Pcsc.SCARD_PROTOCOL_T1, SELECT_MF)))
                .isEqualTo(Pcsc.SCARD_E_INVALID_HANDLE);
    }

    @Test
    void serviceStopFailsOldContextsAndARestartedServiceTakesNewOnes() throws Exception {
        long context = us.establishContext();
        long handle = us.connect(context, READER, Pcsc.SCARD_SHARE_SHARED, T0_T1).handle();

        pcscd.stopService();

        assertThat(code(us::establishContext)).isEqualTo(Pcsc.SCARD_E_NO_SERVICE);
        assertThat(code(() -> us.transmit(handle, Pcsc.SCARD_PROTOCOL_T1, SELECT_MF)))
                .isEqualTo(Pcsc.SCARD_E_NO_SERVICE);
        pcscd.startService();
        assertThat(code(() -> us.listReaders(context))).isEqualTo(Pcsc.SCARD_E_NO_SERVICE);
        assertThat(code(() -> us.releaseContext(context))).isEqualTo(Pcsc.SCARD_E_NO_SERVICE);
        assertThat(code(() -> us.listReaders(context))).isEqualTo(Pcsc.SCARD_E_INVALID_HANDLE);
        long fresh = us.establishContext();
        assertThat(us.listReaders(fresh)).containsExactly(READER);
        assertThat(pcscd.liveContexts()).isEqualTo(1);
        assertThat(card.apduCount()).isZero();
    }

    @Test
    void serviceStopEndsAWaitInProgressWithCommError() throws Exception {
        long context = us.establishContext();
        var query = new org.cardmanage.driver.pcsc.internal.port.ReaderStateQuery(READER,
                Pcsc.SCARD_STATE_UNAWARE);
        us.getStatusChange(context, 0, new org.cardmanage.driver.pcsc.internal.port.ReaderStateQuery[] {query});
        query.currentState(query.eventState());
        Future<Boolean> wait = inThread(() -> us.getStatusChange(context, Pcsc.INFINITE,
                new org.cardmanage.driver.pcsc.internal.port.ReaderStateQuery[] {query}));
        assertThat(pcscd.awaitWaiting("SCardGetStatusChange", WAIT)).isTrue();

        pcscd.stopService();

        assertThat(code(wait)).isEqualTo(Pcsc.SCARD_F_COMM_ERROR);
    }

    @Test
    void unpluggedReaderInvalidatesItsHandles() throws Exception {
        long handle = shared(us);
        pcscd.removeReader(READER);
        assertThat(code(() -> us.transmit(handle, Pcsc.SCARD_PROTOCOL_T1, SELECT_MF)))
                .isEqualTo(Pcsc.SCARD_E_INVALID_VALUE);
        assertThat(code(() -> us.status(handle))).isEqualTo(Pcsc.SCARD_E_READER_UNAVAILABLE);
        us.disconnect(handle, Pcsc.SCARD_LEAVE_CARD);
        assertThatThrownBy(() -> pcscd.reader(READER)).isInstanceOf(IllegalArgumentException.class);
    }
}

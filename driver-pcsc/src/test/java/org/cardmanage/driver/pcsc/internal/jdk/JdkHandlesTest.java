package org.cardmanage.driver.pcsc.internal.jdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.cardmanage.driver.pcsc.internal.port.Pcsc;
import org.cardmanage.driver.pcsc.internal.port.PcscException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JdkHandlesTest {
    private static final int T0_T1 = Pcsc.SCARD_PROTOCOL_T0 | Pcsc.SCARD_PROTOCOL_T1;

    private final FakeTerminal reader = new FakeTerminal("Fake 00");
    private final JdkHandles handles = new JdkHandles();
    private final ExecutorService others = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        others.shutdownNow();
    }

    private long connect() throws PcscException {
        return handles.connect(1, reader, Pcsc.SCARD_SHARE_SHARED, T0_T1).handle();
    }

    private int transmit(long handle) throws PcscException {
        return handles.onCard(handle, "SCardTransmit", (card, terminal) -> {
            ((FakeTerminal.FakeCard) card.card).getBasicChannel().transmit(java.nio.ByteBuffer.wrap(new byte[4]),
                    java.nio.ByteBuffer.allocate(258));
            return ((FakeTerminal.FakeCard) card.card).transmits;
        });
    }

    @Test
    void twoHandlesShareOneCardAndTheLastLeaveDisconnectsIt() throws Exception {
        long a = connect();
        long b = connect();
        assertThat(reader.connected).hasSize(1);
        assertThat(handles.users("Fake 00")).isEqualTo(2);

        handles.disconnect(a, Pcsc.SCARD_LEAVE_CARD);
        assertThat(reader.connected.get(0).disconnectedWithReset).isNull();
        assertThat(transmit(b)).isEqualTo(1);

        handles.disconnect(b, Pcsc.SCARD_LEAVE_CARD);
        assertThat(reader.connected.get(0).disconnectedWithReset).isFalse();
        assertThat(handles.users("Fake 00")).isZero();
        assertThat(handles.readerThreads()).isZero();
    }

    @Test
    void aResetWarnsEveryOtherHandleOnceThenItWorksAgain() throws Exception {
        long a = connect();
        long b = connect();

        handles.disconnect(a, Pcsc.SCARD_RESET_CARD);
        assertThat(reader.connected.get(0).disconnectedWithReset).isTrue();

        assertThatThrownBy(() -> transmit(b)).isInstanceOfSatisfying(PcscException.class,
                e -> assertThat(e.code()).isEqualTo(Pcsc.SCARD_W_RESET_CARD));
        assertThat(transmit(b)).isEqualTo(1);
        assertThat(reader.connected).hasSize(2);
    }

    @Test
    void reconnectLeaveAfterAResetTakesTheNewCard() throws Exception {
        long a = connect();
        long b = connect();
        handles.disconnect(a, Pcsc.SCARD_RESET_CARD);

        assertThat(handles.reconnect(b, Pcsc.SCARD_SHARE_SHARED, T0_T1, Pcsc.SCARD_LEAVE_CARD))
                .isEqualTo(Pcsc.SCARD_PROTOCOL_T1);
        assertThat(transmit(b)).isEqualTo(1);
    }

    @Test
    void reconnectResetResetsTheCardForTheOthersOnly() throws Exception {
        long a = connect();
        long b = connect();
        handles.reconnect(a, Pcsc.SCARD_SHARE_SHARED, T0_T1, Pcsc.SCARD_RESET_CARD);

        assertThat(reader.connected.get(0).disconnectedWithReset).isTrue();
        assertThat(transmit(a)).isEqualTo(1);
        assertThatThrownBy(() -> transmit(b)).isInstanceOfSatisfying(PcscException.class,
                e -> assertThat(e.code()).isEqualTo(Pcsc.SCARD_W_RESET_CARD));
    }

    @Test
    void unpowerAndEjectAreRefusedAndChangeNothing() throws Exception {
        long a = connect();
        for (int disposition : new int[] {Pcsc.SCARD_UNPOWER_CARD, Pcsc.SCARD_EJECT_CARD}) {
            assertThatThrownBy(() -> handles.disconnect(a, disposition)).isInstanceOfSatisfying(PcscException.class,
                    e -> assertThat(e.code()).isEqualTo(Pcsc.SCARD_E_UNSUPPORTED_FEATURE));
        }
        assertThatThrownBy(() -> handles.reconnect(a, Pcsc.SCARD_SHARE_SHARED, T0_T1, Pcsc.SCARD_UNPOWER_CARD))
                .isInstanceOfSatisfying(PcscException.class,
                        e -> assertThat(e.code()).isEqualTo(Pcsc.SCARD_E_UNSUPPORTED_FEATURE));
        assertThat(reader.connected.get(0).disconnectedWithReset).isNull();
        assertThat(transmit(a)).isEqualTo(1);
    }

    @Test
    void exclusiveIsRefused() {
        assertThatThrownBy(() -> handles.connect(1, reader, Pcsc.SCARD_SHARE_EXCLUSIVE, T0_T1))
                .isInstanceOfSatisfying(PcscException.class,
                        e -> assertThat(e.code()).isEqualTo(Pcsc.SCARD_E_UNSUPPORTED_FEATURE));
        assertThat(reader.connected).isEmpty();
        assertThat(handles.readerThreads()).isZero();
    }

    @Test
    void anotherProtocolOnTheSameCardIsAMismatch() throws Exception {
        connect();
        assertThatThrownBy(() -> handles.connect(1, reader, Pcsc.SCARD_SHARE_SHARED, Pcsc.SCARD_PROTOCOL_T0))
                .isInstanceOfSatisfying(PcscException.class,
                        e -> assertThat(e.code()).isEqualTo(Pcsc.SCARD_E_PROTO_MISMATCH));
    }

    @Test
    void aTransactionBegunOnOneThreadEndsOnAnother() throws Exception {
        long a = connect();
        others.submit(() -> {
            handles.begin(a);
            return null;
        }).get(5, TimeUnit.SECONDS);
        assertThat(others.submit(() -> transmit(a)).get(5, TimeUnit.SECONDS)).isEqualTo(1);

        handles.end(a, Pcsc.SCARD_LEAVE_CARD);
        assertThat(reader.connected.get(0).exclusive).isNull();
    }

    @Test
    void anotherHandleWaitsForTheTransactionToEnd() throws Exception {
        long a = connect();
        long b = connect();
        handles.begin(a);

        Future<Integer> waiting = others.submit(() -> transmit(b));
        assertThatThrownBy(() -> waiting.get(200, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        assertThat(reader.connected.get(0).transmits).isZero();

        handles.end(a, Pcsc.SCARD_LEAVE_CARD);
        assertThat(waiting.get(5, TimeUnit.SECONDS)).isEqualTo(1);
    }

    @Test
    void aHeldBackCallEndsWhenItsHandleIsDisconnected() throws Exception {
        long a = connect();
        long b = connect();
        handles.begin(a);
        CompletableFuture<Integer> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                transmit(b);
                return 0;
            } catch (PcscException e) {
                return e.code();
            }
        }, others);
        assertThatThrownBy(() -> waiting.get(200, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);

        handles.disconnect(b, Pcsc.SCARD_LEAVE_CARD);
        assertThat(waiting.get(5, TimeUnit.SECONDS)).isEqualTo(Pcsc.SCARD_E_INVALID_HANDLE);
    }

    @Test
    void nestedTransactionsAreCounted() throws Exception {
        long a = connect();
        handles.begin(a);
        handles.begin(a);
        handles.end(a, Pcsc.SCARD_LEAVE_CARD);
        assertThat(reader.connected.get(0).exclusive).isNotNull();
        handles.end(a, Pcsc.SCARD_LEAVE_CARD);
        assertThat(reader.connected.get(0).exclusive).isNull();
        assertThatThrownBy(() -> handles.end(a, Pcsc.SCARD_LEAVE_CARD)).isInstanceOfSatisfying(PcscException.class,
                e -> assertThat(e.code()).isEqualTo(Pcsc.SCARD_E_NOT_TRANSACTED));
    }

    @Test
    void endingWithUnpowerEndsTheTransactionThenRefuses() throws Exception {
        long a = connect();
        long b = connect();
        handles.begin(a);
        assertThatThrownBy(() -> handles.end(a, Pcsc.SCARD_UNPOWER_CARD)).isInstanceOfSatisfying(
                PcscException.class, e -> assertThat(e.code()).isEqualTo(Pcsc.SCARD_E_UNSUPPORTED_FEATURE));
        assertThat(reader.connected.get(0).exclusive).isNull();
        assertThat(transmit(b)).isEqualTo(1);
    }

    @Test
    void endingWithResetResetsTheCard() throws Exception {
        long a = connect();
        long b = connect();
        handles.begin(a);
        handles.end(a, Pcsc.SCARD_RESET_CARD);
        assertThat(reader.connected.get(0).disconnectedWithReset).isTrue();
        assertThat(transmit(a)).isEqualTo(1);
        assertThatThrownBy(() -> transmit(b)).isInstanceOfSatisfying(PcscException.class,
                e -> assertThat(e.code()).isEqualTo(Pcsc.SCARD_W_RESET_CARD));
    }

    @Test
    void leavingWhileHoldingTheTransactionEndsIt() throws Exception {
        long a = connect();
        long b = connect();
        handles.begin(a);
        Future<Integer> waiting = others.submit(() -> transmit(b));
        handles.disconnect(a, Pcsc.SCARD_LEAVE_CARD);
        assertThat(waiting.get(5, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(reader.connected.get(0).exclusive).isNull();
    }

    @Test
    void aRemovedCardIsReportedAndItsHandlesCanStillBeDisconnected() throws Exception {
        long a = connect();
        reader.present = false;
        assertThatThrownBy(() -> transmit(a)).isInstanceOfSatisfying(PcscException.class,
                e -> assertThat(e.code()).isEqualTo(Pcsc.SCARD_W_REMOVED_CARD));
        handles.disconnect(a, Pcsc.SCARD_LEAVE_CARD);
        assertThat(handles.readerThreads()).isZero();
    }

    @Test
    void directAndSharedCannotShareAReader() throws Exception {
        long direct = handles.connect(1, reader, Pcsc.SCARD_SHARE_DIRECT, 0).handle();
        assertThat(handles.connect(1, reader, Pcsc.SCARD_SHARE_DIRECT, 0).handle()).isNotEqualTo(direct);
        assertThat(reader.connected).hasSize(1);
        assertThatThrownBy(() -> connect()).isInstanceOfSatisfying(PcscException.class,
                e -> assertThat(e.code()).isEqualTo(Pcsc.SCARD_E_UNSUPPORTED_FEATURE));
    }

    @Test
    void aDisconnectedHandleIsInvalid() throws Exception {
        long a = connect();
        handles.disconnect(a, Pcsc.SCARD_LEAVE_CARD);
        assertThatThrownBy(() -> transmit(a)).isInstanceOfSatisfying(PcscException.class,
                e -> assertThat(e.code()).isEqualTo(Pcsc.SCARD_E_INVALID_HANDLE));
        assertThatThrownBy(() -> handles.disconnect(a, Pcsc.SCARD_LEAVE_CARD))
                .isInstanceOfSatisfying(PcscException.class,
                        e -> assertThat(e.code()).isEqualTo(Pcsc.SCARD_E_INVALID_HANDLE));
    }
}

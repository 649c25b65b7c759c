package org.cardmanage.remote.internal.farm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.cardmanage.remote.internal.farm.FarmServiceTest.waitFor;
import static org.cardmanage.remote.internal.farm.PlainFarm.call;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.cardmanage.api.CardEvent;
import org.cardmanage.api.CardRemovedException;
import org.cardmanage.api.Disposition;
import org.cardmanage.remote.internal.wire.CardFarmGrpc;
import org.cardmanage.remote.internal.wire.CloseRequest;
import org.cardmanage.remote.internal.wire.ListReadersRequest;
import org.cardmanage.remote.internal.wire.LockRequest;
import org.cardmanage.remote.internal.wire.OpenRequest;
import org.cardmanage.remote.internal.wire.Protocol;
import org.cardmanage.remote.internal.wire.ReaderEvent;
import org.cardmanage.remote.internal.wire.ReconnectRequest;
import org.cardmanage.remote.internal.wire.RenewRequest;
import org.cardmanage.remote.internal.wire.ShareMode;
import org.cardmanage.remote.internal.wire.TransmitBatchRequest;
import org.cardmanage.remote.internal.wire.TransmitRequest;
import org.cardmanage.remote.internal.wire.UnlockRequest;
import org.cardmanage.remote.internal.wire.WatchReadersRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;

/**
 * A hostile but authenticated client, and a racing one, against a real farm on loopback: each test is one promise of
 * the contract ({@code card_farm.proto}) or of the client rule that such a client tries to break.
 */
class FarmAttackTest {
    private static final ByteString SELECT_MF = bytes(0x00, 0xA4, 0x00, 0x00);
    private static final ByteString VERIFY = bytes(0x00, 0x20, 0x00, 0x81, 0x02, 0x31, 0x32);
    private static final org.cardmanage.remote.internal.wire.Disposition RESET =
            org.cardmanage.remote.internal.wire.Disposition.DISPOSITION_RESET;

    private PlainFarm farm;
    private final List<ManagedChannel> channels = Collections.synchronizedList(new ArrayList<>());
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        pool.shutdownNow();
        channels.forEach(ManagedChannel::shutdownNow);
        if (farm != null) {
            farm.close();
        }
    }

    private ManagedChannel start(long leaseMs, String... rules) throws Exception {
        farm = new PlainFarm(leaseMs, rules);
        return connect();
    }

    private ManagedChannel connect() {
        ManagedChannel channel = farm.connect();
        channels.add(channel);
        return channel;
    }

    private static String open(ManagedChannel on, String reader, ShareMode mode) {
        return call(on, CardFarmGrpc.OPEN, OpenRequest.newBuilder().setReader(reader).setShareMode(mode)
                .addProtocols(Protocol.PROTOCOL_T1).build()).getSessionId();
    }

    private static String open(ManagedChannel on) {
        return open(on, "Sim Reader 0", ShareMode.SHARE_MODE_SHARED);
    }

    private static TransmitRequest transmit(String id, ByteString command) {
        return TransmitRequest.newBuilder().setSessionId(id).setCommand(command).build();
    }

    private static ByteString bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return ByteString.copyFrom(out);
    }

    private static Status.Code codeOf(Runnable call) {
        try {
            call.run();
            return Status.Code.OK;
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode();
        }
    }

    /** @return whether the condition came true within the time (polling, as {@link FarmServiceTest#waitFor}) */
    private static boolean within(long ms, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
        return true;
    }

    // ---- sessions and connections ------------------------------------------------------------------------------

    @Test
    void concurrentOpensFromManyConnectionsOfOneIdentityNeverExceedTheSessionLimit() throws Exception {
        start(60_000, "anonymous | readers=* | sessions=3");
        List<ManagedChannel> connections = List.of(connect(), connect(), connect(), connect());
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Status.Code>> opens = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            ManagedChannel on = connections.get(i % connections.size());
            opens.add(pool.submit(() -> {
                go.await();
                return codeOf(() -> open(on));
            }));
        }
        go.countDown();
        List<Status.Code> codes = new ArrayList<>();
        for (Future<Status.Code> open : opens) {
            codes.add(open.get(10, TimeUnit.SECONDS));
        }

        assertThat(codes).filteredOn(c -> c == Status.Code.OK).hasSize(3);
        assertThat(codes).filteredOn(c -> c != Status.Code.OK).containsOnly(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(farm.cards.attachments()).as("never more attachments than sessions=3").hasSize(3);

        connections.forEach(ManagedChannel::shutdownNow);
        waitFor(() -> farm.farm.sessions() == 0, "the dead connections' sessions end");
        ManagedChannel fresh = connect();
        for (int i = 0; i < 3; i++) {
            open(fresh);
        }
        assertThat(codeOf(() -> open(fresh))).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    }

    @Test
    void anOpenWhoseConnectionDiesBeforeTheAnswerResetsTheCardAndGivesItsSlotBack() throws Exception {
        start(60_000, "anonymous | readers=* | sessions=1");
        for (int round = 1; round <= 100; round++) {
            ManagedChannel dying = connect();
            CountDownLatch slowConnect = new CountDownLatch(1);
            farm.cards.attachEntered = new CountDownLatch(1);
            farm.cards.holdAttach = slowConnect;
            CompletableFuture<Status.Code> opening =
                    CompletableFuture.supplyAsync(() -> codeOf(() -> open(dying)), pool);
            assertThat(farm.cards.attachEntered.await(5, TimeUnit.SECONDS)).isTrue();

            dying.shutdownNow();
            assertThat(opening.get(5, TimeUnit.SECONDS)).isNotEqualTo(Status.Code.OK);
            farm.cards.holdAttach = null;
            slowConnect.countDown();

            int attachments = round;
            boolean cleared = within(3_000, () -> farm.cards.attachments().size() == attachments
                    && farm.cards.last().detachedWith().equals(List.of(Disposition.RESET))
                    && farm.farm.sessions() == 0);
            assertThat(cleared).as("round %d: the orphan is reset and its slot given back", round).isTrue();
        }
        assertThat(codeOf(() -> open(connect()))).as("the slot came back").isEqualTo(Status.Code.OK);
    }

    @Test
    void anOpenThatFailsAfterTheAttachLeavesNoSessionBehind() throws Exception {
        ManagedChannel channel = start(60_000, "anonymous | readers=* | sessions=1");
        farm.cards.failStatus = new CardRemovedException("the card was pulled right after connect");

        assertThat(codeOf(() -> open(channel, "Sim Reader 0", ShareMode.SHARE_MODE_EXCLUSIVE)))
                .isNotEqualTo(Status.Code.OK);

        assertThat(farm.farm.sessions()).as("no session the client never heard of").isZero();
        assertThat(farm.cards.last().detachedWith()).as("its attachment is given back").isNotEmpty();
        farm.cards.failStatus = null;
        assertThat(codeOf(() -> open(channel))).as("the slot came back").isEqualTo(Status.Code.OK);
    }

    @Test
    void closeRacingATransmitLeavesNoSessionAndTheSlotComesBack() throws Exception {
        ManagedChannel channel = start(60_000, "anonymous | readers=* | sessions=1");
        String id = open(channel);
        FakeAttachment card = farm.cards.last();
        CountDownLatch slowCard = new CountDownLatch(1);
        card.holdTransmit = slowCard;
        CompletableFuture<Status.Code> sending = CompletableFuture.supplyAsync(
                () -> codeOf(() -> call(channel, CardFarmGrpc.TRANSMIT, transmit(id, SELECT_MF))), pool);
        assertThat(card.transmitEntered.await(5, TimeUnit.SECONDS)).isTrue();

        call(channel, CardFarmGrpc.CLOSE, CloseRequest.newBuilder().setSessionId(id).setDisposition(RESET).build());
        slowCard.countDown();

        assertThat(sending.get(5, TimeUnit.SECONDS)).isNotEqualTo(Status.Code.OK);
        assertThat(card.detachedWith()).containsExactly(Disposition.RESET);
        assertThat(card.sentCount()).isZero();
        assertThat(farm.farm.sessions()).isZero();
        assertThat(codeOf(() -> call(channel, CardFarmGrpc.TRANSMIT, transmit(id, SELECT_MF))))
                .isEqualTo(Status.Code.NOT_FOUND);
        assertThat(codeOf(() -> open(channel))).isEqualTo(Status.Code.OK);
    }

    @Test
    void aCardCallLongerThanTheLeaseDoesNotCostItsSession() throws Exception {
        ManagedChannel channel = start(300, "anonymous | readers=*");
        String id = open(channel);
        FakeAttachment card = farm.cards.last();
        CountDownLatch slowCard = new CountDownLatch(1);
        card.holdTransmit = slowCard;
        CompletableFuture<Status.Code> sending = CompletableFuture.supplyAsync(
                () -> codeOf(() -> call(channel, CardFarmGrpc.TRANSMIT, transmit(id, SELECT_MF))), pool);
        assertThat(card.transmitEntered.await(5, TimeUnit.SECONDS)).isTrue();

        boolean reaped = within(1_200, () -> !card.detachedWith().isEmpty());
        slowCard.countDown();

        assertThat(sending.get(5, TimeUnit.SECONDS)).isEqualTo(Status.Code.OK);
        assertThat(reaped).as("the session was closed while its call was at the card").isFalse();
        assertThat(call(channel, CardFarmGrpc.RENEW, RenewRequest.newBuilder().addSessionIds(id).build())
                .getUnknownSessionIdsList()).isEmpty();
    }

    @Test
    void renewalsOfTenThousandIdsAndAHugeIdFailOnlyThemselves() throws Exception {
        ManagedChannel channel = start(60_000, "anonymous | readers=*");
        String id = open(channel);
        RenewRequest.Builder many = RenewRequest.newBuilder();
        for (int i = 0; i < 10_000; i++) {
            many.addSessionIds("x" + (i % 10));
        }
        assertThat(call(channel, CardFarmGrpc.RENEW, many.build()).getUnknownSessionIdsCount()).isEqualTo(10_000);
        assertThat(codeOf(() -> call(channel, CardFarmGrpc.RENEW, many.addSessionIds(id).build())))
                .isEqualTo(Status.Code.INVALID_ARGUMENT);
        String huge = "A".repeat(1 << 20);
        assertThat(codeOf(() -> call(channel, CardFarmGrpc.TRANSMIT, transmit(huge, SELECT_MF))))
                .isEqualTo(Status.Code.RESOURCE_EXHAUSTED);

        assertThat(call(channel, CardFarmGrpc.RENEW, RenewRequest.newBuilder().addSessionIds(id).build())
                .getUnknownSessionIdsList()).isEmpty();
        assertThat(codeOf(() -> call(channel, CardFarmGrpc.TRANSMIT, transmit(id, SELECT_MF))))
                .isEqualTo(Status.Code.OK);
    }

    // ---- locks and exclusive holds -------------------------------------------------------------------------------

    @Test
    void aLockGrantedAfterTheClientGaveUpIsReleased() throws Exception {
        ManagedChannel channel = start(60_000, "anonymous | readers=*");
        String id = open(channel);
        FakeAttachment card = farm.cards.last();
        CountDownLatch otherHolder = new CountDownLatch(1);
        card.holdLock = otherHolder;

        long asked = System.nanoTime();
        assertThat(codeOf(() -> ClientCalls.blockingUnaryCall(channel, CardFarmGrpc.LOCK,
                CallOptions.DEFAULT.withDeadlineAfter(300, TimeUnit.MILLISECONDS),
                LockRequest.newBuilder().setSessionId(id).setTimeoutMs(10_000).build())))
                .isEqualTo(Status.Code.DEADLINE_EXCEEDED);
        // the farm's own deadline ends a little after the client's: the lock comes once the farm knows, too
        waitFor(() -> System.nanoTime() - asked > TimeUnit.MILLISECONDS.toNanos(800), "the farm's deadline");
        card.holdLock = null;
        otherHolder.countDown();

        waitFor(() -> card.unlockedWith().size() == 1, "the lock nobody heard of is released");
        assertThat(codeOf(() -> call(channel, CardFarmGrpc.LOCK, LockRequest.newBuilder().setSessionId(id)
                .setTimeoutMs(100).build()))).as("the session is not left 'in a transaction'")
                .isEqualTo(Status.Code.OK);
    }

    @Test
    void aLockWaitLongerThanTheLeaseDoesNotCostItsSession() throws Exception {
        ManagedChannel channel = start(300, "anonymous | readers=*");
        String id = open(channel);
        FakeAttachment card = farm.cards.last();
        CountDownLatch otherHolder = new CountDownLatch(1);
        card.holdLock = otherHolder;
        CompletableFuture<Status.Code> locking = CompletableFuture.supplyAsync(() -> codeOf(() -> call(channel,
                CardFarmGrpc.LOCK, LockRequest.newBuilder().setSessionId(id).setTimeoutMs(3_000).build())), pool);
        assertThat(card.lockEntered.await(5, TimeUnit.SECONDS)).isTrue();

        boolean reaped = within(1_200, () -> !card.detachedWith().isEmpty());
        otherHolder.countDown();

        assertThat(reaped).as("the session was closed while it waited for the lock").isFalse();
        assertThat(locking.get(5, TimeUnit.SECONDS)).isEqualTo(Status.Code.OK);
    }

    @Test
    void aLockedSessionOnADeadConnectionIsDetachedWithReset() throws Exception {
        ManagedChannel channel = start(60_000, "anonymous | readers=* | sessions=1");
        String id = open(channel);
        FakeAttachment card = farm.cards.last();
        call(channel, CardFarmGrpc.LOCK, LockRequest.newBuilder().setSessionId(id).setTimeoutMs(100).build());

        channel.shutdownNow();

        // detach releases the attachment's lock (Attachment.detach): the card is free, and reset first
        waitFor(() -> card.detachedWith().equals(List.of(Disposition.RESET)), "the locked session is reset");
        assertThat(farm.farm.sessions()).isZero();
        assertThat(codeOf(() -> open(connect()))).isEqualTo(Status.Code.OK);
    }

    @Test
    void renewingAnExclusiveSessionDoesNotExtendItsHold() throws Exception {
        ManagedChannel channel = start(60_000, "anonymous | readers=* | exclusive.ms=300");
        String id = open(channel, "Sim Reader 0", ShareMode.SHARE_MODE_EXCLUSIVE);
        FakeAttachment card = farm.cards.last();

        boolean ended = within(3_000, () -> {
            call(channel, CardFarmGrpc.RENEW, RenewRequest.newBuilder().addSessionIds(id).build());
            codeOf(() -> call(channel, CardFarmGrpc.TRANSMIT, transmit(id, SELECT_MF)));
            return !card.detachedWith().isEmpty();
        });

        assertThat(ended).as("the EXCLUSIVE session ends after exclusive.ms however busy").isTrue();
        assertThat(card.detachedWith()).containsExactly(Disposition.RESET);
    }

    @Test
    void aSharedSessionCannotEscapeTheExclusiveHoldLimitByReconnectingWhileLocked() throws Exception {
        ManagedChannel channel = start(60_000, "anonymous | readers=* | exclusive.ms=300");
        String id = open(channel);
        FakeAttachment card = farm.cards.last();
        call(channel, CardFarmGrpc.LOCK, LockRequest.newBuilder().setSessionId(id).setTimeoutMs(100).build());

        Status.Code reconnect = codeOf(() -> call(channel, CardFarmGrpc.RECONNECT, ReconnectRequest.newBuilder()
                .setSessionId(id).setShareMode(ShareMode.SHARE_MODE_EXCLUSIVE)
                .setInitialization(org.cardmanage.remote.internal.wire.Disposition.DISPOSITION_LEAVE).build()));
        if (reconnect != Status.Code.OK) {
            assertThat(reconnect).isEqualTo(Status.Code.INVALID_ARGUMENT);
            return;
        }
        call(channel, CardFarmGrpc.UNLOCK, UnlockRequest.newBuilder().setSessionId(id)
                .setDisposition(org.cardmanage.remote.internal.wire.Disposition.DISPOSITION_LEAVE).build());

        assertThat(card.reconnectedWith()).containsExactly(org.cardmanage.api.ShareMode.EXCLUSIVE);
        assertThat(within(3_000, () -> !card.detachedWith().isEmpty()))
                .as("the card held EXCLUSIVE is taken back after exclusive.ms").isTrue();
    }

    // ---- PIN tries -------------------------------------------------------------------------------------------------

    @Test
    void pinTriesAreCountedPerIdentityAndCardAcrossSessionsAndConnections() throws Exception {
        start(60_000, "anonymous | readers=* | verify.per.minute=3");
        List<ManagedChannel> connections = List.of(connect(), connect());
        List<String[]> sessions = new ArrayList<>();
        for (ManagedChannel on : connections) {
            sessions.add(new String[] {open(on), null});
            sessions.add(new String[] {open(on), null});
        }
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> tries = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            ManagedChannel on = connections.get(i % 4 / 2);
            String id = sessions.get(i % 4)[0];
            boolean batch = i % 2 == 0;
            tries.add(pool.submit(() -> {
                go.await();
                return codeOf(() -> {
                    if (batch) {
                        call(on, CardFarmGrpc.TRANSMIT_BATCH, TransmitBatchRequest.newBuilder().setSessionId(id)
                                .addCommands(VERIFY).addCommands(VERIFY).addCommands(VERIFY).build());
                    } else {
                        call(on, CardFarmGrpc.TRANSMIT, transmit(id, VERIFY));
                    }
                });
            }));
        }
        go.countDown();
        for (Future<?> attempt : tries) {
            attempt.get(10, TimeUnit.SECONDS);
        }

        int reachedTheCard = farm.cards.attachments().stream()
                .mapToInt(a -> ((FakeAttachment) a).sentCount()).sum();
        assertThat(reachedTheCard).as("VERIFYs that reached the one card").isEqualTo(3);
    }

    @Test
    void aVerifyWrappedInAnEnvelopeCountsAgainstThePinAllowance() throws Exception {
        ManagedChannel channel = start(60_000, "anonymous | readers=* | verify.per.minute=0");
        String id = open(channel);
        ByteString envelope = ByteString.copyFrom(new byte[] {0x00, (byte) 0xC2, 0x00, 0x00, 0x07})
                .concat(VERIFY);

        Status.Code sent = codeOf(() -> call(channel, CardFarmGrpc.TRANSMIT, transmit(id, envelope)));

        assertThat(sent).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(farm.cards.last().sentCount()).isZero();
    }

    @Test
    void aVerifyWrappedInAReaderPseudoApduNeverReachesTheReader() throws Exception {
        ManagedChannel channel = start(60_000, "anonymous | readers=* | verify.per.minute=0");
        String id = open(channel);
        // 'FF 00 00 00 Lc <APDU>' is direct transmit on many readers; PinTryLimiter exempts CLA FF from counting
        ByteString direct = ByteString.copyFrom(new byte[] {(byte) 0xFF, 0x00, 0x00, 0x00, 0x07}).concat(VERIFY);

        Status.Code sent = codeOf(() -> call(channel, CardFarmGrpc.TRANSMIT, transmit(id, direct)));

        assertThat(sent).as("CommandApdu refuses CLA FF").isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(farm.cards.last().sentCount()).isZero();
    }

    // ---- reader watch ----------------------------------------------------------------------------------------------

    private static CardEvent inserted(long sequence) {
        return new CardEvent(CardEvent.Type.CARD_INSERTED, "Sim Reader 0", sequence, Instant.now(),
                FakeAttachment.ATR, null, null);
    }

    /** A WatchReaders call that requests one message and then reads no more. */
    private static final class Watch extends ClientCall.Listener<ReaderEvent> {
        final List<ReaderEvent> received = Collections.synchronizedList(new ArrayList<>());
        final CompletableFuture<Status> closed = new CompletableFuture<>();
        final CountDownLatch first = new CountDownLatch(1);
        final ClientCall<WatchReadersRequest, ReaderEvent> call;

        Watch(ManagedChannel on) {
            call = on.newCall(CardFarmGrpc.WATCH_READERS, CallOptions.DEFAULT);
            call.start(this, new Metadata());
            call.request(1);
            call.sendMessage(WatchReadersRequest.getDefaultInstance());
            call.halfClose();
        }

        @Override
        public void onMessage(ReaderEvent message) {
            received.add(message);
            first.countDown();
        }

        @Override
        public void onClose(Status status, Metadata trailers) {
            closed.complete(status);
            first.countDown();
        }
    }

    @Test
    void aWatcherThatNeverReadsIsCutOffWhileOthersAreServed() throws Exception {
        ManagedChannel slow = start(60_000, "anonymous | readers=*");
        ReaderWatch watch = (ReaderWatch) farm.farm.events();
        Watch stuck = new Watch(slow);
        assertThat(stuck.first.await(5, TimeUnit.SECONDS)).isTrue();
        waitFor(() -> watch.size() == 1, "the watch is registered");

        long sequence = 0;
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (watch.size() > 0 && System.nanoTime() < end) {
            for (int i = 0; i < 1000; i++) {
                farm.farm.events().cardEvent(inserted(++sequence));
            }
        }

        assertThat(watch.size()).as("the farm forgot the stuck watcher").isZero();
        assertThat(sequence).as("events it took to fill the transport and the queue").isLessThan(1_000_000);
        // its end waits behind the events the transport still holds: the client sees it once it reads again
        stuck.call.request(Integer.MAX_VALUE);
        assertThat(stuck.closed.get(5, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(stuck.received.size()).as("what the farm had buffered for it").isLessThan((int) sequence);
        ManagedChannel other = connect();
        assertThat(call(other, CardFarmGrpc.LIST_READERS, ListReadersRequest.getDefaultInstance())
                .getReadersCount()).isPositive();
        assertThat(codeOf(() -> open(slow))).as("the slow client's own connection still works")
                .isEqualTo(Status.Code.OK);
    }

    @Test
    void everyWatchStartsWithItsSnapshotEvenWhileEventsFlow() throws Exception {
        ManagedChannel channel = start(60_000, "anonymous | readers=*");
        AtomicBoolean flowing = new AtomicBoolean(true);
        AtomicInteger fired = new AtomicInteger();
        Future<?> events = pool.submit(() -> {
            long sequence = 0;
            while (flowing.get()) {
                farm.farm.events().cardEvent(inserted(++sequence));
                fired.incrementAndGet();
            }
        });
        List<ReaderEvent.Kind> firsts = new ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) {
                Watch watch = new Watch(channel);
                assertThat(watch.first.await(5, TimeUnit.SECONDS)).isTrue();
                firsts.add(watch.received.isEmpty() ? null : watch.received.get(0).getKind());
                watch.call.cancel("next", null);
            }
        } finally {
            flowing.set(false);
            events.get(5, TimeUnit.SECONDS);
        }

        assertThat(fired.get()).isPositive();
        assertThat(firsts).as("the first message of every stream").containsOnly(ReaderEvent.Kind.KIND_SNAPSHOT);
    }
}

package org.cardmanage.remote.internal.farm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.cardmanage.remote.internal.farm.PlainFarm.call;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.cardmanage.api.Disposition;
import org.cardmanage.api.ShareMode;
import org.cardmanage.api.SharingViolationException;
import org.cardmanage.remote.internal.errors.WireErrors;
import org.cardmanage.remote.internal.wire.CardFarmGrpc;
import org.cardmanage.remote.internal.wire.CloseRequest;
import org.cardmanage.remote.internal.wire.GetFarmRequest;
import org.cardmanage.remote.internal.wire.ListReadersRequest;
import org.cardmanage.remote.internal.wire.LockRequest;
import org.cardmanage.remote.internal.wire.OpenRequest;
import org.cardmanage.remote.internal.wire.Protocol;
import org.cardmanage.remote.internal.wire.Reader;
import org.cardmanage.remote.internal.wire.RenewRequest;
import org.cardmanage.remote.internal.wire.TransmitBatchRequest;
import org.cardmanage.remote.internal.wire.TransmitBatchResponse;
import org.cardmanage.remote.internal.wire.TransmitRequest;
import org.cardmanage.remote.internal.wire.UnlockRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;

class FarmServiceTest {
    private static final ByteString SELECT_MF = ByteString.copyFrom(new byte[] {0x00, (byte) 0xA4, 0x00, 0x00});
    private static final ByteString VERIFY = ByteString.copyFrom(
            new byte[] {0x00, 0x20, 0x00, (byte) 0x81, 0x02, 0x31, 0x32});

    private PlainFarm farm;
    private ManagedChannel channel;

    private void start(String... rules) throws Exception {
        farm = new PlainFarm(10_000, rules);
        channel = farm.connect();
    }

    @AfterEach
    void stop() {
        if (channel != null) {
            channel.shutdownNow();
        }
        if (farm != null) {
            farm.close();
        }
    }

    private String open(ManagedChannel on, String reader, org.cardmanage.remote.internal.wire.ShareMode mode) {
        return call(on, CardFarmGrpc.OPEN, OpenRequest.newBuilder().setReader(reader).setShareMode(mode)
                .addProtocols(Protocol.PROTOCOL_T1).build()).getSessionId();
    }

    private String open(String reader) {
        return open(channel, reader, org.cardmanage.remote.internal.wire.ShareMode.SHARE_MODE_SHARED);
    }

    @Test
    void aClientSeesOnlyTheReadersItsRuleAllowsAndNoRemoteOnes() throws Exception {
        start("anonymous | readers=Sim Reader *, other/*");

        List<Reader> readers = call(channel, CardFarmGrpc.LIST_READERS, ListReadersRequest.getDefaultInstance())
                .getReadersList();

        assertThat(readers).extracting(Reader::getName).containsExactly("Sim Reader 0", "Sim Reader 1");
        assertThat(call(channel, CardFarmGrpc.GET_FARM, GetFarmRequest.getDefaultInstance()).getClientIdentity())
                .isEqualTo("anonymous");
    }

    @Test
    void aPeerNoRuleNamesIsRefusedBeforeAnyCall() throws Exception {
        start("cn=someone | readers=*");

        assertThatThrownBy(() -> call(channel, CardFarmGrpc.LIST_READERS, ListReadersRequest.getDefaultInstance()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
                    assertThat(e.getTrailers().get(WireErrors.DETAIL).getExceptionType())
                            .isEqualTo("AccessDeniedException");
                });
        assertThat(farm.cards.made).isEmpty();
    }

    @Test
    void aSessionIsAnAttachmentForTheCallersIdentityWithoutChaining() throws Exception {
        start("anonymous | readers=*");

        String id = open("Sim Reader 0");
        byte[] answer = call(channel, CardFarmGrpc.TRANSMIT, TransmitRequest.newBuilder().setSessionId(id)
                .setCommand(SELECT_MF).build()).getResponse().toByteArray();

        assertThat(answer).containsExactly(0x90, 0x00);
        assertThat(farm.cards.options.get(0).principal()).contains("anonymous");
        assertThat(farm.cards.options.get(0).responseChaining()).isFalse();
        assertThat(id).hasSizeGreaterThanOrEqualTo(22);
    }

    @Test
    void aReaderOutsideTheRuleIsRefusedAndTheCardIsNotTouched() throws Exception {
        start("anonymous | readers=Sim Reader *");

        assertThatThrownBy(() -> open("Bank 1")).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
        assertThatThrownBy(() -> open("other/R")).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
        assertThat(farm.cards.made).isEmpty();
    }

    @Test
    void theFarmsOwnAccessPolicyRefusalReachesTheClientTyped() throws Exception {
        start("anonymous | readers=*");
        farm.cards.denied.add("anonymous");

        assertThatThrownBy(() -> open("Sim Reader 0")).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
            assertThat(WireErrors.toCard(e, "f", "open", true, 1)).isInstanceOf(
                    org.cardmanage.api.AccessDeniedException.class).hasMessageContaining("anonymous");
        });
        assertThat(farm.farm.sessions()).isZero();
    }

    @Test
    void anotherConnectionCannotUseASessionEvenWithItsId() throws Exception {
        start("anonymous | readers=*");
        String id = open("Sim Reader 0");
        ManagedChannel other = farm.connect();
        try {
            for (Runnable attempt : List.<Runnable>of(
                    () -> call(other, CardFarmGrpc.TRANSMIT, TransmitRequest.newBuilder().setSessionId(id)
                            .setCommand(SELECT_MF).build()),
                    () -> call(other, CardFarmGrpc.LOCK, LockRequest.newBuilder().setSessionId(id).build()))) {
                assertThatThrownBy(attempt::run).isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
            }
            assertThat(call(other, CardFarmGrpc.RENEW, RenewRequest.newBuilder().addSessionIds(id).build())
                    .getUnknownSessionIdsList()).containsExactly(id);
            call(other, CardFarmGrpc.CLOSE, CloseRequest.newBuilder().setSessionId(id)
                    .setDisposition(org.cardmanage.remote.internal.wire.Disposition.DISPOSITION_RESET).build());
        } finally {
            other.shutdownNow();
        }
        assertThat(farm.cards.last().detachedWith()).as("another's close does nothing").isEmpty();
        assertThat(farm.cards.last().sentCount()).isZero();
    }

    @Test
    void theSessionLimitHoldsAndAClosedSessionGivesItsSlotBack() throws Exception {
        start("anonymous | readers=* | sessions=2");
        open("Sim Reader 0");
        String second = open("Sim Reader 1");

        assertThatThrownBy(() -> open("Sim Reader 0")).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
        call(channel, CardFarmGrpc.CLOSE, CloseRequest.newBuilder().setSessionId(second)
                .setDisposition(org.cardmanage.remote.internal.wire.Disposition.DISPOSITION_LEAVE).build());
        open("Sim Reader 0");
        assertThat(farm.cards.made).hasSize(3);
    }

    @Test
    void pinTriesBeyondTheAllowanceNeverReachTheCard() throws Exception {
        start("anonymous | readers=* | verify.per.minute=2");
        String id = open("Sim Reader 0");
        TransmitRequest verify = TransmitRequest.newBuilder().setSessionId(id).setCommand(VERIFY).build();

        call(channel, CardFarmGrpc.TRANSMIT, verify);
        call(channel, CardFarmGrpc.TRANSMIT, verify);
        assertThatThrownBy(() -> call(channel, CardFarmGrpc.TRANSMIT, verify))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
        TransmitBatchResponse batch = call(channel, CardFarmGrpc.TRANSMIT_BATCH, TransmitBatchRequest.newBuilder()
                .setSessionId(id).addCommands(SELECT_MF).addCommands(VERIFY).addCommands(SELECT_MF).build());

        assertThat(batch.getResponsesCount()).isEqualTo(1);
        assertThat(batch.getFailure().getExceptionType()).isEqualTo("AccessDeniedException");
        assertThat(farm.cards.last().sentCount()).isEqualTo(3);
    }

    @Test
    void aBatchStopsAtTheFirstFailureAndSaysWhich() throws Exception {
        start("anonymous | readers=*");
        String id = open("Sim Reader 0");
        farm.cards.last().failNextTransmit = null;
        TransmitBatchResponse ok = call(channel, CardFarmGrpc.TRANSMIT_BATCH, TransmitBatchRequest.newBuilder()
                .setSessionId(id).addCommands(SELECT_MF).addCommands(SELECT_MF).build());
        assertThat(ok.getResponsesCount()).isEqualTo(2);
        assertThat(ok.hasFailure()).isFalse();

        call(channel, CardFarmGrpc.TRANSMIT, TransmitRequest.newBuilder().setSessionId(id).setCommand(SELECT_MF)
                .build());
        farm.cards.last().failNextTransmit = new SharingViolationException("held by another");
        TransmitBatchResponse failed = call(channel, CardFarmGrpc.TRANSMIT_BATCH, TransmitBatchRequest.newBuilder()
                .setSessionId(id).addCommands(SELECT_MF).addCommands(SELECT_MF).build());
        assertThat(failed.getResponsesCount()).isZero();
        assertThat(failed.getFailure().getExceptionType()).isEqualTo("SharingViolationException");
        assertThat(failed.getFailure().getScardError()).isEqualTo("SCARD_E_SHARING_VIOLATION");
    }

    @Test
    void malformedRequestsAreInvalidArgumentsAndChangeNothing() throws Exception {
        start("anonymous | readers=*");
        String id = open("Sim Reader 0");

        for (Runnable bad : List.<Runnable>of(
                () -> call(channel, CardFarmGrpc.OPEN, OpenRequest.newBuilder().setReader("Sim Reader 0")
                        .setShareModeValue(77).addProtocols(Protocol.PROTOCOL_T1).build()),
                () -> call(channel, CardFarmGrpc.OPEN, OpenRequest.newBuilder().setReader("Sim Reader 0")
                        .setShareMode(org.cardmanage.remote.internal.wire.ShareMode.SHARE_MODE_SHARED).build()),
                () -> call(channel, CardFarmGrpc.TRANSMIT, TransmitRequest.newBuilder().setSessionId(id)
                        .setCommand(ByteString.copyFrom(new byte[] {0x00, (byte) 0xA4, 0x04, 0x00, 0x09, 1}))
                        .build()),
                () -> call(channel, CardFarmGrpc.UNLOCK, UnlockRequest.newBuilder().setSessionId(id).build()),
                () -> call(channel, CardFarmGrpc.CLOSE, CloseRequest.newBuilder().setSessionId(id).build()))) {
            assertThatThrownBy(bad::run).isInstanceOfSatisfying(StatusRuntimeException.class,
                    e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
        }
        assertThat(farm.cards.made).hasSize(1);
        assertThat(farm.cards.last().sentCount()).isZero();
        assertThat(farm.cards.last().detachedWith()).isEmpty();
    }

    @Test
    void aCallWhoseDeadlinePassedWhileQueuedIsNotCarriedOut() throws Exception {
        start("anonymous | readers=*");
        String id = open("Sim Reader 0");
        FakeAttachment card = farm.cards.last();
        CountDownLatch release = new CountDownLatch(1);
        card.holdTransmit = release;
        Thread first = new Thread(() -> call(channel, CardFarmGrpc.TRANSMIT, TransmitRequest.newBuilder()
                .setSessionId(id).setCommand(SELECT_MF).build()));
        first.start();
        assertThat(card.transmitEntered.await(5, TimeUnit.SECONDS)).isTrue();
        card.holdTransmit = null;

        // the core serializes calls on one attachment; this one's deadline passes while it waits its turn
        assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, CardFarmGrpc.CONTROL,
                CallOptions.DEFAULT.withDeadlineAfter(1, TimeUnit.MILLISECONDS),
                org.cardmanage.remote.internal.wire.ControlRequest.newBuilder().setSessionId(id).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
        release.countDown();
        first.join(5000);
        assertThat(card.sentCount()).isEqualTo(1);
    }

    @Test
    void closingTheConnectionClosesItsSessionsWithReset() throws Exception {
        start("anonymous | readers=*");
        open("Sim Reader 0");
        FakeAttachment card = farm.cards.last();

        channel.shutdownNow();

        waitFor(() -> card.detachedWith().equals(List.of(Disposition.RESET)), "the session is closed with RESET");
        assertThat(farm.farm.sessions()).isZero();
    }

    @Test
    void aSessionWhoseLeaseRunsOutIsClosedWithReset() throws Exception {
        farm = new PlainFarm(300, "anonymous | readers=*");
        channel = farm.connect();
        open("Sim Reader 0");

        waitFor(() -> farm.cards.last().detachedWith().equals(List.of(Disposition.RESET)), "lease expiry");
    }

    @Test
    void anExclusiveHoldLongerThanTheRuleAllowsIsEnded() throws Exception {
        farm = new PlainFarm(60_000, "anonymous | readers=* | exclusive.ms=200");
        channel = farm.connect();
        String shared = open("Sim Reader 1");
        call(channel, CardFarmGrpc.LOCK, LockRequest.newBuilder().setSessionId(shared).setTimeoutMs(100).build());
        open(channel, "Sim Reader 0", org.cardmanage.remote.internal.wire.ShareMode.SHARE_MODE_EXCLUSIVE);
        FakeAttachment exclusive = farm.cards.last();
        FakeAttachment locked = farm.cards.made.get(0);

        waitFor(() -> exclusive.detachedWith().equals(List.of(Disposition.RESET)), "the EXCLUSIVE session ends");
        waitFor(() -> locked.unlockedWith().equals(List.of(Disposition.RESET)), "the lock ends");
        assertThat(locked.detachedWith()).as("a shared session only loses its lock").isEmpty();
        assertThat(exclusive.shareMode()).isEqualTo(ShareMode.EXCLUSIVE);
    }

    /** Waits for a condition, polling, at most 10 s. */
    static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.onSpinWait();
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }
}

package org.cardmanage.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.cardmanage.core.internal.testsupport.Apdus.SELECT_MF;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.cardmanage.api.AttachOptions;
import org.cardmanage.api.Attachment;
import org.cardmanage.api.CardException;
import org.cardmanage.api.CardIOException;
import org.cardmanage.api.CardLock;
import org.cardmanage.api.CardManager;
import org.cardmanage.api.CardRemovedException;
import org.cardmanage.api.CardTimeoutException;
import org.cardmanage.api.Disposition;
import org.cardmanage.api.NotSupportedException;
import org.cardmanage.api.ResponseApdu;
import org.cardmanage.api.ScardError;
import org.cardmanage.core.internal.testsupport.BlockingCall;
import org.cardmanage.core.internal.testsupport.FakeReader;
import org.cardmanage.core.internal.testsupport.TestCore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LockTest {
    private static final Duration LONG = Duration.ofSeconds(30);

    private TestCore fixture = new TestCore(TestCore.settings().lockIdleTimeout(Duration.ofSeconds(60)).build());
    private CardManager app = fixture.manager("app");
    private CardManager other = fixture.manager("other");
    private FakeReader reader = fixture.readerWithCard("Reader A");

    @AfterEach
    void stop() {
        fixture.close();
    }

    private void restart(TestCore.Settings settings) {
        fixture.close();
        fixture = new TestCore(settings.lockIdleTimeout(Duration.ofSeconds(60)).build());
        app = fixture.manager("app");
        other = fixture.manager("other");
        reader = fixture.readerWithCard("Reader A");
    }

    @Test
    void lockBeginsTheDriversTransaction() throws CardException {
        Attachment attachment = app.attachByReader("Reader A");

        CardLock lock = attachment.lock(Duration.ofSeconds(1));

        assertThat(lock.isHeld()).isTrue();
        assertThat(lock.attachment()).isSameAs(attachment);
        assertThat(reader.session().calls()).containsExactly("begin");
    }

    @Test
    void theDriverWaitsForAnotherProcesssTransactionAtMostWhatIsLeftOfTheLocksTimeout() throws CardException {
        Attachment attachment = app.attachByReader("Reader A");

        attachment.lock(Duration.ofSeconds(2)).close();

        assertThat(reader.lastTransactionTimeout()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void unlockEndsTheDriversTransactionWithTheDisposition() throws CardException {
        Attachment attachment = app.attachByReader("Reader A");
        CardLock lock = attachment.lock(Duration.ofSeconds(1));

        lock.unlock(Disposition.RESET);

        assertThat(lock.isHeld()).isFalse();
        assertThat(reader.session().calls()).containsExactly("begin", "end RESET");
    }

    @Test
    void closeUnlocksWithReset() throws CardException {
        Attachment attachment = app.attachByReader("Reader A");

        try (CardLock lock = attachment.lock(Duration.ofSeconds(1))) {
            assertThat(lock.isHeld()).isTrue();
        }

        assertThat(reader.session().calls()).containsExactly("begin", "end RESET");
    }

    @Test
    void explicitUnlockWithLeaveKeepsTheCardAsItIs() throws CardException {
        Attachment attachment = app.attachByReader("Reader A");

        attachment.lock(Duration.ofSeconds(1)).unlock(Disposition.LEAVE);

        assertThat(reader.session().calls()).containsExactly("begin", "end LEAVE");
    }

    @Test
    void secondLockBySameAttachmentIsASharingViolation() throws CardException {
        Attachment attachment = app.attachByReader("Reader A");
        CardLock lock = attachment.lock(Duration.ofSeconds(1));

        assertThatThrownBy(() -> attachment.lock(Duration.ofSeconds(1)))
                .isInstanceOf(CardException.class)
                .extracting(e -> ((CardException) e).error()).isEqualTo(ScardError.SCARD_E_SHARING_VIOLATION);
        assertThat(lock.isHeld()).isTrue();
    }

    @Test
    void unlockTwiceIsNotTransacted() throws CardException {
        Attachment attachment = app.attachByReader("Reader A");
        CardLock lock = attachment.lock(Duration.ofSeconds(1));
        lock.unlock(Disposition.LEAVE);

        assertThatThrownBy(() -> lock.unlock(Disposition.LEAVE))
                .isInstanceOf(CardException.class)
                .extracting(e -> ((CardException) e).error()).isEqualTo(ScardError.SCARD_E_NOT_TRANSACTED);
    }

    @Test
    void nullUnlockDispositionIsIllegal() throws CardException {
        CardLock lock = app.attachByReader("Reader A").lock(Duration.ofSeconds(1));

        assertThatThrownBy(() -> lock.unlock(null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(lock.isHeld()).isTrue();
    }

    @Test
    void negativeLockTimeoutIsIllegal() throws CardException {
        Attachment attachment = app.attachByReader("Reader A");

        assertThatThrownBy(() -> attachment.lock(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThat(reader.calls()).doesNotContain("begin");
    }

    @Test
    void nullLockTimeoutIsIllegal() throws CardException {
        Attachment attachment = app.attachByReader("Reader A");

        assertThatThrownBy(() -> attachment.lock(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void lockOnADirectAttachmentIsNotSupported() throws CardException {
        Attachment direct = app.attachByReader("Reader A", AttachOptions.direct());

        assertThatThrownBy(() -> direct.lock(Duration.ofSeconds(1))).isInstanceOf(NotSupportedException.class);
    }

    @Test
    void lockTimesOutWhileAnotherAttachmentHoldsIt() throws CardException {
        Attachment holder = app.attachByReader("Reader A");
        Attachment contender = other.attachByReader("Reader A");
        holder.lock(Duration.ofSeconds(1));

        assertThatThrownBy(() -> contender.lock(Duration.ofMillis(50)))
                .isInstanceOf(CardTimeoutException.class)
                .hasMessageContaining("Reader A");
    }

    @Test
    void zeroTimeoutDoesNotWaitForAHeldLock() throws CardException {
        Attachment holder = app.attachByReader("Reader A");
        Attachment contender = other.attachByReader("Reader A");
        holder.lock(Duration.ofSeconds(1));

        assertThatThrownBy(() -> contender.lock(Duration.ZERO)).isInstanceOf(CardTimeoutException.class);
    }

    @Test
    void zeroTimeoutTakesAFreeLock() throws CardException {
        Attachment attachment = app.attachByReader("Reader A");

        assertThat(attachment.lock(Duration.ZERO).isHeld()).isTrue();
    }

    @Test
    void waiterGetsTheLockWhenTheHolderUnlocks() throws Exception {
        Attachment holder = app.attachByReader("Reader A");
        Attachment contender = other.attachByReader("Reader A");
        CardLock held = holder.lock(Duration.ofSeconds(1));
        BlockingCall<CardLock> waiting = BlockingCall.start("waiter", () -> contender.lock(LONG)).awaitBlocked();
        assertThat(waiting.isDone()).isFalse();

        held.unlock(Disposition.LEAVE);

        CardLock acquired = waiting.result();
        assertThat(acquired.isHeld()).isTrue();
        assertThat(acquired.attachment()).isSameAs(contender);
    }

    @Test
    void waitersGetTheLockInArrivalOrder() throws Exception {
        Attachment holder = app.attachByReader("Reader A");
        CardLock held = holder.lock(Duration.ofSeconds(1));
        List<String> order = new CopyOnWriteArrayList<>();
        List<BlockingCall<Void>> waiters = new ArrayList<>();
        for (String name : List.of("first", "second", "third", "fourth")) {
            Attachment attachment = fixture.manager(name).attachByReader("Reader A");
            waiters.add(BlockingCall.<Void>start(name, () -> {
                CardLock lock = attachment.lock(LONG);
                order.add(name);
                lock.unlock(Disposition.LEAVE);
                return null;
            }).awaitBlocked());
        }

        held.unlock(Disposition.LEAVE);

        for (BlockingCall<Void> waiter : waiters) {
            waiter.result();
        }
        assertThat(order).containsExactly("first", "second", "third", "fourth");
    }

    @Test
    void holderTransmitsWhileLocked() throws CardException {
        Attachment holder = app.attachByReader("Reader A");
        holder.lock(Duration.ofSeconds(1));

        assertThat(holder.transmit(SELECT_MF).sw()).isEqualTo(0x9000);
    }

    @Test
    void transmitFromAnotherAttachmentTimesOutWhileLocked() throws CardException {
        restart(TestCore.settings().transmitWait(Duration.ofMillis(100)));
        Attachment holder = app.attachByReader("Reader A");
        Attachment bystander = other.attachByReader("Reader A");
        holder.lock(Duration.ofSeconds(1));

        assertThatThrownBy(() -> bystander.transmit(SELECT_MF))
                .isInstanceOf(CardTimeoutException.class)
                .hasMessageContaining("Reader A");
        assertThat(reader.calls()).noneMatch(call -> call.startsWith("transmit"));
    }

    @Test
    void transmitFromAnotherAttachmentProceedsOnceUnlocked() throws Exception {
        restart(TestCore.settings().transmitWait(LONG));
        Attachment holder = app.attachByReader("Reader A");
        Attachment bystander = other.attachByReader("Reader A");
        CardLock held = holder.lock(Duration.ofSeconds(1));
        BlockingCall<ResponseApdu> transmit = BlockingCall.start("transmit", () -> bystander.transmit(SELECT_MF))
                .awaitBlocked();
        assertThat(reader.calls()).noneMatch(call -> call.startsWith("transmit"));

        held.unlock(Disposition.LEAVE);

        assertThat(transmit.result().sw()).isEqualTo(0x9000);
    }

    @Test
    void failedBeginTransactionLeavesTheCardUnlocked() throws CardException {
        reader.failOnce("begin", new IllegalStateException("driver bug"));
        Attachment attachment = app.attachByReader("Reader A");

        assertThatThrownBy(() -> attachment.lock(Duration.ofSeconds(1))).isInstanceOf(CardIOException.class);

        assertThat(other.attachByReader("Reader A").lock(Duration.ZERO).isHeld()).isTrue();
    }

    @Test
    void cardRemovalWakesLockWaitersWithCardRemoved() throws Exception {
        app.attachByReader("Reader A").lock(Duration.ofSeconds(1));
        Attachment contender = other.attachByReader("Reader A");
        BlockingCall<CardLock> waiting = BlockingCall.start("waiter", () -> contender.lock(LONG)).awaitBlocked();

        reader.remove();

        assertThat(waiting.failure()).isInstanceOf(CardRemovedException.class);
    }

    @Test
    void cardRemovalReleasesTheLock() throws CardException {
        CardLock lock = app.attachByReader("Reader A").lock(Duration.ofSeconds(1));

        reader.remove();

        assertThat(lock.isHeld()).isFalse();
    }
}

package org.cardmanage.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.cardmanage.core.internal.testsupport.Apdus.SELECT_MF;

import java.time.Duration;

import org.cardmanage.api.Attachment;
import org.cardmanage.api.CardException;
import org.cardmanage.api.CardLock;
import org.cardmanage.api.CardManager;
import org.cardmanage.api.CardResetException;
import org.cardmanage.api.Disposition;
import org.cardmanage.core.internal.testsupport.BlockingCall;
import org.cardmanage.core.internal.testsupport.FakeReader;
import org.cardmanage.core.internal.testsupport.TestCore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A lock left idle past the bound (100 ms here) is released with RESET, and its holder is told once. */
class LockIdleReleaseTest {
    private final TestCore fixture = new TestCore(TestCore.settings().lockIdleTimeout(Duration.ofMillis(100)).build());
    private final CardManager app = fixture.manager("app");
    private final FakeReader reader = fixture.readerWithCard("Reader A");

    @AfterEach
    void stop() {
        fixture.close();
    }

    private CardLock idleLock(Attachment holder) throws CardException, InterruptedException {
        CardLock lock = holder.lock(Duration.ofSeconds(1));
        reader.awaitCall("end RESET");
        return lock;
    }

    @Test
    void idleLockIsEndedWithResetOnTheDriver() throws Exception {
        Attachment holder = app.attachByReader("Reader A");

        CardLock lock = idleLock(holder);

        assertThat(lock.isHeld()).isFalse();
        assertThat(reader.session().calls()).containsExactly("begin", "end RESET");
    }

    @Test
    void holderIsToldOnceByItsNextTransmit() throws Exception {
        Attachment holder = app.attachByReader("Reader A");
        idleLock(holder);

        assertThatThrownBy(() -> holder.transmit(SELECT_MF)).isInstanceOf(CardResetException.class)
                .hasMessageContaining("Reader A");
        assertThat(holder.transmit(SELECT_MF).sw()).isEqualTo(0x9000);
    }

    @Test
    void unlockAfterExpiryThrowsCardReset() throws Exception {
        Attachment holder = app.attachByReader("Reader A");
        CardLock lock = idleLock(holder);

        assertThatThrownBy(() -> lock.unlock(Disposition.LEAVE)).isInstanceOf(CardResetException.class);
        assertThat(reader.count("end LEAVE")).isZero();
    }

    @Test
    void closeAfterExpiryIsQuiet() throws Exception {
        Attachment holder = app.attachByReader("Reader A");
        CardLock lock = idleLock(holder);

        lock.close();

        assertThat(reader.count("end LEAVE")).isZero();
    }

    @Test
    void expiredLockLetsAWaiterIn() throws Exception {
        Attachment holder = app.attachByReader("Reader A");
        Attachment waiter = fixture.manager("other").attachByReader("Reader A");
        holder.lock(Duration.ofSeconds(1));

        BlockingCall<CardLock> waiting = BlockingCall.start("waiter", () -> waiter.lock(Duration.ofSeconds(30)));

        assertThat(waiting.result().attachment()).isSameAs(waiter);
        assertThat(reader.sessions().get(0).calls()).containsExactly("begin", "end RESET");
    }

    @Test
    void holderCanLockAgainAfterBeingTold() throws Exception {
        Attachment holder = app.attachByReader("Reader A");
        idleLock(holder);
        assertThatThrownBy(() -> holder.transmit(SELECT_MF)).isInstanceOf(CardResetException.class);

        CardLock again = holder.lock(Duration.ofSeconds(1));

        assertThat(again.attachment()).isSameAs(holder);
        assertThat(reader.count("begin")).isEqualTo(2);
    }
}

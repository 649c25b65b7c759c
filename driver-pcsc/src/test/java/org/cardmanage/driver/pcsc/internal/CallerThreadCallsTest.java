package org.cardmanage.driver.pcsc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.cardmanage.api.CardRemovedException;
import org.cardmanage.api.CardTimeoutException;
import org.cardmanage.api.ReaderUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** PC/SC calls on the caller's thread: one at a time per reader, others bounded while one is blocked. No sleeps. */
class CallerThreadCallsTest {
    private static final long WAIT_SECONDS = 10;

    private final CallerThreadCalls calls = new CallerThreadCalls("Test Reader", Duration.ofMillis(200));
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicBoolean blockedCallEnded = new AtomicBoolean();

    @AfterEach
    void tearDown() {
        release.countDown();
        calls.close("end", null);
    }

    /** A call that blocks until the test releases it, as PC/SC does while another process holds a transaction. */
    private String blocked() throws InterruptedException {
        entered.countDown();
        if (!release.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException("never released");
        }
        blockedCallEnded.set(true);
        return "late";
    }

    private CompletableFuture<String> blockedInBackground() throws InterruptedException {
        CompletableFuture<String> running = CompletableFuture.supplyAsync(() -> {
            try {
                return calls.call("transmit", this::blocked);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(entered.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        return running;
    }

    @Test
    void aCallRunsOnTheCallingThread() throws Exception {
        assertThat(calls.call("transmit", Thread::currentThread)).isSameAs(Thread.currentThread());
    }

    @Test
    void aCallMayMakeAnotherOnTheSameThread() throws Exception {
        assertThat(calls.call("connect", () -> calls.call("reading the ATR", () -> "nested"))).isEqualTo("nested");
    }

    @Test
    void whileOneCallIsBlockedTheNextWaitsAtMostTheTimeout() throws Exception {
        CompletableFuture<String> stuck = blockedInBackground();

        assertThatThrownBy(() -> calls.call("transmit", () -> "never run"))
                .isInstanceOf(CardTimeoutException.class).hasMessageContaining("Test Reader")
                .hasMessageContaining("still blocked");

        release.countDown();
        assertThat(stuck.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("late");
        assertThat(calls.call("transmit", () -> "ok")).isEqualTo("ok");
    }

    @Test
    void aBoundedCallReleasesItsCallerWhenPcscBlocks() {
        assertThatThrownBy(() -> calls.callBounded("reading the ATR", this::blocked))
                .isInstanceOf(CardTimeoutException.class).hasMessageContaining("reading the ATR");
    }

    @Test
    void aBoundedCallTakesItsTurnWithTheOthers() throws Exception {
        CompletableFuture<String> stuck = blockedInBackground();

        assertThatThrownBy(() -> calls.callBounded("reading the ATR", () -> "never run"))
                .isInstanceOf(CardTimeoutException.class);

        release.countDown();
        stuck.get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(calls.callBounded("reading the ATR", () -> "atr")).isEqualTo("atr");
    }

    @Test
    void aFailureIsTranslatedOnce() {
        assertThatThrownBy(() -> calls.call("transmit", () -> {
            throw new IllegalStateException("Card has been removed");
        })).isInstanceOf(CardRemovedException.class).hasMessageContaining("Test Reader");
    }

    @Test
    void afterCloseCallsAreRefusedAndTheLastCallRunsAfterTheCallInProgress() throws Exception {
        blockedInBackground();
        AtomicReference<String> order = new AtomicReference<>("");
        CountDownLatch lastRan = new CountDownLatch(1);

        calls.close("releasing the connection", () -> {
            order.set(order.get() + (blockedCallEnded.get() ? "after" : "during"));
            lastRan.countDown();
            return null;
        });

        assertThatThrownBy(() -> calls.call("transmit", () -> "never run"))
                .isInstanceOf(ReaderUnavailableException.class).hasMessageContaining("Test Reader");
        release.countDown();
        assertThat(lastRan.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(order.get()).isEqualTo("after");
    }
}

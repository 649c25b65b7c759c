package org.cardmanage.driver.pcsc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.cardmanage.api.CardRemovedException;
import org.cardmanage.api.CardTimeoutException;
import org.cardmanage.api.ReaderUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The per-reader serial executor: one thread, bounded calls, recovery of a stuck thread. No test sleeps. */
class CardWorkerTest {
    private static final long WAIT_SECONDS = 10;

    private final List<Thread> retiredThreads = new CopyOnWriteArrayList<>();
    private final CountDownLatch retiredHookRan = new CountDownLatch(1);
    private final CardWorker worker = new CardWorker("Test Reader", Duration.ofMillis(200), thread -> {
        retiredThreads.add(thread);
        retiredHookRan.countDown();
    });
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void tearDown() {
        release.countDown();
        worker.close("end", null);
    }

    /** A call that blocks until the test releases it, as PC/SC does while another process holds a transaction. */
    private String blocked() throws InterruptedException {
        if (!release.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException("never released");
        }
        return "late";
    }

    @Test
    void everyCallRunsOnTheSameThreadWhateverThreadCalls() throws Exception {
        Set<Thread> seen = ConcurrentHashMap.newKeySet();
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            List<Future<Object>> calls = new CopyOnWriteArrayList<>();
            for (int i = 0; i < 20; i++) {
                calls.add(callers.submit(() -> worker.call("op", () -> seen.add(Thread.currentThread()))));
            }
            for (Future<Object> call : calls) {
                call.get(WAIT_SECONDS, TimeUnit.SECONDS);
            }
        } finally {
            callers.shutdownNow();
        }
        assertThat(seen).hasSize(1);
        assertThat(seen.iterator().next().getName()).contains("Test Reader");
    }

    @Test
    void aBlockedCallTimesOutAndTheNextCallRunsOnAFreshThread() throws Exception {
        AtomicReference<Thread> stuck = new AtomicReference<>();
        assertThatThrownBy(() -> worker.call("transmit", () -> {
            stuck.set(Thread.currentThread());
            return blocked();
        })).isInstanceOf(CardTimeoutException.class).hasMessageContaining("Test Reader").hasMessageContaining(
                "transmit");
        Thread next = worker.call("transmit", Thread::currentThread);
        assertThat(next).isNotSameAs(stuck.get());
        assertThat(worker.retiredCount()).isEqualTo(1);
    }

    @Test
    void theRetiredThreadFinishesItsCallUndoesItAndEnds() throws Exception {
        AtomicReference<String> undone = new AtomicReference<>();
        AtomicReference<Thread> caller = new AtomicReference<>();
        AtomicReference<Thread> undoer = new AtomicReference<>();
        CountDownLatch undoRan = new CountDownLatch(1);
        assertThatThrownBy(() -> worker.call("beginTransaction", () -> {
            caller.set(Thread.currentThread());
            return blocked();
        }, result -> {
            undone.set(result);
            undoer.set(Thread.currentThread());
            undoRan.countDown();
        })).isInstanceOf(CardTimeoutException.class);
        release.countDown();
        assertThat(undoRan.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(undone.get()).isEqualTo("late");
        assertThat(undoer.get()).as("undone on the thread that made the call").isSameAs(caller.get());
        assertThat(retiredHookRan.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(retiredThreads).containsExactly(caller.get());
        caller.get().join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        assertThat(caller.get().isAlive()).isFalse();
        assertThat(worker.retiredCount()).isZero();
    }

    @Test
    void tooManyStuckCallsAreRefusedAtOnce() {
        for (int i = 0; i < CardWorker.MAX_RETIRED; i++) {
            assertThatThrownBy(() -> worker.call("transmit", this::blocked))
                    .isInstanceOf(CardTimeoutException.class);
        }
        assertThatThrownBy(() -> worker.call("transmit", () -> "never run"))
                .isInstanceOf(CardTimeoutException.class).hasMessageContaining("still blocked");
    }

    @Test
    void callsWorkAgainOnceTheStuckThreadsAreReleased() throws Exception {
        for (int i = 0; i < CardWorker.MAX_RETIRED; i++) {
            assertThatThrownBy(() -> worker.call("transmit", this::blocked))
                    .isInstanceOf(CardTimeoutException.class);
        }
        release.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        synchronized (this) {
            while (worker.retiredCount() > 0 && System.nanoTime() < deadline) {
                wait(10); // waits for a condition, with a bound
            }
        }
        assertThat(worker.call("transmit", () -> "ok")).isEqualTo("ok");
    }

    @Test
    void aFailureIsTranslatedOnce() {
        assertThatThrownBy(() -> worker.call("transmit", () -> {
            throw new IllegalStateException("Card has been removed");
        })).isInstanceOf(CardRemovedException.class).hasMessageContaining("Test Reader");
    }

    @Test
    void afterCloseCallsFailAndTheLastCallRuns() throws Exception {
        CountDownLatch lastRan = new CountDownLatch(1);
        worker.call("warm up", () -> null);
        worker.close("release", () -> {
            lastRan.countDown();
            return null;
        });
        assertThat(lastRan.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> worker.call("transmit", () -> "no"))
                .isInstanceOf(ReaderUnavailableException.class);
    }

    @Test
    void closeEndsTheThread() throws Exception {
        Thread thread = worker.call("op", Thread::currentThread);
        worker.close("release", null);
        thread.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        assertThat(thread.isAlive()).isFalse();
    }
}

package org.cardmanage.core.internal.testsupport;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A call made on its own thread, for tests of calls that block. The test can wait until the thread is parked (waiting
 * on a monitor or a latch), then make something happen, then collect the outcome with a generous timeout.
 */
public final class BlockingCall<T> {
    /** Five seconds: an outcome that should come promptly comes well within it. */
    public static final Duration PROMPTLY = Duration.ofSeconds(5);

    /** The blocking body. */
    @FunctionalInterface
    public interface Body<T> {
        T call() throws Exception;
    }

    private final CompletableFuture<T> outcome = new CompletableFuture<>();
    private final Thread thread;

    private BlockingCall(String name, Body<T> body) {
        this.thread = new Thread(() -> {
            try {
                outcome.complete(body.call());
            } catch (Throwable t) {
                outcome.completeExceptionally(t);
            }
        }, name);
        thread.setDaemon(true);
    }

    public static <T> BlockingCall<T> start(String name, Body<T> body) {
        BlockingCall<T> call = new BlockingCall<>(name, body);
        call.thread.start();
        return call;
    }

    /**
     * Waits until the thread is parked (WAITING or TIMED_WAITING) or has finished; fails the test after five seconds.
     */
    public BlockingCall<T> awaitBlocked() {
        long deadline = System.nanoTime() + PROMPTLY.toNanos();
        while (true) {
            Thread.State state = thread.getState();
            if (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING
                    || state == Thread.State.TERMINATED) {
                return this;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(thread.getName() + " did not block within " + PROMPTLY + "; state " + state);
            }
            Thread.onSpinWait();
        }
    }

    public boolean isDone() {
        return outcome.isDone();
    }

    public Thread thread() {
        return thread;
    }

    /** @return the call's result; fails the test if it threw or did not return within five seconds */
    public T result() throws InterruptedException {
        try {
            return outcome.get(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError(thread.getName() + " failed", e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError(thread.getName() + " did not return within " + PROMPTLY);
        }
    }

    /** @return what the call threw; fails the test if it returned or did not end within five seconds */
    public Throwable failure() throws InterruptedException {
        T value;
        try {
            value = outcome.get(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError(thread.getName() + " did not end within " + PROMPTLY);
        }
        throw new AssertionError(thread.getName() + " returned " + value + " instead of failing");
    }
}

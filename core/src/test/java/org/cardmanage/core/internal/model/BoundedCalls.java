package org.cardmanage.core.internal.model;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The hang detector: runs each API call of a step on a helper thread and waits for it at most {@link #BOUND}. Every
 * call the model makes is meant to come back within milliseconds (all its waits are a few ms); the bound is generous
 * so that only a call that would not come back fails, never a slow machine. One helper thread serves every sequence:
 * threads are not free, and a sequence makes one call at a time.
 */
final class BoundedCalls implements AutoCloseable {
    static final Duration BOUND = Duration.ofSeconds(5);

    /** A call to the core. */
    @FunctionalInterface
    interface Body<T> {
        T call() throws Exception;
    }

    private ExecutorService helper = newHelper();

    /**
     * @return what the call did
     * @throws AssertionError if it did not return within the bound (the stuck helper is abandoned)
     */
    <T> Outcome<T> call(String what, Body<T> body) {
        Future<Outcome<T>> running = helper.submit(() -> {
            Outcome<T> outcome;
            try {
                T value = body.call();
                outcome = Outcome.returned(value, Thread.interrupted());
            } catch (Throwable t) {
                outcome = Outcome.threw(t, Thread.interrupted());
            }
            return outcome;
        });
        try {
            return running.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            helper.shutdownNow();
            helper = newHelper();
            throw new AssertionError(what + " did not return within " + BOUND + ": it hangs");
        } catch (ExecutionException e) {
            throw new AssertionError(what + ": the helper failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + what, e);
        }
    }

    /** Runs a call that must return (or throw a {@link org.cardmanage.api.CardException} the caller checks). */
    void run(String what, Runnable body) {
        Expected.RETURNS.check(what, call(what, () -> {
            body.run();
            return null;
        }));
    }

    private static ExecutorService newHelper() {
        return Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "model-call");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void close() {
        helper.shutdownNow();
    }
}

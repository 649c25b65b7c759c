package org.cardmanage.itests;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * A call running on its own thread, so a test can block it (in {@code lock}, {@code locate}, a muted transmit), act,
 * and then check that it returned, and how, within a bounded time.
 *
 * @param <T> the call's result
 */
public final class Background<T> {

    /** The call to run. */
    @FunctionalInterface
    public interface Call<T> {
        T call() throws Exception;
    }

    /** Waiting in Object.wait, a condition, a future or a join; BLOCKED (monitor entry) is only a passing state. */
    private static final Set<Thread.State> PARKED = EnumSet.of(Thread.State.WAITING, Thread.State.TIMED_WAITING);

    private final String name;
    private final Thread thread;
    private volatile T value;
    private volatile Throwable failure;
    private volatile boolean started;

    private Background(String name, Call<T> call) {
        this.name = name;
        this.thread = new Thread(() -> {
            started = true;
            try {
                value = call.call();
            } catch (Throwable t) {
                failure = t;
            }
        }, "itest-" + name);
        thread.setDaemon(true);
    }

    /** Starts the call on a new daemon thread. */
    public static <T> Background<T> start(String name, Call<T> call) {
        Background<T> background = new Background<>(name, call);
        background.thread.start();
        return background;
    }

    /**
     * Waits until the call is parked (waiting on a monitor, a condition or a future), so the test knows it is blocked
     * rather than not yet started. Should the call park somewhere else first, the test acts a little early; every
     * scenario here still expects the same outcome then, so this can weaken a test but never make it fail wrongly.
     *
     * @throws AssertionError if the call ended instead, or did not park in time
     */
    public Background<T> awaitBlocked(Duration timeout) {
        Await.until(name + " is blocked", () -> {
            if (started && !thread.isAlive()) {
                throw new AssertionError(name + " was expected to block but ended: "
                        + (failure != null ? failure : "returned " + value), failure);
            }
            return started && PARKED.contains(thread.getState());
        }, timeout);
        return this;
    }

    /** @return true while the call has not returned */
    public boolean isRunning() {
        return thread.isAlive();
    }

    /**
     * Waits for the call to end and returns its result.
     *
     * @throws AssertionError if it is still running after the timeout, or if it threw
     */
    public T result(Duration timeout) {
        join(timeout);
        if (failure != null) {
            throw new AssertionError(name + " was expected to succeed but threw " + failure, failure);
        }
        return value;
    }

    /**
     * Waits for the call to end and returns what it threw.
     *
     * @throws AssertionError if it is still running after the timeout, returned normally, or threw another type
     */
    public <E extends Throwable> E failure(Class<E> expected, Duration timeout) {
        join(timeout);
        if (failure == null) {
            throw new AssertionError(name + " was expected to throw " + expected.getSimpleName() + " but returned "
                    + value);
        }
        if (!expected.isInstance(failure)) {
            throw new AssertionError(name + " was expected to throw " + expected.getSimpleName() + " but threw "
                    + failure, failure);
        }
        return expected.cast(failure);
    }

    /** Interrupts the call if it still runs; for clean-up after a failed test. */
    public void cancel() {
        if (thread.isAlive()) {
            thread.interrupt();
        }
    }

    private void join(Duration timeout) {
        try {
            thread.join(Math.max(1, timeout.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + name, e);
        }
        if (thread.isAlive()) {
            StringBuilder where = new StringBuilder();
            for (StackTraceElement frame : thread.getStackTrace()) {
                where.append("\n\tat ").append(frame);
            }
            throw new AssertionError(name + " was still running " + timeout.toMillis() + " ms later; it is at:"
                    + where);
        }
    }
}

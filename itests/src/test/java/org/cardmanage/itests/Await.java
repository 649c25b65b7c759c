package org.cardmanage.itests;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a condition with a deadline, parking briefly between checks. Every wait in these tests goes through here
 * (or through a latch, a tracker or a thread join with a timeout): never a bare sleep.
 */
public final class Await {
    private static final long PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private Await() {
    }

    /**
     * Returns as soon as the condition holds.
     *
     * @param description what is awaited, for the failure message ("reader 'X' is listed")
     * @param condition the condition, checked until it holds
     * @param timeout how long to wait at most
     * @throws AssertionError if the condition did not hold in time
     */
    public static void until(String description, BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting until " + description);
            }
            LockSupport.parkNanos(PAUSE_NANOS);
        }
    }

    /**
     * Returns the first non-null value the supplier gives.
     *
     * @throws AssertionError if it gave only null for the whole timeout
     */
    public static <T> T value(String description, Supplier<T> supplier, Duration timeout) {
        Object[] holder = new Object[1];
        until(description, () -> (holder[0] = supplier.get()) != null, timeout);
        @SuppressWarnings("unchecked")
        T value = (T) holder[0];
        return value;
    }
}

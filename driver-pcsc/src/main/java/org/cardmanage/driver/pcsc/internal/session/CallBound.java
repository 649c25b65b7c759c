package org.cardmanage.driver.pcsc.internal.session;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.cardmanage.api.CardException;
import org.cardmanage.api.ScardError;
import org.cardmanage.driver.pcsc.internal.port.PcscException;

/**
 * One call's bound: when it started, its deadline, and the pauses between the tries that another process's transaction
 * made pcsc-lite refuse (0.5 ms doubling to 20 ms: pcsc-lite's own loop waits 100 ms). No try starts once the bound
 * has passed.
 */
final class CallBound {
    private static final long FIRST_PAUSE_NANOS = TimeUnit.MICROSECONDS.toNanos(500);
    private static final long LONGEST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long LONGEST_BOUND_NANOS = TimeUnit.DAYS.toNanos(1);

    private final long started = System.nanoTime();
    private final long deadline;
    private long pause = FIRST_PAUSE_NANOS;

    /** @param timeout the caller's bound (a negative one is zero; capped at a day) */
    CallBound(Duration timeout) {
        long nanos;
        try {
            nanos = timeout.isNegative() ? 0 : Math.min(timeout.toNanos(), LONGEST_BOUND_NANOS);
        } catch (ArithmeticException tooLong) {
            nanos = LONGEST_BOUND_NANOS;
        }
        this.deadline = started + nanos;
    }

    /** @return {@link System#nanoTime()} at which the call is over */
    long deadline() {
        return deadline;
    }

    /** @return {@link System#nanoTime()} at which the call began */
    long started() {
        return started;
    }

    /**
     * Pauses before the next try of a refused call.
     *
     * @throws CardException {@link org.cardmanage.api.CardTimeoutException} if the bound passed (before or during the
     *     pause), {@code SCARD_E_CANCELLED} if the caller was interrupted; either way the call had no effect
     */
    void pauseAfter(String readerName, String operation, PcscException refusal) throws CardException {
        long remaining = deadline - System.nanoTime();
        if (remaining > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(Math.min(pause, remaining));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CardException(ScardError.SCARD_E_CANCELLED, "reader '" + readerName + "': " + operation
                        + " was interrupted while another process held a transaction on the card; "
                        + CallFailures.noEffect(operation), refusal);
            }
            pause = Math.min(pause * 2, LONGEST_PAUSE_NANOS);
        }
        if (System.nanoTime() - deadline >= 0) {
            throw CallFailures.notCarriedOut(readerName, operation, started, refusal);
        }
    }
}

package org.cardmanage.core.internal.attachment;

import java.time.Duration;

/**
 * Turns caller-supplied durations into bounded nanosecond waits. A wait longer than {@link #MAX_WAIT} (50 years, the
 * bound the API documents) waits that long: long enough to mean "forever", short enough that no deadline arithmetic
 * ({@code nanoTime() + it}) can overflow.
 */
public final class Timeouts {
    /** The longest wait the core makes; longer timeouts are clamped to it. */
    public static final Duration MAX_WAIT = Duration.ofDays(365L * 50);
    static final long MAX_NANOS = MAX_WAIT.toNanos();

    private Timeouts() {
    }

    /**
     * @throws IllegalArgumentException if the duration is null or negative
     */
    public static long toNanos(Duration timeout, String what) {
        if (timeout == null) {
            throw new IllegalArgumentException(what + " timeout is null");
        }
        if (timeout.isNegative()) {
            throw new IllegalArgumentException(what + " timeout must not be negative, was " + timeout);
        }
        if (timeout.compareTo(Duration.ofNanos(MAX_NANOS)) > 0) {
            return MAX_NANOS;
        }
        return timeout.toNanos();
    }
}

package org.cardmanage.core.internal.attach;

import java.time.Duration;

/** Turns caller-supplied durations into bounded nanosecond waits. */
final class Timeouts {
    /** About 73 years: long enough to mean "forever", short enough that {@code nanoTime() + it} cannot overflow. */
    static final long MAX_NANOS = Long.MAX_VALUE / 4;

    private Timeouts() {
    }

    /**
     * @throws IllegalArgumentException if the duration is null or negative
     */
    static long toNanos(Duration timeout, String what) {
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

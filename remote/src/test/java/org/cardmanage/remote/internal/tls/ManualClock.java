package org.cardmanage.remote.internal.tls;

import java.time.Duration;
import java.util.function.LongSupplier;

/** A monotonic nanosecond clock that moves only when a test moves it. */
final class ManualClock implements LongSupplier {
    private volatile long nanos = 1_000_000_000L;

    @Override
    public long getAsLong() {
        return nanos;
    }

    void advance(Duration duration) {
        nanos += duration.toNanos();
    }

    /** Just far enough for the managers to look at their files again. */
    void passCheckInterval() {
        advance(Duration.ofNanos(Reloader.CHECK_INTERVAL_NANOS));
    }
}

package org.cardmanage.core.internal.arbitration;

import java.time.Duration;
import java.util.Optional;

import org.cardmanage.core.internal.attachment.CoreAttachment;

/** Reads how long an attachment has left its card lock unused, for administration and health checks. */
public final class LockIdleness {
    private LockIdleness() {
    }

    /**
     * @param attachment the attachment
     * @return how long its lock has gone unused (zero while a call runs under it); empty if it holds no lock
     */
    public static Optional<Duration> of(CoreAttachment attachment) {
        long nanos = attachment.arbiter().holderIdleNanos(attachment);
        return nanos < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(nanos));
    }
}

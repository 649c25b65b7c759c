package org.cardmanage.core.internal.arbitration;

import org.cardmanage.core.internal.attachment.CoreAttachment;

/**
 * The card's lock, if an attachment holds it, and when its holder last used the card: what the idle bound is measured
 * from. Not thread-safe on its own: every method runs under the {@link CardArbiter}'s mutex.
 */
final class HeldLock {
    private CoreCardLock current;
    private long lastUse;

    boolean isFree() {
        return current == null;
    }

    /** @return whether this lock object is the current one (a released or expired lock is not) */
    boolean isCurrent(CoreCardLock candidate) {
        return current != null && current == candidate;
    }

    boolean isHeldBy(CoreAttachment attachment) {
        return current != null && current.holder() == attachment;
    }

    boolean isHeldByOtherThan(CoreAttachment attachment) {
        return current != null && current.holder() != attachment;
    }

    /** @return the holder, or null */
    CoreAttachment holder() {
        return current == null ? null : current.holder();
    }

    /** Gives the lock to the attachment; the caller checked that it is free. */
    CoreCardLock grant(CoreAttachment attachment) {
        current = new CoreCardLock(attachment);
        lastUse = System.nanoTime();
        return current;
    }

    /** The holder used the card just now. */
    void used() {
        lastUse = System.nanoTime();
    }

    /** @return nanoseconds since the holder last used the card */
    long idleNanos() {
        return System.nanoTime() - lastUse;
    }

    /** Drops the lock, if any: its holder's {@code CardLock} reports it released. */
    void release() {
        if (current != null) {
            current.markReleased();
            current = null;
        }
    }

    /** Takes the lock away for idleness: its holder's next unlock learns that the card was reset. */
    void expire() {
        current.markExpired();
        current = null;
    }
}

package org.cardmanage.remote.internal.farm;

import org.cardmanage.api.Attachment;
import org.cardmanage.api.CardLock;

/**
 * One open session: an attachment of the farm's card manager, owned by the caller that opened it. The lease and
 * the lock are guarded by the session table's monitor.
 */
final class FarmSession {
    private final String id;
    private final Caller owner;
    private final Attachment attachment;
    private final boolean exclusive;
    private final long openedNanos;
    private long lastUseNanos;
    private int callsAtCard;
    private CardLock lock;
    private long lockedNanos;

    FarmSession(String id, Caller owner, Attachment attachment, boolean exclusive, long nowNanos) {
        this.id = id;
        this.owner = owner;
        this.attachment = attachment;
        this.exclusive = exclusive;
        this.openedNanos = nowNanos;
        this.lastUseNanos = nowNanos;
    }

    String id() {
        return id;
    }

    Caller owner() {
        return owner;
    }

    Attachment attachment() {
        return attachment;
    }

    synchronized void touch(long nowNanos) {
        lastUseNanos = nowNanos;
    }

    /** A call on the session begins: until it ends the session is in use, however long the card takes. */
    synchronized void callBegins(long nowNanos) {
        callsAtCard++;
        lastUseNanos = nowNanos;
    }

    /** A call on the session ended: its lease counts from now. */
    synchronized void callEnds(long nowNanos) {
        callsAtCard--;
        lastUseNanos = nowNanos;
    }

    /** @return how long the session has been idle: 0 while a call on it runs */
    synchronized long idleNanos(long nowNanos) {
        return callsAtCard > 0 ? 0 : nowNanos - lastUseNanos;
    }

    /** @return whether the session was opened EXCLUSIVE */
    boolean exclusive() {
        return exclusive;
    }

    /** @return how long the session has held its reader exclusively (EXCLUSIVE since open, or its lock), or -1 */
    synchronized long exclusiveHoldNanos(long nowNanos) {
        if (exclusive) {
            return nowNanos - openedNanos;
        }
        return lock == null ? -1 : nowNanos - lockedNanos;
    }

    synchronized CardLock lock() {
        return lock;
    }

    /** @return the previous lock; the new one (or none) counts its hold from now */
    synchronized CardLock swapLock(CardLock next, long nowNanos) {
        CardLock previous = lock;
        lock = next;
        lockedNanos = nowNanos;
        return previous;
    }

    @Override
    public String toString() {
        return "session " + id.substring(0, 8) + "… of " + owner + " on '" + attachment.readerName() + "'";
    }
}

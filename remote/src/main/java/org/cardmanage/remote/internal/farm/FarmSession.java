package org.cardmanage.remote.internal.farm;

import org.cardmanage.api.Attachment;
import org.cardmanage.api.CardLock;

/** One remote session: an attachment of the farm's card manager, its client and its lease. */
final class FarmSession {
    private final String id;
    private final String client;
    private final Attachment attachment;
    private volatile long expiresAtNanos;
    private CardLock lock;

    FarmSession(String id, String client, Attachment attachment, long expiresAtNanos) {
        this.id = id;
        this.client = client;
        this.attachment = attachment;
        this.expiresAtNanos = expiresAtNanos;
    }

    String id() {
        return id;
    }

    String client() {
        return client;
    }

    Attachment attachment() {
        return attachment;
    }

    long expiresAtNanos() {
        return expiresAtNanos;
    }

    void extendTo(long nanos) {
        expiresAtNanos = nanos;
    }

    /** @return the lock this session's transaction holds, or null */
    synchronized CardLock lock() {
        return lock;
    }

    /** @return the lock the session held before, or null */
    synchronized CardLock swapLock(CardLock next) {
        CardLock previous = lock;
        lock = next;
        return previous;
    }

    @Override
    public String toString() {
        return "session " + id + " of " + client + " on '" + attachment.readerName() + "'";
    }
}

package org.cardmanage.core.internal.arbitration;

import org.cardmanage.api.Attachment;
import org.cardmanage.api.CardException;
import org.cardmanage.api.CardLock;
import org.cardmanage.api.Disposition;
import org.cardmanage.core.internal.attachment.CoreAttachment;

/** A transaction on a card, held by one attachment. Its state changes only under the arbiter's monitor. */
public final class CoreCardLock implements CardLock {
    private final CoreAttachment holder;
    private volatile boolean held = true;
    private volatile boolean expired;

    CoreCardLock(CoreAttachment holder) {
        this.holder = holder;
    }

    @Override
    public Attachment attachment() {
        return holder;
    }

    CoreAttachment holder() {
        return holder;
    }

    @Override
    public boolean isHeld() {
        return held;
    }

    public boolean isExpired() {
        return expired;
    }

    void markReleased() {
        held = false;
    }

    void markExpired() {
        held = false;
        expired = true;
    }

    @Override
    public void unlock(Disposition disposition) throws CardException {
        holder.unlock(this, disposition);
    }

    @Override
    public void close() {
        if (held) {
            try {
                holder.unlock(this, Disposition.RESET);
            } catch (CardException e) {
                // close() is for try-with-resources: the lock is gone either way, and unlock() reports failures.
            }
        }
    }

    @Override
    public String toString() {
        return "CardLock[" + holder.id() + (held ? ", held" : expired ? ", expired" : ", released") + "]";
    }
}

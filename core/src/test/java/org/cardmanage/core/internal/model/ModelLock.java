package org.cardmanage.core.internal.model;

import org.cardmanage.api.CardLock;

/** One lock an attachment took, and whether the model predicts it is held. */
final class ModelLock {
    final ModelAttachment holder;
    final CardLock lock;
    boolean held = true;
    /**
     * The holder verified the PIN while holding this lock: until the lock ends, nobody may reset the card, so the
     * holder's protected read must succeed.
     */
    boolean verifiedWhileHeld;

    ModelLock(ModelAttachment holder, CardLock lock) {
        this.holder = holder;
        this.lock = lock;
    }

    @Override
    public String toString() {
        return "lock of " + holder;
    }
}

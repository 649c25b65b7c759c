package org.cardmanage.core.internal.model;

import java.util.ArrayList;
import java.util.List;

import org.cardmanage.api.AttachmentState;
import org.cardmanage.core.internal.BundleCardManager;

/**
 * One activation of a client bundle: its card manager and the attachments made through it. A stopped bundle that
 * starts again is a new activation with a number of its own: it is told apart from the old one, whose card state it
 * must not inherit either.
 */
final class ModelBundle {
    final String name;
    final int number;
    final BundleCardManager manager;
    final List<ModelAttachment> attachments = new ArrayList<>();
    /** The locks its attachments took, oldest first; released ones stay, so that the model can unlock twice. */
    final List<ModelLock> locks = new ArrayList<>();
    boolean stopped;

    ModelBundle(String name, int number, BundleCardManager manager) {
        this.name = name;
        this.number = number;
        this.manager = manager;
    }

    /**
     * @return whether it still has an attachment on the card in that reader that it did not detach (active, or revoked
     *     with its reader); an attachment on a card since removed does not hold the card now in the reader
     */
    boolean isAttachedToTheCardIn(ModelReader reader) {
        return attachments.stream().anyMatch(a -> a.reader == reader && a.state != AttachmentState.DETACHED
                && a.onTheCardInTheReader());
    }

    @Override
    public String toString() {
        return name + "#" + number;
    }
}

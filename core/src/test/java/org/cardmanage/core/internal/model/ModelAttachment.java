package org.cardmanage.core.internal.model;

import org.cardmanage.api.Attachment;
import org.cardmanage.api.AttachmentState;
import org.cardmanage.api.ShareMode;
import org.cardmanage.core.internal.attachment.CoreAttachment;
import org.cardmanage.core.internal.testsupport.FakeSession;

/** One attachment: the core's object, the driver session behind it, and the state the model predicts for it. */
final class ModelAttachment {
    final ModelBundle owner;
    final ModelReader reader;
    final CoreAttachment attachment;
    ShareMode mode;
    AttachmentState state = AttachmentState.ACTIVE;
    FakeSession session;
    /** The card it is bound to ({@link ModelReader#cardEpoch}): the one there when it attached or reconnected. */
    int cardEpoch;

    ModelAttachment(ModelBundle owner, ModelReader reader, Attachment attachment, ShareMode mode, FakeSession session) {
        this.owner = owner;
        this.reader = reader;
        this.attachment = (CoreAttachment) attachment;
        this.mode = mode;
        this.session = session;
        this.cardEpoch = reader.cardEpoch;
    }

    /** @return whether it is bound to the card in the reader now, so that what it does reaches that card */
    boolean onTheCardInTheReader() {
        return reader.cardPresent && cardEpoch == reader.cardEpoch;
    }

    boolean holdsLock() {
        return reader.heldLock != null && reader.heldLock.holder == this;
    }

    @Override
    public String toString() {
        return owner + "'s " + attachment.id() + " on " + reader;
    }
}

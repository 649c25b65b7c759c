package org.cardmanage.core.internal.model;

import java.util.List;

import org.cardmanage.api.AccessDeniedException;
import org.cardmanage.api.AttachmentClosedException;
import org.cardmanage.api.AttachmentState;
import org.cardmanage.api.CardRemovedException;
import org.cardmanage.api.CardTimeoutException;
import org.cardmanage.api.NoCardException;
import org.cardmanage.api.ReaderUnavailableException;
import org.cardmanage.api.ScardError;
import org.cardmanage.api.ShareMode;
import org.cardmanage.api.SharingViolationException;
import org.cardmanage.api.UnknownReaderException;

/**
 * What each API call must do in the state the model is in, by the API's documentation: which calls return and which
 * exception each other one throws. The core checks in a documented order (e.g. an unknown reader before the access
 * policy), and so do these.
 */
final class Predictions {

    private Predictions() {
    }

    /**
     * @param others the attachments on the reader, of every bundle
     */
    static Expected attach(boolean configurationReadable, ModelReader reader, ShareMode mode,
            List<ModelAttachment> others) {
        if (!reader.plugged) {
            return Expected.fails(UnknownReaderException.class);
        }
        if (!configurationReadable) {
            // An unreadable configuration denies every attach until it is fixed.
            return Expected.fails(AccessDeniedException.class);
        }
        if (!reader.cardPresent) {
            return Expected.fails(NoCardException.class);
        }
        return sharing(null, mode, others);
    }

    /** A card call on an attachment that is not active fails with the exception that says why. */
    static Expected unusable(ModelAttachment attachment) {
        return switch (attachment.state) {
            case DETACHED -> Expected.fails(AttachmentClosedException.class);
            case REVOKED -> Expected.fails(ReaderUnavailableException.class);
            case CARD_REMOVED -> Expected.fails(CardRemovedException.class);
            case ACTIVE -> null;
        };
    }

    /** A transmit waits the transmit wait for another attachment's lock, and then gives up. */
    static Expected transmit(ModelAttachment attachment) {
        Expected unusable = unusable(attachment);
        if (unusable != null) {
            return unusable;
        }
        return attachment.reader.lockedByOtherThan(attachment) ? Expected.fails(CardTimeoutException.class)
                : Expected.RETURNS;
    }

    static Expected lock(ModelAttachment attachment) {
        Expected unusable = unusable(attachment);
        if (unusable != null) {
            return unusable;
        }
        if (attachment.holdsLock()) {
            return Expected.failsWith(ScardError.SCARD_E_SHARING_VIOLATION);
        }
        return attachment.reader.heldLock != null ? Expected.fails(CardTimeoutException.class) : Expected.RETURNS;
    }

    static Expected unlock(ModelLock lock) {
        if (lock.held) {
            return Expected.RETURNS;
        }
        Expected unusable = unusable(lock.holder);
        return unusable != null ? unusable : Expected.failsWith(ScardError.SCARD_E_NOT_TRANSACTED);
    }

    static Expected detach(ModelAttachment attachment) {
        return attachment.state == AttachmentState.DETACHED ? Expected.fails(AttachmentClosedException.class)
                : Expected.RETURNS;
    }

    /**
     * A reconnect in the attachment's own share mode: checked like an attach (the access policy is checked again), then
     * it ends the attachment's own lock and waits the transmit wait for another attachment's lock.
     */
    static Expected reconnect(boolean configurationReadable, ModelAttachment attachment,
            List<ModelAttachment> others) {
        if (attachment.state == AttachmentState.DETACHED) {
            return Expected.fails(AttachmentClosedException.class);
        }
        if (!configurationReadable) {
            return Expected.fails(AccessDeniedException.class);
        }
        ModelReader reader = attachment.reader;
        if (!reader.plugged) {
            return Expected.fails(ReaderUnavailableException.class);
        }
        if (!reader.cardPresent) {
            return Expected.fails(NoCardException.class);
        }
        Expected sharing = sharing(attachment, attachment.mode, others);
        if (!sharing.returns()) {
            return sharing;
        }
        return reader.lockedByOtherThan(attachment) ? Expected.fails(CardTimeoutException.class) : Expected.RETURNS;
    }

    /** EXCLUSIVE only while no other attachment claims the card; SHARED only while none claims it exclusively. */
    private static Expected sharing(ModelAttachment self, ShareMode mode, List<ModelAttachment> others) {
        for (ModelAttachment other : others) {
            if (other == self || other.state != AttachmentState.ACTIVE) {
                continue;
            }
            if (mode == ShareMode.EXCLUSIVE || other.mode == ShareMode.EXCLUSIVE) {
                return Expected.fails(SharingViolationException.class);
            }
        }
        return Expected.RETURNS;
    }
}

package org.cardmanage.core.internal.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.cardmanage.api.Attachment;
import org.cardmanage.api.AttachmentState;
import org.cardmanage.api.CardException;
import org.cardmanage.api.CardLock;
import org.cardmanage.api.Disposition;
import org.cardmanage.core.internal.CoreLog;

/**
 * The attachments made from the shell, by id, with the lock each holds. Commands act only on these: an operator at
 * the shell must not drive another bundle's attachment behind its back.
 */
final class ShellAttachments {
    private final Map<String, Attachment> attachments = new ConcurrentHashMap<>();
    private final Map<String, CardLock> locks = new ConcurrentHashMap<>();

    void add(Attachment attachment) {
        attachments.put(attachment.id(), attachment);
    }

    /** @return the shell's attachment with that id; fails with a message that lists the ids there are */
    Attachment get(String id) {
        Attachment attachment = attachments.get(id);
        if (attachment == null) {
            List<String> known = new ArrayList<>(attachments.keySet());
            known.sort(ShellAttachments::byNumber);
            throw new ShellException("no attachment '" + id + "' made from this shell; shell attachments: "
                    + (known.isEmpty() ? "none (card:attach READER makes one)" : String.join(", ", known)));
        }
        return attachment;
    }

    void remove(Attachment attachment) {
        attachments.remove(attachment.id(), attachment);
        locks.remove(attachment.id());
    }

    void putLock(Attachment attachment, CardLock lock) {
        locks.put(attachment.id(), lock);
    }

    /** @return the lock the attachment took from the shell and still holds, or null */
    CardLock heldLock(Attachment attachment) {
        CardLock lock = locks.get(attachment.id());
        if (lock != null && !lock.isHeld()) {
            locks.remove(attachment.id(), lock);
            return null;
        }
        return lock;
    }

    /** @return the lock the attachment took from the shell, held or lost since, and forgets it; or null */
    CardLock takeLock(Attachment attachment) {
        return locks.remove(attachment.id());
    }

    /** Ends every shell attachment, as the core does for a bundle that went away. Never throws. */
    void detachAll(Disposition disposition) {
        for (CardLock lock : List.copyOf(locks.values())) {
            lock.close();
        }
        locks.clear();
        for (Attachment attachment : List.copyOf(attachments.values())) {
            if (attachment.state() != AttachmentState.DETACHED) {
                try {
                    attachment.detach(disposition);
                } catch (CardException e) {
                    // The core detached it all the same; only the disposition may not have been applied.
                    CoreLog.warn("detaching shell attachment " + attachment.id() + ": " + e.getMessage());
                }
            }
        }
        attachments.clear();
    }

    /** Orders ids like {@code a-2} before {@code a-10}. */
    static int byNumber(String left, String right) {
        return Long.compare(number(left), number(right)) != 0 ? Long.compare(number(left), number(right))
                : left.compareTo(right);
    }

    private static long number(String id) {
        int dash = id.lastIndexOf('-');
        try {
            return Long.parseLong(id.substring(dash + 1));
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}

package org.cardmanage.api.admin;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.cardmanage.api.Disposition;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The card manager's administration service: what an operator sees and may do across all bundles. Registered by the
 * core; grant it only to administration tools (it bypasses the per-bundle isolation of
 * {@link org.cardmanage.api.CardManager}).
 *
 * <p>Attachments are returned as plain maps, ready for JSON or a table, so that tools need no core types and new keys
 * can be added without breaking them. Each map holds the keys below; values are {@code String}, {@code Long} or
 * {@code Boolean} as documented, never null.
 *
 * @since 1.0
 */
@ProviderType
public interface CardAdmin {

    /** Attachment key: the attachment id, e.g. {@code a-3} (String). */
    String ID = "id";
    /** Attachment key: the reader name (String). */
    String READER = "reader";
    /** Attachment key: {@code SHARED}, {@code EXCLUSIVE} or {@code DIRECT} (String). */
    String SHARE_MODE = "shareMode";
    /** Attachment key: {@code ACTIVE}, {@code CARD_REMOVED}, {@code REVOKED} (String). */
    String STATE = "state";
    /** Attachment key: the owner bundle's symbolic name and id, e.g. {@code com.example.app [12]} (String). */
    String OWNER = "owner";
    /** Attachment key: the owner bundle's id (Long). */
    String OWNER_BUNDLE_ID = "ownerBundleId";
    /** Attachment key: when it was made, in milliseconds since the epoch (Long). */
    String CREATED = "created";
    /** Attachment key: whether it holds the lock (transaction) on its card (Boolean). */
    String LOCK_HELD = "lockHeld";
    /**
     * Attachment key, present only while {@link #LOCK_HELD} is true: how long the lock has gone unused, in
     * milliseconds; 0 while a call runs under it (Long).
     */
    String LOCK_IDLE_MS = "lockIdleMs";

    /**
     * @return a snapshot of every live (not yet detached) attachment of every bundle, ordered by id; each map is
     *     immutable and holds the keys documented on this interface
     */
    List<Map<String, Object>> attachments();

    /**
     * @return the lock idle bound now in force: a lock left unused this long is released with RESET by the core
     */
    Duration lockIdleTimeout();

    /**
     * @return why the core's configuration cannot be read, while it cannot: the core then denies every attach until the
     *     configuration is fixed (it re-reads it when it changes, without a restart); empty when the configuration is
     *     in force
     * @since 1.1
     */
    default java.util.Optional<String> configurationProblem() {
        return java.util.Optional.empty();
    }

    /**
     * Detaches an attachment on the operator's behalf, whichever bundle owns it. Its owner's next call fails with
     * {@link org.cardmanage.api.AttachmentClosedException} naming the reason; card event listeners hear
     * {@code ATTACHMENT_REVOKED}; a lock it held is released. Returns at once: the disposition is applied as soon as the
     * card is clear (after another attachment's lock, if one is held), before anyone else uses the card.
     *
     * @param attachmentId the attachment's id, e.g. {@code a-3}
     * @param disposition what to do with the card: LEAVE, RESET, UNPOWER or EJECT
     * @param reason why, for the owner's exception and the event; e.g. {@code "detached by admin from the web
     *     console"}
     * @return true if a live attachment with that id was detached; false if there is none (unknown or already
     *     detached)
     * @throws IllegalArgumentException if an argument is null or the id or reason is blank
     */
    boolean forceDetach(String attachmentId, Disposition disposition, String reason);
}

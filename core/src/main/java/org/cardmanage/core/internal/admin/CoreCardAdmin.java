package org.cardmanage.core.internal.admin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.cardmanage.api.AttachmentState;
import org.cardmanage.api.Disposition;
import org.cardmanage.api.admin.CardAdmin;
import org.cardmanage.core.internal.CardCore;
import org.cardmanage.core.internal.CoreLog;
import org.cardmanage.core.internal.arbitration.LockIdleness;
import org.cardmanage.core.internal.attachment.CoreAttachment;

/**
 * The core's {@link CardAdmin}: reads the attachment table through {@link CardCore}'s public methods and detaches on
 * an operator's behalf the way the core does for a bundle that went away ({@link CoreAttachment#abandon}).
 */
public final class CoreCardAdmin implements CardAdmin {
    /** Orders {@code a-2} before {@code a-10}. */
    static final Comparator<String> BY_ID_NUMBER = Comparator.comparingLong(CoreCardAdmin::idNumber)
            .thenComparing(Comparator.naturalOrder());

    private final CardCore core;

    public CoreCardAdmin(CardCore core) {
        this.core = core;
    }

    @Override
    public List<Map<String, Object>> attachments() {
        List<CoreAttachment> live = new ArrayList<>();
        for (CoreAttachment attachment : core.allAttachments()) {
            if (attachment.state() != AttachmentState.DETACHED) {
                live.add(attachment);
            }
        }
        live.sort(Comparator.comparing(CoreAttachment::id, BY_ID_NUMBER));
        List<Map<String, Object>> rows = new ArrayList<>(live.size());
        for (CoreAttachment attachment : live) {
            rows.add(row(attachment));
        }
        return List.copyOf(rows);
    }

    static Map<String, Object> row(CoreAttachment attachment) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put(ID, attachment.id());
        row.put(READER, attachment.readerName());
        row.put(SHARE_MODE, attachment.shareMode().name());
        row.put(STATE, attachment.state().name());
        row.put(OWNER, attachment.ownerName());
        row.put(OWNER_BUNDLE_ID, attachment.ownerBundleId());
        row.put(CREATED, attachment.created().toEpochMilli());
        Optional<Duration> idle = LockIdleness.of(attachment);
        row.put(LOCK_HELD, idle.isPresent());
        idle.ifPresent(duration -> row.put(LOCK_IDLE_MS, duration.toMillis()));
        return Collections.unmodifiableMap(row);
    }

    @Override
    public Duration lockIdleTimeout() {
        return core.settings().lockIdleTimeout();
    }

    @Override
    public Optional<String> configurationProblem() {
        return core.configurationProblem();
    }

    @Override
    public boolean forceDetach(String attachmentId, Disposition disposition, String reason) {
        if (attachmentId == null || attachmentId.isBlank() || disposition == null || reason == null
                || reason.isBlank()) {
            throw new IllegalArgumentException("attachment id, disposition and reason must be given, were "
                    + attachmentId + ", " + disposition + ", " + reason);
        }
        for (CoreAttachment attachment : core.allAttachments()) {
            if (attachment.id().equals(attachmentId) && attachment.state() != AttachmentState.DETACHED) {
                CoreLog.info("attachment " + attachmentId + " of " + attachment.ownerName() + " on reader '"
                        + attachment.readerName() + "' detached with " + disposition + ": " + reason);
                attachment.abandon(disposition, reason);
                return true;
            }
        }
        return false;
    }

    private static long idNumber(String id) {
        int dash = id.lastIndexOf('-');
        try {
            return Long.parseLong(id.substring(dash + 1));
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}

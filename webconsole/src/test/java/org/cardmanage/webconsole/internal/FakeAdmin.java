package org.cardmanage.webconsole.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.cardmanage.api.Disposition;
import org.cardmanage.api.admin.CardAdmin;

/** A {@link CardAdmin} with a fixed attachment table that records force-detaches. */
public final class FakeAdmin implements CardAdmin {
    private final List<Map<String, Object>> attachments = new ArrayList<>();
    private final List<String> detached = new ArrayList<>();
    private final Duration bound;

    public FakeAdmin(Duration bound) {
        this.bound = bound;
    }

    private String configurationProblem;

    public FakeAdmin withConfigurationProblem(String problem) {
        configurationProblem = problem;
        return this;
    }

    @Override
    public java.util.Optional<String> configurationProblem() {
        return java.util.Optional.ofNullable(configurationProblem);
    }

    public FakeAdmin with(Map<String, Object> attachment) {
        attachments.add(attachment);
        return this;
    }

    /** @return "ID DISPOSITION: REASON" per force-detach */
    public List<String> detached() {
        return detached;
    }

    @Override
    public List<Map<String, Object>> attachments() {
        return List.copyOf(attachments);
    }

    @Override
    public Duration lockIdleTimeout() {
        return bound;
    }

    @Override
    public boolean forceDetach(String attachmentId, Disposition disposition, String reason) {
        boolean found = attachments.removeIf(row -> attachmentId.equals(row.get(ID)));
        if (found) {
            detached.add(attachmentId + " " + disposition + ": " + reason);
        }
        return found;
    }
}

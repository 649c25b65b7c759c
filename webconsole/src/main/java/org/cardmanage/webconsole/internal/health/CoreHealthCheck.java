package org.cardmanage.webconsole.internal.health;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.ResultLog;
import org.cardmanage.api.admin.CardAdmin;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The core's health: the card manager runs, and no attachment keeps a lock unused beyond the lock idle bound (the
 * core releases such a lock with RESET; one still held past the bound and a grace period means that release failed
 * and every other user of the card is locked out).
 */
@Component(service = HealthCheck.class, property = {
    HealthCheck.NAME + "=" + CoreHealthCheck.NAME,
    HealthCheck.TAGS + "=" + DriverHealthChecks.TAG
})
public final class CoreHealthCheck implements HealthCheck {
    static final String NAME = "cardmanage core";
    /** How far past the bound a lock may be seen before it counts as stuck: the release runs on a worker thread. */
    static final long GRACE_MS = 1000;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile CardAdmin admin;

    @Override
    public Result execute() {
        return evaluate(admin);
    }

    /** @param admin the administration service, or null when the core is not running */
    static Result evaluate(CardAdmin admin) {
        ResultLog log = new ResultLog();
        if (admin == null) {
            log.add(new ResultLog.Entry(Result.Status.CRITICAL,
                    "the card manager is not running (bundle org.cardmanage.core)"));
            return new Result(log);
        }
        admin.configurationProblem().ifPresent(problem -> log.add(new ResultLog.Entry(Result.Status.CRITICAL,
                "the core's configuration cannot be read, so every attach is denied until it is fixed: " + problem)));
        long bound = admin.lockIdleTimeout().toMillis();
        List<Map<String, Object>> attachments = admin.attachments();
        List<String> stuck = new ArrayList<>();
        int locks = 0;
        for (Map<String, Object> attachment : attachments) {
            if (!Boolean.TRUE.equals(attachment.get(CardAdmin.LOCK_HELD))) {
                continue;
            }
            locks++;
            Object idle = attachment.get(CardAdmin.LOCK_IDLE_MS);
            if (idle instanceof Long idleMs && idleMs > bound + GRACE_MS) {
                stuck.add("attachment " + attachment.get(CardAdmin.ID) + " of " + attachment.get(CardAdmin.OWNER)
                        + " has held the lock on '" + attachment.get(CardAdmin.READER) + "' unused for " + idleMs
                        + " ms");
            }
        }
        for (String problem : stuck) {
            log.add(new ResultLog.Entry(Result.Status.CRITICAL, problem + ", beyond the idle bound of " + bound
                    + " ms: the core did not release it (force-detach it from the Smart Cards page)"));
        }
        log.add(new ResultLog.Entry(Result.Status.OK, count(attachments.size(), "attachment") + ", "
                + count(locks, "lock") + " held; lock idle bound " + bound + " ms"));
        return new Result(log);
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}

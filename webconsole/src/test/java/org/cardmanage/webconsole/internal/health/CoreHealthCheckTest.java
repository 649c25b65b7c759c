package org.cardmanage.webconsole.internal.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.apache.felix.hc.api.Result;
import org.cardmanage.api.admin.CardAdmin;
import org.cardmanage.webconsole.internal.FakeAdmin;
import org.junit.jupiter.api.Test;

class CoreHealthCheckTest {

    private static Map<String, Object> lock(String id, long idleMs) {
        return Map.of(CardAdmin.ID, id, CardAdmin.READER, "Reader A", CardAdmin.OWNER, "app [7]",
                CardAdmin.LOCK_HELD, true, CardAdmin.LOCK_IDLE_MS, idleMs);
    }

    @Test
    void locksInUseAreHealthy() {
        FakeAdmin admin = new FakeAdmin(Duration.ofSeconds(5)).with(lock("a-1", 4_000))
                .with(Map.of(CardAdmin.ID, "a-2", CardAdmin.LOCK_HELD, false));

        Result result = CoreHealthCheck.evaluate(admin);

        assertThat(result.getStatus()).isEqualTo(Result.Status.OK);
        assertThat(result.toString()).contains("2 attachments, 1 lock held; lock idle bound 5000 ms");
    }

    @Test
    void aLockUnusedBeyondTheBoundAndTheGraceIsCritical() {
        FakeAdmin admin = new FakeAdmin(Duration.ofSeconds(5)).with(lock("a-3", 5_000 + CoreHealthCheck.GRACE_MS + 1));

        Result result = CoreHealthCheck.evaluate(admin);

        assertThat(result.getStatus()).isEqualTo(Result.Status.CRITICAL);
        assertThat(result.toString()).contains("attachment a-3 of app [7] has held the lock on 'Reader A' unused");
    }

    @Test
    void aLockJustPastTheBoundIsWithinTheGrace() {
        FakeAdmin admin = new FakeAdmin(Duration.ofSeconds(5)).with(lock("a-3", 5_000 + CoreHealthCheck.GRACE_MS));

        assertThat(CoreHealthCheck.evaluate(admin).getStatus()).isEqualTo(Result.Status.OK);
    }

    @Test
    void anUnreadableConfigurationIsCritical() {
        FakeAdmin admin = new FakeAdmin(Duration.ofSeconds(5))
                .withConfigurationProblem("lock.idle.timeout.ms = '5s': expected a whole number of milliseconds");

        Result result = CoreHealthCheck.evaluate(admin);

        assertThat(result.getStatus()).isEqualTo(Result.Status.CRITICAL);
        assertThat(result.toString()).contains("every attach is denied").contains("lock.idle.timeout.ms = '5s'");
    }

    @Test
    void withoutTheCoreItIsCritical() {
        Result result = CoreHealthCheck.evaluate(null);

        assertThat(result.getStatus()).isEqualTo(Result.Status.CRITICAL);
        assertThat(result.toString()).contains("not running");
    }
}

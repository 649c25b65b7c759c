package org.cardmanage.itests.web;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.time.Duration;

import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.execution.HealthCheckExecutor;
import org.cardmanage.api.Attachment;
import org.cardmanage.api.CardLock;
import org.cardmanage.api.admin.CardAdmin;
import org.cardmanage.api.Disposition;
import org.cardmanage.itests.Await;
import org.cardmanage.itests.CardmanageTestBase;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * The cardmanage health checks in a real framework with Felix Health Checks: one for the core, one per driver, tagged
 * {@code cardmanage}; they follow the core and the drivers as they stop and start.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HealthCheckIT extends CardmanageTestBase {

    @Configuration
    public Option[] config() {
        return options(baseOptions(), HealthChecks.options());
    }

    private HealthCheckExecutor executor() {
        return service(HealthCheckExecutor.class);
    }

    private void awaitStatus(String check, Result.Status status) {
        Await.until("health check '" + check + "' is " + status,
                () -> status == HealthChecks.status(executor(), check), WAIT);
    }

    @Test
    public void theCoreAndTheSimulatorAreHealthy() {
        awaitStatus(HealthChecks.CORE, Result.Status.OK);
        awaitStatus(HealthChecks.SIM, Result.Status.OK);

        assertTrue(HealthChecks.messages(executor(), HealthChecks.SIM),
                HealthChecks.messages(executor(), HealthChecks.SIM).contains("Sim Reader 0 (card)"));
        assertNull("driver-pcsc is not installed here", HealthChecks.status(executor(), HealthChecks.PCSC));
    }

    @Test
    public void aLockInUseKeepsTheCoreHealthy() throws Exception {
        try (Attachment attachment = cardManager().attachByReader(SIM_READER);
                CardLock lock = attachment.lock(Duration.ofSeconds(5))) {
            String messages = HealthChecks.messages(executor(), HealthChecks.CORE);

            assertEquals(messages, Result.Status.OK, HealthChecks.status(executor(), HealthChecks.CORE));
            assertTrue(messages, messages.contains("1 lock held"));
        }
    }

    @Test
    public void theCoreCheckTurnsCriticalWhileTheCoreIsStopped() {
        Bundle core = installedBundle("org.cardmanage.core");
        stop(core);
        try {
            awaitStatus(HealthChecks.CORE, Result.Status.CRITICAL);
            assertTrue(HealthChecks.messages(executor(), HealthChecks.CORE).contains("not running"));
        } finally {
            start(core);
        }
        awaitStatus(HealthChecks.CORE, Result.Status.OK);
        awaitReader(SIM_READER);
    }

    @Test
    public void aDriversCheckGoesAndComesWithTheDriver() {
        awaitStatus(HealthChecks.SIM, Result.Status.OK);
        stop(driverSimBundle());
        try {
            Await.until("the sim driver's check is gone", () -> HealthChecks.status(executor(), HealthChecks.SIM) == null,
                    WAIT);
        } finally {
            start(driverSimBundle());
        }
        awaitStatus(HealthChecks.SIM, Result.Status.OK);
    }

    @Test
    public void anOperatorsForceDetachIsSeenByTheOwner() throws Exception {
        Attachment attachment = cardManager().attachByReader(SIM_READER);
        CardAdmin admin = service(CardAdmin.class);

        assertTrue(admin.forceDetach(attachment.id(), Disposition.RESET, "detached by the test"));

        Await.until("the attachment is detached", () -> attachment.state().name().equals("DETACHED"), WAIT);
        assertTrue(admin.attachments().stream().noneMatch(row -> attachment.id().equals(row.get(CardAdmin.ID))));
    }
}

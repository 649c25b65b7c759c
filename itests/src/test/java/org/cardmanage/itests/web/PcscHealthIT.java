package org.cardmanage.itests.web;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.execution.HealthCheckExecutor;
import org.cardmanage.itests.Await;
import org.cardmanage.itests.pcsc.PcscTestBase;
import org.cardmanage.itests.pcsc.PcscTestBed;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.InvalidSyntaxException;

/**
 * The PC/SC driver's health check against the real pcscd of the test bed: green while pcscd serves the vpcd readers,
 * red (CRITICAL, "not reachable") once pcscd is stopped, green again when it is back. Skipped without pcscd, required
 * in CI, as every PC/SC test.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PcscHealthIT extends PcscTestBase {
    private static final String AVAILABLE = "(osgi.condition.id=org.cardmanage.driver.pcsc.available)";

    @Configuration
    public Option[] config() {
        return options(pcscOptions(), HealthChecks.options());
    }

    private HealthCheckExecutor executor() {
        return service(HealthCheckExecutor.class);
    }

    private void awaitStatus(Result.Status status) {
        try {
            Await.until("the PC/SC driver's health check is " + status,
                    () -> status == HealthChecks.status(executor(), HealthChecks.PCSC), PCSC_WAIT);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; it says: " + HealthChecks.messages(executor(),
                    HealthChecks.PCSC), e);
        }
    }

    private boolean conditionRegistered() {
        try {
            return context.getAllServiceReferences("org.osgi.service.condition.Condition", AVAILABLE) != null;
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    public void theCheckTurnsRedWhenPcscdStopsAndGreenWhenItIsBack() throws Exception {
        awaitStatus(Result.Status.OK);
        String healthy = HealthChecks.messages(executor(), HealthChecks.PCSC);
        assertTrue(healthy, healthy.contains("the PC/SC service (pcscd) is reachable"));
        assertTrue(healthy, healthy.contains(PcscTestBed.READER_0 + " (card)"));
        assertTrue(conditionRegistered());

        PcscTestBed.testBed("stop");
        try {
            awaitStatus(Result.Status.CRITICAL);
            String down = HealthChecks.messages(executor(), HealthChecks.PCSC);
            assertTrue(down, down.contains("the PC/SC service (pcscd) is not reachable"));
            assertTrue(down, down.contains("offers no readers"));
            assertTrue("the availability condition is withdrawn", !conditionRegistered());
            assertEquals(Result.Status.OK, HealthChecks.status(executor(), HealthChecks.CORE));
        } finally {
            PcscTestBed.testBed("start");
        }
        awaitStatus(Result.Status.OK);
        assertTrue(conditionRegistered());
        awaitPcscCard(PcscTestBed.READER_0); // for the base class's clean-up: the card is seen again
    }

    @Test
    public void theCheckLeavesWithTheDriver() {
        awaitStatus(Result.Status.OK);
        stop(driverPcscBundle());
        try {
            Await.until("the PC/SC driver's check is gone",
                    () -> HealthChecks.status(executor(), HealthChecks.PCSC) == null, PCSC_WAIT);
            assertNull(HealthChecks.status(executor(), HealthChecks.PCSC));
        } finally {
            start(driverPcscBundle());
        }
        awaitStatus(Result.Status.OK);
        assertNotNull(HealthChecks.status(executor(), HealthChecks.PCSC));
        awaitPcscCard(PcscTestBed.READER_0);
    }
}

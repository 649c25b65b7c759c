package org.cardmanage.itests.reliability;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.cardmanage.api.Attachment;
import org.cardmanage.api.AttachmentClosedException;
import org.cardmanage.api.CardIOException;
import org.cardmanage.api.CardManager;
import org.cardmanage.api.CardTimeoutException;
import org.cardmanage.api.Disposition;
import org.cardmanage.api.ReaderUnavailableException;
import org.cardmanage.api.ResponseApdu;
import org.cardmanage.itests.Apdus;
import org.cardmanage.itests.Background;
import org.cardmanage.itests.CardmanageTestBase;
import org.cardmanage.itests.ClientBundles;
import org.cardmanage.itests.DriverBundles;
import org.cardmanage.itests.drivers.HostileDriverActivator;
import org.cardmanage.itests.drivers.HostileSession.Flaw;
import org.junit.After;
import org.junit.Assume;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

/**
 * A third-party driver bundle whose transmit throws unchecked exceptions, blocks (answering interrupts or not), or
 * returns malformed responses (empty, 1 byte, 70 000 bytes): callers get typed errors within their bounds, a blocked
 * caller is released when the driver goes away, its owner bundle stops, an operator detaches it or the core's driver
 * call bound passes; other attachments of that card wait only their own bound, and other readers are not affected.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HostileDriverIT extends CardmanageTestBase {
    private static final Duration SHORT_WAIT = Duration.ofMillis(300);

    private Background<ResponseApdu> stuck;

    @Configuration
    public Option[] config() {
        return options(baseOptions(), ClientBundles.clientBundles(), DriverBundles.hostileDriver());
    }

    @After
    public void driverAndClientsBack() {
        restoreCoreDefaults();
        configureCore(Map.of("driver.call.timeout.ms", 60_000L));
        Bundle driver = installedBundle(DriverBundles.HOSTILE);
        if (stuck != null && stuck.isRunning()) {
            stop(driver); // lets go of a transmit that ignores interrupts
        }
        for (Bundle bundle : List.of(driver, installedBundle(CLIENT_A), installedBundle(CLIENT_B))) {
            if (bundle.getState() != Bundle.ACTIVE) {
                start(bundle);
            }
        }
        if (stuck != null) {
            stuck.cancel();
        }
    }

    @Test
    public void malformedResponsesAreCardIOExceptionsNamingTheReader() throws Exception {
        for (Flaw flaw : List.of(Flaw.EMPTY, Flaw.ONE_BYTE, Flaw.HUGE)) {
            try (Attachment attachment = attach(cardManager(), flaw)) {
                CardIOException thrown = assertThrows(CardIOException.class,
                        () -> attachment.transmit(Apdus.SELECT_MF));
                assertMentions(thrown, reader(flaw));
                assertMentions(thrown, "malformed response");
            }
        }
        assertOthersUnaffected();
    }

    @Test
    public void uncheckedExceptionsAndErrorsAreCardIOExceptions() throws Exception {
        for (Flaw flaw : List.of(Flaw.THROWS_RUNTIME, Flaw.THROWS_ERROR)) {
            try (Attachment attachment = attach(cardManager(), flaw)) {
                CardIOException thrown = assertThrows(CardIOException.class,
                        () -> attachment.transmit(Apdus.SELECT_MF));
                assertMentions(thrown, reader(flaw));
                assertThrows("and again", CardIOException.class, () -> attachment.transmit(Apdus.SELECT_MF));
            }
        }
        assertOthersUnaffected();
    }

    @Test
    public void blockedCallerIsReleasedWhenTheDriverGoesAway() throws Exception {
        Attachment attachment = attach(cardManager(), Flaw.BLOCKS);
        stuck = Background.start("transmit to a blocking driver", () -> attachment.transmit(Apdus.SELECT_MF))
                .awaitBlocked(WAIT);

        stop(installedBundle(DriverBundles.HOSTILE));

        assertMentions(stuck.failure(ReaderUnavailableException.class, WAIT), reader(Flaw.BLOCKS));
        assertOthersUnaffected();
    }

    @Test
    public void blockedCallerIsReleasedWhenItsBundleStops() throws Exception {
        Attachment attachment = attach(managerOf(CLIENT_A), Flaw.BLOCKS);
        stuck = Background.start("client A's transmit to a blocking driver",
                () -> attachment.transmit(Apdus.SELECT_MF)).awaitBlocked(WAIT);

        stop(installedBundle(CLIENT_A));

        stuck.failure(AttachmentClosedException.class, WAIT);
        assertOthersUnaffected();
    }

    @Test
    public void blockedCallerIsReleasedWhenAnOperatorDetachesIt() throws Exception {
        Object admin = cardAdmin();
        Attachment attachment = attach(managerOf(CLIENT_A), Flaw.BLOCKS);
        stuck = Background.start("transmit to a blocking driver", () -> attachment.transmit(Apdus.SELECT_MF))
                .awaitBlocked(WAIT);

        Method forceDetach = admin.getClass().getMethod("forceDetach", String.class, Disposition.class, String.class);
        assertEquals(Boolean.TRUE, forceDetach.invoke(admin, attachment.id(), Disposition.RESET, "stuck, by test"));

        assertMentions(stuck.failure(AttachmentClosedException.class, WAIT), "stuck, by test");
        assertOthersUnaffected();
    }

    @Test
    public void blockedCallIsCutShortByTheCoresDriverCallBound() throws Exception {
        configureCore(Map.of("driver.call.timeout.ms", 500L));
        Attachment attachment = attach(cardManager(), Flaw.BLOCKS);
        long start = System.nanoTime();

        CardTimeoutException thrown = assertThrows(CardTimeoutException.class,
                () -> attachment.transmit(Apdus.SELECT_MF));

        long millis = (System.nanoTime() - start) / 1_000_000;
        assertMentions(thrown, "driver.call.timeout.ms");
        assertTrue("cut short within its bound plus one look of the watchdog, not " + millis + " ms", millis < 5_000);
        assertEquals("the caller's thread is not left interrupted", false, Thread.currentThread().isInterrupted());
        attachment.close();
        assertOthersUnaffected();
    }

    @Test
    public void driverIgnoringInterruptsKeepsOnlyItsOwnCallerBlocked() throws Exception {
        configureCore(Map.of(TRANSMIT_WAIT_MS, SHORT_WAIT.toMillis()));
        Attachment blocked = attach(managerOf(CLIENT_A), Flaw.BLOCKS_IGNORING_INTERRUPTS);
        Attachment neighbour = attach(managerOf(CLIENT_B), Flaw.BLOCKS_IGNORING_INTERRUPTS);
        stuck = Background.start("transmit to a driver that ignores interrupts",
                () -> blocked.transmit(Apdus.SELECT_MF)).awaitBlocked(WAIT);

        CardTimeoutException waited = assertThrows(CardTimeoutException.class,
                () -> neighbour.transmit(Apdus.SELECT_MF));
        assertMentions(waited, reader(Flaw.BLOCKS_IGNORING_INTERRUPTS));
        assertOthersUnaffected();
        neighbour.close();
        assertTrue("the caller of a driver that ignores interrupts stays blocked", stuck.isRunning());

        stop(installedBundle(DriverBundles.HOSTILE)); // the driver lets go when it stops
        assertMentions(stuck.failure(ReaderUnavailableException.class, WAIT), reader(Flaw.BLOCKS_IGNORING_INTERRUPTS));
    }

    private static String reader(Flaw flaw) {
        return HostileDriverActivator.readerName(flaw);
    }

    private Attachment attach(CardManager manager, Flaw flaw) throws Exception {
        awaitCard(reader(flaw));
        return manager.attachByReader(reader(flaw));
    }

    /** The simulated reader still works, and the core lists its readers. */
    private void assertOthersUnaffected() throws Exception {
        try (Attachment other = cardManager().attachByReader(SIM_READER)) {
            assertEquals(Apdus.SW_OK, other.transmit(Apdus.SELECT_MF).sw());
        }
        assertTrue(reader(SIM_READER).isPresent());
    }

    /** The core's administration service, looked up by name: operators' tools use it, applications never do. */
    private Object cardAdmin() {
        ServiceReference<?> reference = context.getServiceReference("org.cardmanage.api.admin.CardAdmin");
        Assume.assumeTrue("no CardAdmin service in this build", reference != null);
        return context.getService(reference);
    }
}

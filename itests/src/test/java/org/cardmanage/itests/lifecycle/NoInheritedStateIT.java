package org.cardmanage.itests.lifecycle;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.cardmanage.api.AccessDeniedException;
import org.cardmanage.api.AttachOptions;
import org.cardmanage.api.Attachment;
import org.cardmanage.api.AttachmentClosedException;
import org.cardmanage.api.AttachmentState;
import org.cardmanage.api.CardLock;
import org.cardmanage.api.Disposition;
import org.cardmanage.api.admin.CardAdmin;
import org.cardmanage.itests.Apdus;
import org.cardmanage.itests.Await;
import org.cardmanage.itests.Background;
import org.cardmanage.itests.CardmanageTestBase;
import org.cardmanage.itests.ClientBundles;
import org.junit.After;
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
 * The attachment lifecycle's promises in a real Felix, with client bundles of their own: a bundle never finds the card
 * in a security state another bundle established and left (unless that one said LEAVE), whoever holds the lock when
 * the other goes; stopping a client bundle never waits for other bundles' locks; a configuration the core cannot read
 * denies every attach; and the core registers no internal object.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class NoInheritedStateIT extends CardmanageTestBase {
    /** A bound for a client bundle's stop that a wait for another bundle's lock (5 s) cannot meet. */
    private static final long STOP_BOUND_MS = 1000;

    private Background<CardLock> waiter;

    @Configuration
    public Option[] config() {
        return options(baseOptions(), ClientBundles.clientBundles());
    }

    @After
    public void clientsBack() throws IOException {
        if (waiter != null) {
            waiter.cancel();
        }
        org.osgi.service.cm.Configuration core = configAdmin().getConfiguration(CORE_PID, "?");
        Dictionary<String, Object> properties = core.getProperties();
        if (properties != null && (properties.get("access.policy") != null
                || !Long.valueOf(5000L).equals(properties.get(LOCK_IDLE_TIMEOUT_MS)))) {
            properties.remove("access.policy");
            properties.put(LOCK_IDLE_TIMEOUT_MS, 5000L);
            core.update(properties);
            Await.until("the core's configuration is readable", () -> admin().configurationProblem().isEmpty()
                    && Long.valueOf(5000L).equals(admin().lockIdleTimeout().toMillis()), WAIT);
        }
        restoreCoreDefaults();
        for (String client : List.of(CLIENT_A, CLIENT_B)) {
            Bundle bundle = installedBundle(client);
            if (bundle.getState() != Bundle.ACTIVE) {
                start(bundle);
            }
        }
    }

    private CardAdmin admin() {
        return service(CardAdmin.class);
    }

    @Test
    public void aDepartingBundlesVerifiedPinDoesNotReachTheNextUserWhoeverHeldTheLock() throws Exception {
        freshCard(SIM_READER);
        Attachment departing = managerOf(CLIENT_A).attachByReader(SIM_READER);
        Apdus.verifyPin(departing);
        Attachment holder = cardManager().attachByReader(SIM_READER);
        CardLock lock = holder.lock(Duration.ofSeconds(2));
        assertEquals(Apdus.SW_OK, holder.transmit(Apdus.SELECT_MF).sw());

        long stop = stopTimed(CLIENT_A);

        assertEquals(AttachmentState.DETACHED, departing.state());
        // The holder keeps its transaction: the departed bundle's RESET is owed, not pulled from under the lock.
        assertEquals(Apdus.SW_OK, holder.transmit(Apdus.SELECT_MF).sw());
        lock.unlock(Disposition.LEAVE);
        holder.detach(Disposition.LEAVE);
        Attachment next = managerOf(CLIENT_B).attachByReader(SIM_READER, AttachOptions.exclusive());
        assertEquals("the next user reads the PIN-protected file", Apdus.SW_SECURITY_NOT_SATISFIED,
                Apdus.readSecretFile(next));
        System.out.println("RELIABILITY client bundle stop under another bundle's lock: " + stop + " ms");
    }

    @Test
    public void stoppingAClientNeverWaitsForAnotherBundlesLockAndReleasesItsBlockedCallers() throws Exception {
        Attachment first = managerOf(CLIENT_A).attachByReader(SIM_READER);
        Attachment second = managerOf(CLIENT_A).attachByReader(SIM_READER);
        CardLock foreign = managerOf(CLIENT_B).attachByReader(SIM_READER).lock(Duration.ofSeconds(2));
        waiter = Background.start("A's lock(30s)", () -> second.lock(Duration.ofSeconds(30))).awaitBlocked(WAIT);

        long stop = stopTimed(CLIENT_A);

        waiter.failure(AttachmentClosedException.class, WAIT);
        assertEquals(AttachmentState.DETACHED, first.state());
        assertTrue(foreign.isHeld());
        System.out.println("RELIABILITY client bundle stop with 2 attachments and a blocked lock(): " + stop + " ms");
    }

    @Test
    public void closingAnAttachmentLeavesNoVerifiedPinBehind() throws Exception {
        freshCard(SIM_READER);
        try (Attachment attachment = managerOf(CLIENT_A).attachByReader(SIM_READER)) {
            Apdus.verifyPin(attachment);
            assertEquals(Apdus.SW_OK, Apdus.readSecretFile(attachment));
        }

        Attachment next = managerOf(CLIENT_B).attachByReader(SIM_READER);
        assertEquals(Apdus.SW_SECURITY_NOT_SATISFIED, Apdus.readSecretFile(next));
    }

    @Test
    public void closingALockLeavesNoVerifiedPinBehind() throws Exception {
        freshCard(SIM_READER);
        Attachment attachment = managerOf(CLIENT_A).attachByReader(SIM_READER);
        try (CardLock lock = attachment.lock(Duration.ofSeconds(2))) {
            Apdus.verifyPin(attachment);
            assertEquals(Apdus.SW_OK, Apdus.readSecretFile(attachment));
        }

        Attachment other = managerOf(CLIENT_B).attachByReader(SIM_READER);
        assertEquals(Apdus.SW_SECURITY_NOT_SATISFIED, Apdus.readSecretFile(other));
    }

    @Test
    public void anExplicitLeaveKeepsTheBundlesOwnSession() throws Exception {
        freshCard(SIM_READER);
        Attachment attachment = managerOf(CLIENT_A).attachByReader(SIM_READER);
        CardLock lock = attachment.lock(Duration.ofSeconds(2));
        Apdus.verifyPin(attachment);
        lock.unlock(Disposition.LEAVE);

        assertEquals(Apdus.SW_OK, Apdus.readSecretFile(attachment));
    }

    @Test
    public void aConfigurationTheCoreCannotReadDeniesEveryAttachUntilItIsFixed() throws Exception {
        configureCore(Map.of(LOCK_IDLE_TIMEOUT_MS, "5s", "access.policy", "allow * = *"));
        Await.until("the core reports its configuration unreadable", () -> admin().configurationProblem().isPresent(),
                WAIT);

        AccessDeniedException denied = assertThrows(AccessDeniedException.class,
                () -> managerOf(CLIENT_A).attachByReader(SIM_READER));
        assertMentions(denied, "lock.idle.timeout.ms = '5s'");

        configureCore(Map.of(LOCK_IDLE_TIMEOUT_MS, 4000L));
        Await.until("the core reads its configuration again", () -> admin().configurationProblem().isEmpty(), WAIT);
        assertEquals(AttachmentState.ACTIVE, managerOf(CLIENT_A).attachByReader(SIM_READER).state());
    }

    @Test
    public void theCoreRegistersNoInternalObject() throws Exception {
        Bundle core = installedBundle("org.cardmanage.core");
        ServiceReference<?>[] registered = core.getRegisteredServices();
        assertTrue(registered != null && registered.length > 0);
        for (ServiceReference<?> reference : registered) {
            String[] classes = (String[]) reference.getProperty("objectClass");
            assertFalse("the core registers " + Arrays.toString(classes),
                    Arrays.stream(classes).anyMatch(name -> name.contains(".internal.")));
        }
        assertEquals(null, context.getServiceReferences((String) null,
                "(objectClass=org.cardmanage.core.internal.CardCore)"));
    }

    /** Stops a client bundle and returns how long {@code Bundle.stop()} took; fails past {@link #STOP_BOUND_MS}. */
    private long stopTimed(String client) {
        long start = System.nanoTime();
        stop(installedBundle(client));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue("stopping " + client + " took " + millis + " ms", millis < STOP_BOUND_MS);
        return millis;
    }
}

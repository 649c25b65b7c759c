package org.cardmanage.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.cardmanage.api.AttachOptions;
import org.cardmanage.api.Attachment;
import org.cardmanage.api.AttachmentClosedException;
import org.cardmanage.api.AttachmentState;
import org.cardmanage.api.CardEvent;
import org.cardmanage.api.CardException;
import org.cardmanage.api.CardLock;
import org.cardmanage.api.CardManager;
import org.cardmanage.api.SharingViolationException;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * Each client bundle owns what it attached: it sees only its own attachments, and when it stops, the core detaches
 * them (with RESET by default) and frees their locks.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ClientBundleIT extends CardmanageTestBase {
    private Background<CardLock> waiter;
    private EventRecorder recorder;

    @Configuration
    public Option[] config() {
        return options(baseOptions(), ClientBundles.clientBundles());
    }

    @After
    public void clientsBack() {
        if (waiter != null) {
            waiter.cancel();
        }
        if (recorder != null) {
            recorder.unregister();
        }
        restoreCoreDefaults();
        for (String client : List.of(CLIENT_A, CLIENT_B)) {
            Bundle bundle = installedBundle(client);
            if (bundle.getState() != Bundle.ACTIVE) {
                start(bundle);
            }
        }
    }

    @Test
    public void eachClientBundleHasItsOwnCardManager() {
        CardManager a = managerOf(CLIENT_A);
        CardManager b = managerOf(CLIENT_B);

        assertFalse(a == b);
        assertFalse(a == cardManager());
    }

    @Test
    public void clientBundleSeesOnlyItsOwnAttachments() throws Exception {
        Attachment ofA = managerOf(CLIENT_A).attachByReader(SIM_READER);
        Attachment ofB = managerOf(CLIENT_B).attachByReader(SIM_READER);

        assertEquals(List.of(ofA), managerOf(CLIENT_A).attachments());
        assertEquals(List.of(ofB), managerOf(CLIENT_B).attachments());
        assertEquals(List.of(), cardManager().attachments());
    }

    @Test
    public void stoppingClientBundleDetachesItsAttachments() throws Exception {
        Attachment ofA = managerOf(CLIENT_A).attachByReader(SIM_READER);
        Attachment ofB = managerOf(CLIENT_B).attachByReader(SIM_READER);

        stop(installedBundle(CLIENT_A));

        Await.until("A's attachment is detached", () -> ofA.state() == AttachmentState.DETACHED, WAIT);
        assertThrows(AttachmentClosedException.class, () -> ofA.transmit(Apdus.SELECT_MF));
        assertEquals("B's attachment lives on", AttachmentState.ACTIVE, ofB.state());
        assertEquals(Apdus.SW_OK, ofB.transmit(Apdus.SELECT_MF).sw());
    }

    @Test
    public void stoppingClientBundleFreesExclusiveAccess() throws Exception {
        managerOf(CLIENT_A).attachByReader(SIM_READER, AttachOptions.exclusive());

        stop(installedBundle(CLIENT_A));

        Attachment ofB = Await.value("B can attach exclusively", () -> {
            try {
                return managerOf(CLIENT_B).attachByReader(SIM_READER, AttachOptions.exclusive());
            } catch (SharingViolationException stillHeld) {
                return null;
            } catch (CardException e) {
                throw new AssertionError(e);
            }
        }, WAIT);
        assertEquals(Apdus.SW_OK, ofB.transmit(Apdus.SELECT_MF).sw());
    }

    @Test
    public void stoppingClientBundleReleasesItsLockToWaitingBundle() throws Exception {
        Attachment ofA = managerOf(CLIENT_A).attachByReader(SIM_READER);
        Attachment ofB = managerOf(CLIENT_B).attachByReader(SIM_READER);
        ofA.lock(Duration.ofSeconds(1));
        waiter = Background.start("B's lock(30s)", () -> ofB.lock(Duration.ofSeconds(30))).awaitBlocked(WAIT);

        stop(installedBundle(CLIENT_A));

        CardLock granted = waiter.result(WAIT);
        assertTrue(granted.isHeld());
        assertEquals(Apdus.SW_OK, ofB.transmit(Apdus.SELECT_MF).sw());
    }

    @Test
    public void stoppingClientBundleResetsTheCardsSecurityState() throws Exception {
        freshCard(SIM_READER);
        Attachment ofA = managerOf(CLIENT_A).attachByReader(SIM_READER);
        Apdus.verifyPin(ofA);
        assertEquals("A reads EF 5001 after VERIFY", Apdus.SW_OK, Apdus.readSecretFile(ofA));

        stop(installedBundle(CLIENT_A));
        Await.until("A's attachment is detached", () -> ofA.state() == AttachmentState.DETACHED, WAIT);

        Attachment ofB = managerOf(CLIENT_B).attachByReader(SIM_READER);
        assertEquals("B reads EF 5001 after A's bundle went away", Apdus.SW_SECURITY_NOT_SATISFIED,
                Apdus.readSecretFile(ofB));
    }

    @Test
    public void abandonDispositionLeaveKeepsTheCardsSecurityState() throws Exception {
        configureCore(Map.of(ABANDON_DISPOSITION, "LEAVE"));
        freshCard(SIM_READER);
        Attachment ofA = managerOf(CLIENT_A).attachByReader(SIM_READER);
        Apdus.verifyPin(ofA);

        stop(installedBundle(CLIENT_A));
        Await.until("A's attachment is detached", () -> ofA.state() == AttachmentState.DETACHED, WAIT);

        Attachment ofB = managerOf(CLIENT_B).attachByReader(SIM_READER);
        assertEquals("B reads EF 5001 after A's bundle went away with LEAVE", Apdus.SW_OK,
                Apdus.readSecretFile(ofB));
    }

    @Test
    public void stoppingClientBundleTellsListenersAttachmentRevoked() throws Exception {
        recorder = EventRecorder.register(context, SIM_READER);
        Attachment ofA = managerOf(CLIENT_A).attachByReader(SIM_READER);

        stop(installedBundle(CLIENT_A));

        CardEvent revoked = recorder.await("ATTACHMENT_REVOKED for " + ofA.id(),
                e -> e.type() == CardEvent.Type.ATTACHMENT_REVOKED && e.attachmentId().orElse("").equals(ofA.id()),
                WAIT);
        assertEquals(SIM_READER, revoked.readerName());
    }
}

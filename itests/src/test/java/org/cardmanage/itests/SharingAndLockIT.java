package org.cardmanage.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.cardmanage.api.AttachOptions;
import org.cardmanage.api.Attachment;
import org.cardmanage.api.AttachmentClosedException;
import org.cardmanage.api.CardException;
import org.cardmanage.api.CardLock;
import org.cardmanage.api.CardManager;
import org.cardmanage.api.CardResetException;
import org.cardmanage.api.CardTimeoutException;
import org.cardmanage.api.Disposition;
import org.cardmanage.api.ScardError;
import org.cardmanage.api.ShareMode;
import org.cardmanage.api.SharingViolationException;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Arbitration between two client bundles, each with its own card manager: share modes, card locks (transactions),
 * waiting for a lock, and the idle bound after which the core takes a lock away with RESET.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SharingAndLockIT extends CardmanageTestBase {
    private CardManager a;
    private CardManager b;
    private Background<CardLock> waiter;

    @Configuration
    public Option[] config() {
        return options(baseOptions(), ClientBundles.clientBundles());
    }

    @Before
    public void clients() {
        a = managerOf(CLIENT_A);
        b = managerOf(CLIENT_B);
    }

    @After
    public void restore() {
        if (waiter != null) {
            waiter.cancel();
        }
        restoreCoreDefaults();
    }

    // ---- share modes ----------------------------------------------------------------------------------------------

    @Test
    public void exclusiveAttachmentMakesOtherBundlesSharedAttachFail() throws Exception {
        a.attachByReader(SIM_READER, AttachOptions.exclusive());

        assertThrows(SharingViolationException.class, () -> b.attachByReader(SIM_READER, AttachOptions.shared()));
    }

    @Test
    public void sharedAttachSucceedsOnceExclusiveHolderDetaches() throws Exception {
        Attachment exclusive = a.attachByReader(SIM_READER, AttachOptions.exclusive());
        assertThrows(SharingViolationException.class, () -> b.attachByReader(SIM_READER));

        exclusive.detach(Disposition.LEAVE);

        Attachment shared = b.attachByReader(SIM_READER);
        assertEquals(Apdus.SW_OK, shared.transmit(Apdus.SELECT_MF).sw());
    }

    @Test
    public void exclusiveAttachFailsWhileOtherBundleShares() throws Exception {
        b.attachByReader(SIM_READER, AttachOptions.shared());

        SharingViolationException thrown = assertThrows(SharingViolationException.class,
                () -> a.attachByReader(SIM_READER, AttachOptions.exclusive()));
        assertMentions(thrown, SIM_READER);
    }

    @Test
    public void reconnectToExclusiveFailsWhileOtherBundleShares() throws Exception {
        Attachment mine = a.attachByReader(SIM_READER);
        b.attachByReader(SIM_READER);

        assertThrows(SharingViolationException.class,
                () -> mine.reconnect(ShareMode.EXCLUSIVE, Disposition.LEAVE));
        assertEquals("the attachment keeps its share mode", ShareMode.SHARED, mine.shareMode());
        assertEquals(Apdus.SW_OK, mine.transmit(Apdus.SELECT_MF).sw());
    }

    @Test
    public void twoBundlesShareTheCard() throws Exception {
        Attachment first = a.attachByReader(SIM_READER);
        Attachment second = b.attachByReader(SIM_READER);

        assertEquals(Apdus.SW_OK, first.transmit(Apdus.SELECT_MF).sw());
        assertEquals(Apdus.SW_OK, second.transmit(Apdus.SELECT_MF).sw());
        assertEquals(List.of(first), a.attachments());
        assertEquals(List.of(second), b.attachments());
    }

    // ---- lock contention ------------------------------------------------------------------------------------------

    @Test
    public void lockTimesOutWhileOtherBundleHoldsTheLock() throws Exception {
        Attachment holder = a.attachByReader(SIM_READER);
        Attachment contender = b.attachByReader(SIM_READER);
        holder.lock(Duration.ofSeconds(1));

        CardTimeoutException thrown =
                assertThrows(CardTimeoutException.class, () -> contender.lock(Duration.ofMillis(200)));
        assertMentions(thrown, SIM_READER);
    }

    @Test
    public void transmitTimesOutWhileOtherBundleHoldsTheLock() throws Exception {
        configureCore(Map.of(TRANSMIT_WAIT_MS, 300L));
        Attachment holder = a.attachByReader(SIM_READER);
        Attachment other = b.attachByReader(SIM_READER);
        holder.lock(Duration.ofSeconds(1));

        long start = System.nanoTime();
        assertThrows(CardTimeoutException.class, () -> other.transmit(Apdus.SELECT_MF));
        assertTrue("the transmit waited for the lock before giving up",
                System.nanoTime() - start >= Duration.ofMillis(250).toNanos());
        assertEquals("the holder keeps the card", Apdus.SW_OK, holder.transmit(Apdus.SELECT_MF).sw());
    }

    @Test
    public void lockHolderTransmitsWhileLocked() throws Exception {
        Attachment holder = a.attachByReader(SIM_READER);
        try (CardLock lock = holder.lock(Duration.ofSeconds(1))) {
            assertTrue(lock.isHeld());
            assertSame(holder, lock.attachment());
            assertEquals(Apdus.SW_OK, holder.transmit(Apdus.SELECT_MF).sw());
        }
    }

    @Test
    public void lockIsFreeAtOnceAfterUnlock() throws Exception {
        Attachment holder = a.attachByReader(SIM_READER);
        Attachment next = b.attachByReader(SIM_READER);
        CardLock held = holder.lock(Duration.ofSeconds(1));

        held.unlock(Disposition.LEAVE);

        assertFalse(held.isHeld());
        CardLock taken = next.lock(Duration.ZERO);
        assertTrue(taken.isHeld());
    }

    @Test
    public void waitingLockIsGrantedWhenHolderUnlocks() throws Exception {
        Attachment holder = a.attachByReader(SIM_READER);
        Attachment next = b.attachByReader(SIM_READER);
        CardLock held = holder.lock(Duration.ofSeconds(1));
        waiter = Background.start("B's lock(10s)", () -> next.lock(Duration.ofSeconds(10))).awaitBlocked(WAIT);

        held.unlock(Disposition.LEAVE);

        CardLock granted = waiter.result(Duration.ofSeconds(2));
        assertTrue(granted.isHeld());
        assertSame(next, granted.attachment());
    }

    @Test
    public void detachReleasesItsOwnTransmitWaitingForAnotherBundlesLock() throws Exception {
        Attachment holder = a.attachByReader(SIM_READER);
        Attachment other = b.attachByReader(SIM_READER);
        holder.lock(Duration.ofSeconds(1));
        Background<?> transmit = Background.start("B's transmit behind A's lock",
                () -> other.transmit(Apdus.SELECT_MF)).awaitBlocked(WAIT);

        other.detach(Disposition.LEAVE);

        transmit.failure(AttachmentClosedException.class, Duration.ofSeconds(2));
    }

    @Test
    public void lockTwiceBySameAttachmentIsRefused() throws Exception {
        Attachment holder = a.attachByReader(SIM_READER);
        holder.lock(Duration.ofSeconds(1));

        CardException thrown = assertThrows(CardException.class, () -> holder.lock(Duration.ZERO));
        assertEquals(ScardError.SCARD_E_SHARING_VIOLATION, thrown.error());
    }

    // ---- idle bound -----------------------------------------------------------------------------------------------

    @Test
    public void idleLockIsReleasedToWaitingBundle() throws Exception {
        configureCore(Map.of(LOCK_IDLE_TIMEOUT_MS, 300L));
        Attachment idle = a.attachByReader(SIM_READER);
        Attachment next = b.attachByReader(SIM_READER);
        CardLock forgotten = idle.lock(Duration.ofSeconds(1));

        CardLock granted = next.lock(Duration.ofSeconds(5));

        assertTrue(granted.isHeld());
        assertFalse(forgotten.isHeld());
    }

    @Test
    public void holderOfReleasedIdleLockGetsCardResetOnNextTransmit() throws Exception {
        configureCore(Map.of(LOCK_IDLE_TIMEOUT_MS, 300L));
        Attachment idle = a.attachByReader(SIM_READER);
        Attachment next = b.attachByReader(SIM_READER);
        idle.lock(Duration.ofSeconds(1));
        CardLock granted = next.lock(Duration.ofSeconds(5));
        granted.unlock(Disposition.LEAVE);

        CardResetException thrown = assertThrows(CardResetException.class, () -> idle.transmit(Apdus.SELECT_MF));
        assertMentions(thrown, SIM_READER);
    }

    @Test
    public void unlockAfterIdleReleaseThrowsCardReset() throws Exception {
        configureCore(Map.of(LOCK_IDLE_TIMEOUT_MS, 300L));
        Attachment idle = a.attachByReader(SIM_READER);
        CardLock forgotten = idle.lock(Duration.ofSeconds(1));
        Await.until("the idle lock is released", () -> !forgotten.isHeld(), WAIT);

        assertThrows(CardResetException.class, () -> forgotten.unlock(Disposition.LEAVE));
    }

    @Test
    public void releasedIdleLockResetsTheCardsSecurityState() throws Exception {
        freshCard(SIM_READER);
        configureCore(Map.of(LOCK_IDLE_TIMEOUT_MS, 300L));
        Attachment idle = a.attachByReader(SIM_READER);
        Attachment next = b.attachByReader(SIM_READER);
        Apdus.verifyPin(idle);
        idle.lock(Duration.ofSeconds(1));

        next.lock(Duration.ofSeconds(5));

        assertEquals("B reading EF 5001 after A's lock was released with RESET",
                Apdus.SW_SECURITY_NOT_SATISFIED, Apdus.readSecretFile(next));
    }
}

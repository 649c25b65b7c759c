package org.cardmanage.itests.pcsc;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.cardmanage.api.AttachOptions;
import org.cardmanage.api.Attachment;
import org.cardmanage.api.CardException;
import org.cardmanage.api.CardLock;
import org.cardmanage.api.CardManager;
import org.cardmanage.api.CardTimeoutException;
import org.cardmanage.api.CommandApdu;
import org.cardmanage.api.Disposition;
import org.cardmanage.api.NotSupportedException;
import org.cardmanage.api.ShareMode;
import org.cardmanage.api.SharingViolationException;
import org.cardmanage.driver.sim.vpcd.VpcdCard;
import org.cardmanage.itests.Apdus;
import org.cardmanage.itests.Await;
import org.cardmanage.itests.Background;
import org.cardmanage.itests.ClientBundles;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * PC/SC's own semantics through driver-pcsc's native backend, against the real pcscd, with "another process" that
 * nobody here wrote ({@link PcscPeer}, a libpcsclite client in C): EXCLUSIVE excludes that process and is excluded by
 * it; a command held back by its transaction times out within the bound given and never reaches the card (the PIN
 * retry counter does not move, and the card sees no such APDU, then or later); a lock's own timeout and the core's
 * call bound hold; UNPOWER reaches the card (vpcd powers it off), EJECT is what vpcd makes of it; a transaction
 * belongs to its attachment, not to a thread.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PcscSemanticsIT extends PcscTestBase {
    /** VERIFY without data: the card answers 63Cx, x the PIN tries left (9000 once verified). */
    private static final CommandApdu PIN_STATUS = CommandApdu.parseHex("00 20 00 81");
    private static final String PIN_STATUS_HEX = "00200081";
    /** VERIFY with a wrong PIN ("9999"): costs one try wherever it reaches the card. */
    private static final CommandApdu WRONG_PIN = CommandApdu.parseHex("00 20 00 81 04 39 39 39 39");
    private static final String WRONG_PIN_HEX = "002000810439393939";
    private static final String SELECT_MF_HEX = "00A4000C023F00";
    /** The demo card's PIN tries. */
    private static final int PIN_TRIES = 3;
    /** The driver's call timeout where a test relies on it. */
    private static final long CALL_TIMEOUT_MS = 1000;
    /** What a bound may be overrun by (issue 16: every bound a caller gives holds within 100 ms). */
    private static final long BOUND_MARGIN_MS = 100;
    /** The core's call bound in the test of it. */
    private static final long CORE_CALL_BOUND_MS = 200;
    /** vpcd's control byte for "get ATR": pcscd asks for it about every 400 ms as its presence poll. */
    private static final int GET_ATR = 4;

    private final List<PcscPeer> peers = new ArrayList<>();
    private VpcdTap tap;
    private Background<?> background;
    private boolean coreBoundChanged;

    @Configuration
    public Option[] config() {
        return options(pcscOptions(), ClientBundles.clientBundles());
    }

    @After
    public void cleanUp() {
        peers.forEach(PcscPeer::close);
        if (background != null) {
            background.cancel();
        }
        if (tap != null) {
            card.remove();
            tap.close();
        }
        if (coreBoundChanged) {
            configureCore(Map.of("driver.call.timeout.ms", 60_000L));
        }
    }

    // ---- EXCLUSIVE ------------------------------------------------------------------------------------------------

    @Test
    public void anExclusiveAttachmentShutsOutAnotherProcess() throws Exception {
        PcscPeer peer = peer();
        try (Attachment ours = cardManager().attachByReader(PcscTestBed.READER_0, AttachOptions.exclusive())) {
            assertEquals(ShareMode.EXCLUSIVE, ours.shareMode());
            assertEquals("the other process's SHARED connect", PcscPeer.SHARING_VIOLATION,
                    peer.error("connect " + PcscTestBed.READER_0 + " shared"));
            assertEquals("the other process's EXCLUSIVE connect", PcscPeer.SHARING_VIOLATION,
                    peer.error("connect " + PcscTestBed.READER_0 + " exclusive"));
            assertEquals(Apdus.SW_OK, ours.transmit(Apdus.SELECT_MF).sw());
        }
        peer.ok("connect " + PcscTestBed.READER_0 + " shared");
        assertEquals("once we detached, the other process gets in", Apdus.SW_OK, peer.transmitSw(SELECT_MF_HEX));
    }

    @Test
    public void anotherProcessConnectedExclusivelyShutsUsOut() throws Exception {
        PcscPeer peer = peer();
        peer.ok("connect " + PcscTestBed.READER_0 + " exclusive");
        for (AttachOptions options : List.of(AttachOptions.exclusive(), AttachOptions.shared())) {
            SharingViolationException refused = assertThrows(SharingViolationException.class,
                    () -> cardManager().attachByReader(PcscTestBed.READER_0, options));
            assertMentions(refused, PcscTestBed.READER_0);
            String message = refused.getMessage();
            assertEquals("the code is named once in: " + message, 1,
                    occurrences(message, "SCARD_E_SHARING_VIOLATION"));
            System.out.println("MEASURED " + options.shareMode() + " attach against a foreign EXCLUSIVE connection: "
                    + message);
        }
        peer.ok("disconnect leave");
        try (Attachment ours = cardManager().attachByReader(PcscTestBed.READER_0, AttachOptions.exclusive())) {
            assertEquals(Apdus.SW_OK, ours.transmit(Apdus.SELECT_MF).sw());
        }
    }

    // ---- honest timeouts ------------------------------------------------------------------------------------------

    @Test
    public void aVerifyHeldBackByAForeignTransactionTimesOutAndNeverReachesTheCard() throws Exception {
        useCallTimeout(CALL_TIMEOUT_MS);
        useTappedCard();
        Attachment ours = cardManager().attachByReader(PcscTestBed.READER_0);
        PcscPeer peer = connectedPeer("shared");
        assertEquals("tries before, read by the other process", PIN_TRIES, peerTries(peer));
        assertEquals("tries before, read by us", PIN_TRIES, tries(ours));

        peer.ok("begin");
        int apdusBefore = tap.apdus().size();
        long start = System.nanoTime();
        CardTimeoutException timeout = assertThrows(CardTimeoutException.class, () -> ours.transmit(WRONG_PIN));
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("MEASURED transmit held back by a foreign transaction: CardTimeoutException after " + millis
                + " ms (driver call.timeout.ms " + CALL_TIMEOUT_MS + "): " + timeout.getMessage());
        assertMentions(timeout, PcscTestBed.READER_0);
        assertMentions(timeout, "did not reach the card");
        assertTrue("not before its bound: " + millis + " ms", millis >= CALL_TIMEOUT_MS);
        assertTrue("within its bound + " + BOUND_MARGIN_MS + " ms: " + millis + " ms",
                millis <= CALL_TIMEOUT_MS + BOUND_MARGIN_MS);
        assertEquals("tries while the other process holds its transaction", PIN_TRIES, peerTries(peer));

        peer.ok("end leave");
        assertNothingReachedTheCardLate(ours, peer, apdusBefore, 3);
        ours.close();
    }

    @Test
    public void aLockFailsAtItsOwnTimeoutWhileAnotherProcessHoldsATransaction() throws Exception {
        useCallTimeout(5_000); // the driver's default: the lock's 2 s must be what counts
        Attachment ours = cardManager().attachByReader(PcscTestBed.READER_0);
        PcscPeer peer = connectedPeer("shared");
        peer.ok("begin");

        long start = System.nanoTime();
        CardTimeoutException timeout = assertThrows(CardTimeoutException.class,
                () -> ours.lock(Duration.ofSeconds(2)));
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("MEASURED lock(2 s) under a foreign transaction: CardTimeoutException after " + millis
                + " ms: " + timeout.getMessage());
        assertMentions(timeout, PcscTestBed.READER_0);
        assertTrue("lock(2 s) failed after " + millis + " ms, expected 1900..2300", millis >= 1_900 && millis <= 2_300);

        peer.ok("end leave");
        try (CardLock lock = ours.lock(Duration.ofSeconds(2))) {
            assertTrue(lock.isHeld());
            // Our transaction holds the other process back now: its transmit waits (libpcsclite's own loop).
            PcscPeer.Pending theirs = peer.send("transmit " + SELECT_MF_HEX);
            assertEquals(Apdus.SW_OK, ours.transmit(Apdus.SELECT_MF).sw());
            assertFalse("the other process's transmit ran during our transaction", theirs.answered());
            lock.unlock(Disposition.LEAVE);
            assertEquals("and it goes through once we unlock", "OK 9000", theirs.answer(PcscPeer.ANSWER_TIMEOUT));
        }
        ours.close();
    }

    @Test
    public void theCoresCallBoundHoldsForATransmitHeldBackByAnotherProcess() throws Exception {
        useCallTimeout(5_000); // the driver's own bound is longer: the core's must act
        coreBoundChanged = true;
        configureCore(Map.of("driver.call.timeout.ms", CORE_CALL_BOUND_MS));
        useTappedCard();
        Attachment ours = cardManager().attachByReader(PcscTestBed.READER_0);
        PcscPeer peer = connectedPeer("shared");
        assertEquals(PIN_TRIES, tries(ours));

        peer.ok("begin");
        int apdusBefore = tap.apdus().size();
        long start = System.nanoTime();
        CardTimeoutException timeout = assertThrows(CardTimeoutException.class, () -> ours.transmit(WRONG_PIN));
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("MEASURED transmit held back by a foreign transaction, core driver.call.timeout.ms "
                + CORE_CALL_BOUND_MS + ": CardTimeoutException after " + millis + " ms: " + timeout.getMessage());
        assertMentions(timeout, PcscTestBed.READER_0);
        assertTrue("within the core's bound + " + BOUND_MARGIN_MS + " ms: " + millis + " ms",
                millis <= CORE_CALL_BOUND_MS + BOUND_MARGIN_MS);
        assertFalse("the caller's thread is not left interrupted", Thread.currentThread().isInterrupted());

        peer.ok("end leave");
        assertNothingReachedTheCardLate(ours, peer, apdusBefore, 2);
        ours.close();
    }

    // ---- dispositions ---------------------------------------------------------------------------------------------

    @Test
    public void detachWithUnpowerPowersTheCardDown() throws Exception {
        useTappedCard();
        Attachment first = cardManager().attachByReader(PcscTestBed.READER_0);
        Apdus.verifyPin(first);
        long offs = tap.controls(VpcdTap.POWER_OFF);
        first.detach(Disposition.LEAVE);
        Attachment second = cardManager().attachByReader(PcscTestBed.READER_0);
        assertEquals("LEAVE kept the card's state", Apdus.SW_OK, Apdus.readSecretFile(second));
        assertEquals("LEAVE did not power the card off: " + tap, offs, tap.controls(VpcdTap.POWER_OFF));

        long ons = tap.controls(VpcdTap.POWER_ON);
        second.detach(Disposition.UNPOWER);
        Await.until("vpcd powered the card off (" + tap + ")", () -> tap.controls(VpcdTap.POWER_OFF) > offs, WAIT);

        try (Attachment third = cardManager().attachByReader(PcscTestBed.READER_0)) {
            assertTrue("the next attach powered the card up again: " + tap, tap.controls(VpcdTap.POWER_ON) > ons);
            assertEquals("the power-down cleared the PIN", Apdus.SW_SECURITY_NOT_SATISFIED,
                    Apdus.readSecretFile(third));
        }
        System.out.println("MEASURED detach(UNPOWER) through vpcd: " + tap);
    }

    @Test
    public void unlockAndReconnectWithUnpowerPowerTheCardDown() throws Exception {
        useTappedCard();
        try (Attachment attachment = cardManager().attachByReader(PcscTestBed.READER_0)) {
            CardLock lock = attachment.lock(Duration.ofSeconds(2));
            Apdus.verifyPin(attachment);
            long offs = tap.controls(VpcdTap.POWER_OFF);
            lock.unlock(Disposition.UNPOWER);
            Await.until("vpcd powered the card off after unlock(UNPOWER) (" + tap + ")",
                    () -> tap.controls(VpcdTap.POWER_OFF) > offs, WAIT);
            assertEquals(Apdus.SW_SECURITY_NOT_SATISFIED, Apdus.readSecretFile(attachment));

            Apdus.verifyPin(attachment);
            long offsBefore = tap.controls(VpcdTap.POWER_OFF);
            attachment.reconnect(ShareMode.SHARED, Disposition.UNPOWER);
            Await.until("vpcd powered the card off after reconnect(UNPOWER) (" + tap + ")",
                    () -> tap.controls(VpcdTap.POWER_OFF) > offsBefore, WAIT);
            assertEquals(Apdus.SW_SECURITY_NOT_SATISFIED, Apdus.readSecretFile(attachment));
            assertEquals("usable after it", Apdus.SW_OK, attachment.transmit(Apdus.SELECT_MF).sw());
        }
    }

    @Test
    public void ejectIsWhatVpcdMakesOfIt() throws Exception {
        useTappedCard();
        // Ending a transaction with EJECT: pcscd asks vpcd, which cannot (SCARD_E_UNSUPPORTED_FEATURE).
        Attachment attachment = cardManager().attachByReader(PcscTestBed.READER_0);
        CardLock lock = attachment.lock(Duration.ofSeconds(2));
        Apdus.verifyPin(attachment);
        NotSupportedException refused = assertThrows(NotSupportedException.class,
                () -> lock.unlock(Disposition.EJECT));
        System.out.println("MEASURED unlock(EJECT) through vpcd: " + refused.getMessage());
        assertMentions(refused, PcscTestBed.READER_0);
        assertMentions(refused, "EJECT");
        assertMentions(refused, "SCARD_E_UNSUPPORTED_FEATURE");
        assertMentions(refused, "ended with LEAVE");
        assertFalse(lock.isHeld());
        assertEquals("the card was left as it was", Apdus.SW_OK, Apdus.readSecretFile(attachment));
        // ... and the transaction is really gone: another process can take one.
        PcscPeer peer = connectedPeer("shared");
        peer.ok("begin");
        peer.ok("end leave");

        // Disconnecting with EJECT: pcscd asks vpcd to eject (a CT-BCS command vpcd does not take), logs "Error
        // ejecting card" and answers success all the same; the driver sees the card still in the reader and says so.
        long offs = tap.controls(VpcdTap.POWER_OFF);
        long resets = tap.controls(VpcdTap.RESET);
        NotSupportedException noEject = assertThrows(NotSupportedException.class,
                () -> attachment.detach(Disposition.EJECT));
        System.out.println("MEASURED detach(EJECT) through vpcd: " + noEject.getMessage() + "; " + tap
                + " (before: power off " + offs + ", reset " + resets + ")");
        assertMentions(noEject, PcscTestBed.READER_0);
        assertMentions(noEject, "EJECT had no effect");
        Attachment next = cardManager().attachByReader(PcscTestBed.READER_0);
        assertEquals("the card is still there, its PIN still verified", Apdus.SW_OK, Apdus.readSecretFile(next));
        assertEquals("no power-down reached the card: " + tap, offs, tap.controls(VpcdTap.POWER_OFF));
        assertEquals("no reset reached the card: " + tap, resets, tap.controls(VpcdTap.RESET));
        next.close();
    }

    // ---- transactions belong to the attachment --------------------------------------------------------------------

    @Test
    public void aLockTakenOnOneThreadIsReleasedOnAnother() throws Exception {
        Attachment first = cardManager().attachByReader(PcscTestBed.READER_0);
        CardManager otherBundle = managerOf(CLIENT_A);
        Attachment second = otherBundle.attachByReader(PcscTestBed.READER_0);

        CardLock lock = Background.start("lock on another thread", () -> first.lock(Duration.ofSeconds(2)))
                .result(Duration.ofSeconds(10));
        assertEquals(Apdus.SW_OK, first.transmit(Apdus.SELECT_MF).sw());
        lock.unlock(Disposition.LEAVE); // on this thread: the PC/SC transaction is not bound to the one that began it

        try (CardLock next = second.lock(Duration.ofSeconds(2))) {
            assertEquals(Apdus.SW_OK, second.transmit(Apdus.SELECT_MF).sw());
        }
        first.close();
        second.close();
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    /**
     * After the other process ended its transaction: the card got none of the refused command, then or later. Waits
     * until pcscd has polled the card twice more (about 0.8 s; libpcsclite's own retry loop tries every 100 ms, so a
     * command still queued anywhere would have reached the card by then), then reads the retry counter both ways and
     * looks at every APDU the card received since the refused one was sent: only the test's {@code reads} PIN reads.
     */
    private void assertNothingReachedTheCardLate(Attachment ours, PcscPeer peer, int apdusBefore, int reads)
            throws Exception {
        long polls = tap.controls(GET_ATR);
        Await.until("pcscd polled the card twice more", () -> tap.controls(GET_ATR) >= polls + 2, PCSC_WAIT);
        assertEquals("tries after, read by the other process", PIN_TRIES, peerTries(peer));
        assertEquals("tries after, read by us", PIN_TRIES, tries(ours));
        List<String> received = tap.apdus().subList(apdusBefore, tap.apdus().size());
        assertFalse("the card received the refused VERIFY: " + received, received.contains(WRONG_PIN_HEX));
        assertEquals("the card received exactly the " + reads + " PIN reads: " + received,
                java.util.Collections.nCopies(reads, PIN_STATUS_HEX), received);
    }

    /** Replaces the base's card with one served through a {@link VpcdTap}, so that the test sees what vpcd sends. */
    private void useTappedCard() throws Exception {
        card.remove();
        awaitPcscEmpty(PcscTestBed.READER_0);
        tap = new VpcdTap(PcscTestBed.PORT_0);
        card = new VpcdCard(VpcdCard.DEFAULT_HOST, tap.port(), "demo", true);
        card.insert();
        awaitCard(PcscTestBed.READER_0);
    }

    private PcscPeer peer() throws Exception {
        PcscPeer peer = PcscPeer.start();
        peers.add(peer);
        return peer;
    }

    private PcscPeer connectedPeer(String mode) throws Exception {
        PcscPeer peer = peer();
        peer.ok("connect " + PcscTestBed.READER_0 + " " + mode);
        return peer;
    }

    /** @return the PIN tries left, read by us */
    private static int tries(Attachment attachment) throws CardException {
        return triesOf(attachment.transmit(PIN_STATUS).sw());
    }

    /** @return the PIN tries left, read by the other process */
    private static int peerTries(PcscPeer peer) throws Exception {
        return triesOf(peer.transmitSw(PIN_STATUS_HEX));
    }

    private static int triesOf(int sw) {
        if ((sw & 0xFFF0) != 0x63C0) {
            throw new AssertionError("VERIFY without data answered " + Apdus.sw(sw) + ", not 63Cx");
        }
        return sw & 0x0F;
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            count++;
        }
        return count;
    }
}

package org.cardmanage.itests.pcsc;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.cardmanage.api.Attachment;
import org.cardmanage.api.CardException;
import org.cardmanage.api.CardManager;
import org.cardmanage.api.CardTimeoutException;
import org.cardmanage.api.Disposition;
import org.cardmanage.api.ShareMode;
import org.cardmanage.itests.Apdus;
import org.cardmanage.itests.Await;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Faults of the real PC/SC stack while clients work: pcscd killed and started again twice while four threads
 * transmit (they see only typed failures, each within the driver's call bound, and all transmit again once pcscd is
 * back), and a card that stops answering (a muted vpcd card): the transmit fails with {@link CardTimeoutException}
 * within the bound, and the card answers again once it speaks.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PcscChaosIT extends PcscTestBase {
    /** The driver's call bound in these tests. */
    private static final long CALL_TIMEOUT_MS = 1500;
    /** What a failed call may take beyond the bound: scheduling on a loaded 2-core machine. */
    private static final long MARGIN_MS = 1500;
    private static final int THREADS = 4;

    private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
    private final List<Throwable> violations = new CopyOnWriteArrayList<>();
    private final AtomicLong transmits = new AtomicLong();
    private final LongAccumulator slowestFailureMs = new LongAccumulator(Math::max, 0);
    private volatile boolean running = true;

    @Configuration
    public Option[] config() {
        return options(pcscOptions());
    }

    @After
    public void speakAgain() {
        running = false;
        if (card != null) {
            card.setMuted(false);
        }
    }

    @Test
    public void transmittingClientsSeeTypedFailuresOnlyAndRecoverFromTwoPcscdRestarts() throws Exception {
        useCallTimeout(CALL_TIMEOUT_MS);
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            Thread client = new Thread(this::transmitUntilStopped, "pcsc-client-" + i);
            client.setDaemon(true);
            client.start();
            clients.add(client);
        }
        for (int round = 1; round <= 2; round++) {
            awaitTransmitsGrow("before the kill of round " + round);
            PcscTestBed.testBed("kill");
            awaitReaderGone(PcscTestBed.READER_0);
            PcscTestBed.testBed("start");
            awaitCard(PcscTestBed.READER_0);
            awaitTransmitsGrow("after pcscd came back in round " + round);
        }
        running = false;
        for (Thread client : clients) {
            client.join(PCSC_WAIT.toMillis());
            assertTrue(client.getName() + " finished", !client.isAlive());
        }

        System.out.println("RELIABILITY pcscd killed and restarted twice under " + THREADS + " transmitting threads: "
                + transmits.get() + " transmits, failures by type " + new TreeMap<>(failures) + ", slowest failure "
                + slowestFailureMs.get() + " ms (bound " + CALL_TIMEOUT_MS + " ms)");
        assertEquals("failures that were not CardExceptions: " + violations, 0, violations.size());
        assertTrue("every failure came within the call bound, the slowest took " + slowestFailureMs.get() + " ms",
                slowestFailureMs.get() <= CALL_TIMEOUT_MS + MARGIN_MS);
    }

    @Test
    public void aCardThatStopsAnsweringTimesOutAndAnswersAgainWhenItSpeaks() throws Exception {
        useCallTimeout(CALL_TIMEOUT_MS);
        try (Attachment attachment = cardManager().attachByReader(PcscTestBed.READER_0)) {
            assertEquals(Apdus.SW_OK, attachment.transmit(Apdus.SELECT_MF).sw());

            card.setMuted(true);
            long start = System.nanoTime();
            CardTimeoutException timeout = assertThrows(CardTimeoutException.class,
                    () -> attachment.transmit(Apdus.SELECT_MF));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertMentions(timeout, PcscTestBed.READER_0);
            assertTrue("timed out within the bound, took " + millis + " ms", millis <= CALL_TIMEOUT_MS + MARGIN_MS);

            card.setMuted(false);
            Await.until("the card answers again", () -> {
                try {
                    return attachment.transmit(Apdus.SELECT_MF).sw() == Apdus.SW_OK;
                } catch (CardException e) {
                    return false;
                }
            }, PCSC_WAIT);
            System.out.println("RELIABILITY mute vpcd card: transmit failed with CardTimeoutException after " + millis
                    + " ms (bound " + CALL_TIMEOUT_MS + " ms); the card answered again once unmuted");
        }
    }

    /** One client: attaches, transmits, and after a failure reconnects (or attaches again) until stopped. */
    private void transmitUntilStopped() {
        CardManager cards = cardManager();
        Attachment attachment = null;
        while (running) {
            try {
                if (attachment == null) {
                    attachment = timed(() -> cards.attachByReader(PcscTestBed.READER_0));
                }
                Attachment current = attachment;
                timed(() -> current.transmit(Apdus.SELECT_MF));
                transmits.incrementAndGet();
            } catch (CardException e) {
                failures.computeIfAbsent(e.getClass().getSimpleName(), k -> new AtomicLong()).incrementAndGet();
                attachment = recover(attachment);
                // Pacing while pcscd is down, so that four spinning clients do not slow its restart.
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            } catch (RuntimeException | Error e) {
                violations.add(e);
            }
        }
        if (attachment != null) {
            attachment.close();
        }
    }

    /** One call of the API. */
    @FunctionalInterface
    private interface Call<T> {
        T call() throws CardException;
    }

    /** Makes the call; if it fails, records how long it took to fail. */
    private <T> T timed(Call<T> call) throws CardException {
        long start = System.nanoTime();
        try {
            return call.call();
        } catch (CardException e) {
            slowestFailureMs.accumulate((System.nanoTime() - start) / 1_000_000);
            throw e;
        }
    }

    private Attachment recover(Attachment attachment) {
        if (attachment == null) {
            return null;
        }
        try {
            timed(() -> {
                attachment.reconnect(ShareMode.SHARED, Disposition.LEAVE);
                return null;
            });
            return attachment;
        } catch (CardException e) {
            failures.computeIfAbsent("reconnect " + e.getClass().getSimpleName(), k -> new AtomicLong())
                    .incrementAndGet();
            attachment.close();
            return null;
        }
    }

    private void awaitTransmitsGrow(String when) {
        long before = transmits.get();
        Await.until("the clients transmit " + when + " (" + failures + ")", () -> transmits.get() > before + 20,
                PCSC_WAIT);
    }
}

package org.cardmanage.bench.harness;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;

import org.cardmanage.api.Attachment;
import org.cardmanage.api.CardException;
import org.cardmanage.api.CommandApdu;
import org.cardmanage.bench.Platform;
import org.cardmanage.bench.Stats;
import org.cardmanage.bench.jmh.SimTransmit;

/**
 * 16 threads transmit on one simulated card, each through an attachment of its own, for a few seconds per round,
 * counted from the moment every thread is transmitting; the share of the least served thread over the most served one
 * must stay at or above 0.5. Also gives the card's total throughput with 16 contending threads against one thread
 * alone on it, which is the price of arbitration.
 */
final class Fairness extends Harness {
    private static final int THREADS = 16;

    private final int rounds;
    private final long roundMillis;

    Fairness(boolean full, PrintStream out) {
        this(full, out, full ? 5 : 2, full ? 4000 : 2000);
    }

    /** For the smoke test: short rounds. */
    Fairness(boolean full, PrintStream out, int rounds, long roundMillis) {
        super(full, out);
        this.rounds = rounds;
        this.roundMillis = roundMillis;
    }

    @Override
    public void run() throws Exception {
        try (Platform platform = Platform.start(false)) {
            List<Attachment> attachments = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                attachments.add(platform.cardManager().attachByReader(Platform.SIM_READER));
            }
            // warm-up: both shapes once
            round(attachments.subList(0, 1), roundMillis / 2);
            round(attachments, roundMillis / 2);
            double[] shares = new double[rounds];
            double[] contended = new double[rounds];
            double[] alone = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                long[] single = round(attachments.subList(0, 1), roundMillis);
                alone[r] = single[0] * 1000.0 / roundMillis;
                long[] counts = round(attachments, roundMillis);
                long min = Long.MAX_VALUE;
                long max = 0;
                long total = 0;
                for (long c : counts) {
                    min = Math.min(min, c);
                    max = Math.max(max, c);
                    total += c;
                }
                shares[r] = max == 0 ? 0 : (double) min / max;
                contended[r] = total * 1000.0 / roundMillis;
                log("fairness round %d: min %d, max %d, min/max %.3f, %.0f APDU/s with %d threads, %.0f alone", r,
                        min, max, shares[r], contended[r], THREADS, alone[r]);
            }
            Stats share = new Stats(shares);
            figure("sim.fairness.16threads.minmax", share.min(), share.max() - share.min(), "ratio", "worst round",
                    rounds + " rounds of " + roundMillis + " ms; error = spread over rounds; median "
                            + String.format(java.util.Locale.ROOT, "%.3f", share.median()));
            Stats c = new Stats(contended);
            Stats a = new Stats(alone);
            figure("sim.fairness.16threads.throughput", c.median(), (c.max() - c.min()) / 2, "APDU/s",
                    "median of rounds", "16 threads on one card, total");
            figure("sim.fairness.1thread.throughput", a.median(), (a.max() - a.min()) / 2, "APDU/s",
                    "median of rounds", "1 thread alone on the same card");
            for (Attachment attachment : attachments) {
                attachment.close();
            }
        }
    }

    /**
     * @return how many APDUs each attachment's thread got through in the round's window, which opens once every
     *     thread has made its first transmit: until then the first threads to wake have the card to themselves, which
     *     says how fast threads start, not how the card is shared
     */
    private long[] round(List<Attachment> attachments, long millis) throws InterruptedException {
        int n = attachments.size();
        AtomicLongArray counts = new AtomicLongArray(n);
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch ready = new CountDownLatch(n);
        CountDownLatch running = new CountDownLatch(n);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        CommandApdu command = new CommandApdu(SimTransmit.SELECT_MF);
        for (int i = 0; i < n; i++) {
            int index = i;
            Attachment attachment = attachments.get(i);
            Thread thread = new Thread(() -> {
                ready.countDown();
                long count = 0;
                try {
                    go.await();
                    while (!stop.get()) {
                        attachment.transmit(command);
                        counts.lazySet(index, ++count);
                        if (count == 1) {
                            running.countDown();
                        }
                    }
                } catch (CardException | RuntimeException | InterruptedException e) {
                    failures.add(e);
                    running.countDown();
                }
            }, "fairness-" + i);
            threads.add(thread);
            thread.start();
        }
        ready.await();
        go.countDown();
        long[] start = new long[n];
        if (running.await(30, TimeUnit.SECONDS)) {
            for (int i = 0; i < n; i++) {
                start[i] = counts.get(i);
            }
            Thread.sleep(millis); // the measuring window itself, not a wait for a condition
        }
        long[] served = new long[n];
        for (int i = 0; i < n; i++) {
            served[i] = counts.get(i) - start[i];
        }
        stop.set(true);
        for (Thread thread : threads) {
            thread.join();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("a fairness thread failed", failures.get(0));
        }
        if (running.getCount() > 0) {
            throw new IllegalStateException(running.getCount() + " fairness threads made no transmit in 30 s");
        }
        return served;
    }
}

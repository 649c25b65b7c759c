package org.cardmanage.bench.harness;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import org.cardmanage.api.Attachment;
import org.cardmanage.api.CardException;
import org.cardmanage.api.CommandApdu;
import org.cardmanage.api.Disposition;
import org.cardmanage.api.ShareMode;
import org.cardmanage.bench.Platform;
import org.cardmanage.bench.Stats;
import org.cardmanage.bench.jmh.SimTransmit;
import org.cardmanage.spi.CardSession;

/**
 * Transmit throughput with 1, 2, 4 and 16 threads, each on a simulated reader of its own, through the core and
 * straight into the driver's sessions (what the machine allows). The thread counts and the two paths are
 * <em>interleaved</em> in short windows, round after round, and each speed-up is taken within one round (N threads
 * against 1 thread a second apart), so load from other processes that comes and goes hits all of them alike; the
 * figure is the median over the rounds. (JMH's {@code SimScaling} measures the same with one JMH run per thread count,
 * minutes apart, which on a shared machine measures the neighbours as much as the code.)
 */
final class Scaling extends Harness {
    static final int[] THREADS = {1, 2, 4, 16};

    private final int rounds;
    private final long windowMillis;

    Scaling(boolean full, PrintStream out) {
        this(full, out, full ? 15 : 5, 400);
    }

    /** For the smoke test. */
    Scaling(boolean full, PrintStream out, int rounds, long windowMillis) {
        super(full, out);
        this.rounds = rounds;
        this.windowMillis = windowMillis;
    }

    @FunctionalInterface
    private interface Call {
        void run(int thread) throws CardException;
    }

    @Override
    public void run() throws Exception {
        int readers = THREADS[THREADS.length - 1];
        try (Platform platform = Platform.start(false)) {
            List<Attachment> attachments = new ArrayList<>();
            List<CardSession> sessions = new ArrayList<>();
            for (int i = 0; i < readers; i++) {
                String name = "Scaling Reader " + i;
                platform.sim().addReader(name, "demo");
                platform.awaitReader(name, true);
                attachments.add(platform.cardManager().attachByReader(name));
                sessions.add(platform.transport(name).connect(ShareMode.SHARED, Platform.ANY_PROTOCOL));
            }
            CommandApdu command = new CommandApdu(SimTransmit.SELECT_MF);
            byte[] bytes = command.bytes();
            Call core = thread -> attachments.get(thread).transmit(command);
            Call direct = thread -> sessions.get(thread).transmit(bytes);
            // warm-up: every shape once
            for (int threads : THREADS) {
                window(core, threads);
                window(direct, threads);
            }
            double[][] coreSpeedup = new double[THREADS.length][rounds];
            double[][] directSpeedup = new double[THREADS.length][rounds];
            double[][] coreRate = new double[THREADS.length][rounds];
            for (int r = 0; r < rounds; r++) {
                double[] c = new double[THREADS.length];
                double[] d = new double[THREADS.length];
                // rotate the order each round, so no shape always follows the same one
                for (int k = 0; k < THREADS.length; k++) {
                    int t = (k + r) % THREADS.length;
                    if ((r & 1) == 0) {
                        c[t] = window(core, THREADS[t]);
                        d[t] = window(direct, THREADS[t]);
                    } else {
                        d[t] = window(direct, THREADS[t]);
                        c[t] = window(core, THREADS[t]);
                    }
                }
                for (int t = 0; t < THREADS.length; t++) {
                    coreSpeedup[t][r] = c[t] / c[0];
                    directSpeedup[t][r] = d[t] / d[0];
                    coreRate[t][r] = c[t];
                }
                log("scaling round %d: core %s; direct speed-ups %s", r, describe(c), describe(d));
            }
            for (int t = 0; t < THREADS.length; t++) {
                int threads = THREADS[t];
                Stats rate = new Stats(coreRate[t]);
                figure("sim.scaling.core.t" + threads + ".rate", rate.median(), rate.medianError(), "APDU/s",
                        "median of rounds", threads + " thread(s), each on its own simulated reader, through the "
                                + "core; " + rounds + " interleaved rounds of " + windowMillis + " ms windows");
                if (t > 0) {
                    Stats cs = new Stats(coreSpeedup[t]);
                    Stats ds = new Stats(directSpeedup[t]);
                    figure("sim.scaling.core.speedup.t" + threads, cs.median(), cs.medianError(), "x",
                            "median of rounds", threads + " threads vs 1 thread in the same round, through the core");
                    figure("sim.scaling.direct.speedup.t" + threads, ds.median(), ds.medianError(), "x",
                            "median of rounds", threads + " threads vs 1 thread in the same round, direct driver "
                                    + "calls");
                }
            }
            for (int i = 0; i < readers; i++) {
                sessions.get(i).disconnect(Disposition.LEAVE);
                attachments.get(i).close();
            }
        }
    }

    private static String describe(double[] rates) {
        StringBuilder b = new StringBuilder();
        for (int t = 0; t < THREADS.length; t++) {
            b.append(t == 0 ? "" : ", ").append(THREADS[t]).append("t ")
                    .append(t == 0 ? String.format(Locale.ROOT, "%.0f/s", rates[0])
                            : String.format(Locale.ROOT, "%.2fx", rates[t] / rates[0]));
        }
        return b.toString();
    }

    /** @return APDUs per second with that many threads calling for one window */
    private double window(Call call, int threads) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        long[] counts = new long[threads];
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> running = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int i = 0; i < threads; i++) {
            int index = i;
            Thread thread = new Thread(() -> {
                ready.countDown();
                long count = 0;
                try {
                    go.await();
                    while (!stop.get()) {
                        call.run(index);
                        count++;
                    }
                } catch (CardException | RuntimeException | InterruptedException e) {
                    failures.add(e);
                }
                counts[index] = count;
            }, "scaling-" + i);
            running.add(thread);
            thread.start();
        }
        ready.await();
        long start = System.nanoTime();
        go.countDown();
        Thread.sleep(windowMillis);
        stop.set(true);
        for (Thread thread : running) {
            thread.join();
        }
        long elapsed = System.nanoTime() - start;
        if (!failures.isEmpty()) {
            throw new IllegalStateException("a scaling thread failed", failures.get(0));
        }
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        return total * 1e9 / elapsed;
    }
}

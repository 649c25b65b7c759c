package org.cardmanage.bench.harness;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.cardmanage.api.CardEvent;
import org.cardmanage.bench.Platform;
import org.cardmanage.bench.Stats;
import org.cardmanage.driver.sim.vpcd.VpcdCard;

/**
 * PC/SC card events: the driver's listener call against a raw {@code waitForChange} loop in a JVM of its own
 * ({@link RawWaiter}: a waiting loop on the JDK's one context in the benchmark's JVM would hold up the raw figures),
 * paired per insertion of a vpcd card.
 */
final class PcscEvents {
    private final Harness harness;
    private final boolean full;

    PcscEvents(Harness harness, boolean full) {
        this.harness = harness;
        this.full = full;
    }

    record Seen(CardEvent.Type type, long nanos) {
    }

    void run(Platform platform, VpcdCard card, String reader) throws Exception {
        int samples = full ? 40 : 12;
        BlockingQueue<Seen> driverSeen = new LinkedBlockingQueue<>();
        platform.listen(event -> driverSeen.add(new Seen(event.type(), System.nanoTime())), reader);
        BlockingQueue<Seen> rawSeen = new LinkedBlockingQueue<>();
        Process waiter = startRawWaiter(reader, rawSeen);
        try {
            long[] raw = new long[samples];
            long[] driver = new long[samples];
            double[] diff = new double[samples];
            for (int i = 0; i < samples; i++) {
                card.remove();
                await(rawSeen, CardEvent.Type.CARD_REMOVED, "raw waitForChange");
                await(driverSeen, CardEvent.Type.CARD_REMOVED, "the driver's listener");
                Thread.sleep(ThreadLocalRandom.current().nextInt(100));
                long start = System.nanoTime();
                card.insert();
                long rawAt = await(rawSeen, CardEvent.Type.CARD_INSERTED, "raw waitForChange").nanos();
                long driverAt = await(driverSeen, CardEvent.Type.CARD_INSERTED, "the driver's listener").nanos();
                raw[i] = rawAt - start;
                driver[i] = driverAt - start;
                diff[i] = driverAt - rawAt;
            }
            Stats r = Stats.of(raw);
            Stats d = Stats.of(driver);
            Stats later = new Stats(diff);
            String note = samples + " insertions (vpcd card connects; pcscd polls every 400 ms)";
            harness.figure("pcsc.event.raw.p50", r.median() / 1e6, r.medianError() / 1e6, "ms", "sample p50",
                    note);
            harness.figure("pcsc.event.core.p50", d.median() / 1e6, d.medianError() / 1e6, "ms", "sample p50",
                    note);
            harness.figure("pcsc.event.later.p50", later.median() / 1e6, later.medianError() / 1e6, "ms",
                    "paired p50",
                    "listener call minus raw waitForChange return, per insertion; max "
                            + String.format(java.util.Locale.ROOT, "%.2f", later.max() / 1e6) + " ms");
            harness.log("pcsc events: raw %.1f ms, listener %.1f ms after insertion (median); listener later by "
                    + "%.2f ms",
                    r.median() / 1e6, d.median() / 1e6, later.median() / 1e6);
        } finally {
            waiter.destroy();
            waiter.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private Process startRawWaiter(String reader, BlockingQueue<Seen> seen) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(RawWaiter.class.getName());
        command.add(reader);
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT)
                .redirectInput(new File("/dev/null")).start();
        BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        String ready = lines.readLine();
        if (ready == null || !ready.startsWith("READY")) {
            process.destroy();
            throw new IllegalStateException("the raw waitForChange process did not start: " + ready);
        }
        Thread pump = new Thread(() -> {
            try {
                String line;
                while ((line = lines.readLine()) != null) {
                    String[] parts = line.split(" ");
                    seen.add(new Seen(parts[0].equals("INSERTED") ? CardEvent.Type.CARD_INSERTED
                            : CardEvent.Type.CARD_REMOVED, Long.parseLong(parts[1])));
                }
            } catch (java.io.IOException e) {
                // the process ended
            }
        }, "raw waiter output");
        pump.setDaemon(true);
        pump.start();
        return process;
    }

    private static Seen await(BlockingQueue<Seen> seen, CardEvent.Type type, String who) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            Seen next = seen.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (next == null) {
                throw new IllegalStateException(who + " saw no " + type + " within 10 s");
            }
            if (next.type() == type) {
                return next;
            }
        }
    }
}

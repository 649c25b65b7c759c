package org.cardmanage.bench.harness;

import java.io.PrintStream;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.cardmanage.api.CardEvent;
import org.cardmanage.bench.Platform;
import org.cardmanage.bench.Stats;
import org.cardmanage.driver.sim.SimulatorControl;

/**
 * Card insertion to {@code CardEventListener}, driver-sim: from {@code SimulatorControl.insertCard} (the driver
 * updates its reader's service properties) to the moment the listener, registered as a whiteboard service, is called
 * with CARD_INSERTED.
 */
final class SimEvents extends Harness {
    private static final String READER = "Event Reader";

    SimEvents(boolean full, PrintStream out) {
        super(full, out);
    }

    /** An event and the {@link System#nanoTime()} at which the listener got it. */
    record Seen(CardEvent event, long nanos) {
    }

    @Override
    public void run() throws Exception {
        int warmup = full ? 2000 : 500;
        int samples = full ? 5000 : 1000;
        try (Platform platform = Platform.start(false)) {
            SimulatorControl sim = platform.sim();
            sim.addReader(READER, null);
            platform.awaitReader(READER, false);
            BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
            platform.listen(event -> seen.add(new Seen(event, System.nanoTime())), READER);
            long[] latencies = new long[samples];
            for (int i = -warmup; i < samples; i++) {
                long start = System.nanoTime();
                sim.insertCard(READER, "demo");
                Seen inserted = await(seen, CardEvent.Type.CARD_INSERTED);
                if (i >= 0) {
                    latencies[i] = inserted.nanos() - start;
                }
                sim.removeCard(READER);
                await(seen, CardEvent.Type.CARD_REMOVED);
            }
            Stats stats = Stats.of(latencies);
            figure("sim.event.insert.p50", stats.median() / 1000, stats.medianError() / 1000, "us", "sample p50",
                    samples + " insertions after " + warmup + " warm-up");
            figure("sim.event.insert.p99", stats.percentile(99) / 1000, Double.NaN, "us", "sample p99",
                    samples + " insertions");
        }
    }

    private static Seen await(BlockingQueue<Seen> seen, CardEvent.Type type) throws InterruptedException {
        while (true) {
            Seen next = seen.poll(10, TimeUnit.SECONDS);
            if (next == null) {
                throw new IllegalStateException("no " + type + " event within 10 s");
            }
            if (next.event().type() == type) {
                return next;
            }
        }
    }
}

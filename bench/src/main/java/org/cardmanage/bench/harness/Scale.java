package org.cardmanage.bench.harness;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.cardmanage.api.Attachment;
import org.cardmanage.api.AttachmentState;
import org.cardmanage.api.CardEvent;
import org.cardmanage.api.CardException;
import org.cardmanage.api.CardLock;
import org.cardmanage.api.CardManager;
import org.cardmanage.api.CommandApdu;
import org.cardmanage.api.ReaderUnavailableException;
import org.cardmanage.bench.Platform;
import org.cardmanage.bench.Stats;
import org.cardmanage.bench.jmh.SimTransmit;
import org.cardmanage.driver.sim.SimFault;
import org.cardmanage.driver.sim.SimulatorControl;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;

/**
 * 1 000 simulated readers with 10 000 live attachments (10 per reader): retained heap per idle attachment,
 * {@code readers()} latency, and the time from stopping driver-sim (which holds them all) until every attachment is
 * revoked and every blocked caller has returned. Blocked callers are of three kinds: transmits queued behind another
 * attachment's lock, lock requests queued behind it, and transmits stuck inside the driver on a mute card.
 */
final class Scale extends Harness {
    static final int READERS = 1000;
    static final int PER_READER = 10;
    private static final int LOCKED_READERS = 32;
    private static final int MUTE_READERS = 8;
    private static final Duration LONG = Duration.ofSeconds(60);

    private final int readers;
    private final int perReader;

    Scale(boolean full, PrintStream out) {
        this(full, out, READERS, PER_READER);
    }

    /** For the smoke test: a small scale. */
    Scale(boolean full, PrintStream out, int readers, int perReader) {
        super(full, out);
        this.readers = readers;
        this.perReader = perReader;
    }

    private static String readerName(int i) {
        return String.format(Locale.ROOT, "Scale Reader %04d", i);
    }

    @Override
    public void run() throws Exception {
        int rounds = full ? 3 : 1;
        int attachments = readers * perReader;
        List<Double> heapPerAttachment = new ArrayList<>();
        List<Double> revocation = new ArrayList<>();
        List<Double> stopReturned = new ArrayList<>();
        List<Double> eventsDelivered = new ArrayList<>();
        List<Double> attachRate = new ArrayList<>();
        List<Double> revokedOnly = new ArrayList<>();
        List<Double> coreBlocked = new ArrayList<>();
        List<Double> driverBlocked = new ArrayList<>();
        double frameworkBaseline;
        Stats readersBefore = null;
        Stats readersAfter = null;
        try (Platform platform = Platform.start(false)) {
            CardManager manager = platform.cardManager();
            AtomicInteger revokedEvents = new AtomicInteger();
            platform.listen(event -> {
                if (event.type() == CardEvent.Type.ATTACHMENT_REVOKED) {
                    revokedEvents.incrementAndGet();
                }
            }, "Scale Reader *");
            for (int round = 0; round < rounds; round++) {
                SimulatorControl sim = platform.sim();
                for (int i = 0; i < readers; i++) {
                    sim.addReader(readerName(i), "demo");
                }
                Platform.await(readers + " readers listed", () -> manager.readers().size() == readers + 1);

                if (round == 0) {
                    readersBefore = readersLatency(manager);
                }

                // ---- retained heap per idle attachment
                List<Attachment> live = new ArrayList<>(attachments);
                long before = usedHeapAfterGc();
                long t0 = System.nanoTime();
                for (int i = 0; i < readers; i++) {
                    String name = readerName(i);
                    for (int k = 0; k < perReader; k++) {
                        live.add(manager.attachByReader(name));
                    }
                }
                attachRate.add(attachments / ((System.nanoTime() - t0) / 1e9));
                long after = usedHeapAfterGc();
                heapPerAttachment.add((after - before) / (double) attachments);
                log("round %d: %d attachments retain %d bytes (%.0f B each)", round, attachments, after - before,
                        (after - before) / (double) attachments);

                if (round == 0) {
                    readersAfter = readersLatency(manager);
                }

                // ---- blocked callers, on readers spread over the range (the driver unplugs them in name order)
                int locked = Math.min(LOCKED_READERS, readers);
                int mute = Math.min(MUTE_READERS, readers - locked);
                int step = Math.max(1, readers / (locked + mute));
                List<CardLock> locks = new ArrayList<>();
                List<Thread> blocked = new ArrayList<>();
                ConcurrentLinkedQueue<Throwable> outcomes = new ConcurrentLinkedQueue<>();
                ConcurrentLinkedQueue<Long> coreReleased = new ConcurrentLinkedQueue<>();
                ConcurrentLinkedQueue<Long> driverReleased = new ConcurrentLinkedQueue<>();
                CountDownLatch done = new CountDownLatch(locked * 2 + mute);
                CommandApdu command = new CommandApdu(SimTransmit.SELECT_MF);
                for (int j = 0; j < locked + mute; j++) {
                    int reader = j * step + step - 1;
                    if (j < locked) {
                        locks.add(live.get(reader * perReader).lock(LONG));
                        Attachment waiter = live.get(reader * perReader + 1);
                        Attachment locker = live.get(reader * perReader + 2);
                        blocked.add(caller("transmit behind a lock", () -> waiter.transmit(command), outcomes,
                                coreReleased, done));
                        blocked.add(caller("lock behind a lock", () -> locker.lock(LONG), outcomes, coreReleased,
                                done));
                    } else {
                        sim.injectFault(readerName(reader), SimFault.MUTE);
                        Attachment stuck = live.get(reader * perReader);
                        blocked.add(caller("transmit to a mute card", () -> stuck.transmit(command), outcomes,
                                driverReleased, done));
                    }
                }
                Platform.await("every caller blocked", () -> blocked.stream()
                        .allMatch(t -> t.getState() == Thread.State.WAITING
                                || t.getState() == Thread.State.TIMED_WAITING));
                int eventsBefore = revokedEvents.get();

                // ---- stop the driver that holds them all
                Bundle driver = platform.bundle("driver-sim");
                RevocationWatch watch = new RevocationWatch(live);
                long start = System.nanoTime();
                watch.start();
                driver.stop();
                long stopped = System.nanoTime();
                long allRevoked = watch.awaitAllRevoked();
                if (!done.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    throw new IllegalStateException(done.getCount() + " blocked callers were not released in 30 s");
                }
                long lastCore = coreReleased.stream().mapToLong(Long::longValue).max().orElse(start);
                long lastDriver = driverReleased.stream().mapToLong(Long::longValue).max().orElse(start);
                long end = Math.max(allRevoked, Math.max(lastCore, lastDriver));
                revocation.add((end - start) / 1e6);
                stopReturned.add((stopped - start) / 1e6);
                revokedOnly.add((allRevoked - start) / 1e6);
                coreBlocked.add((lastCore - start) / 1e6);
                driverBlocked.add((lastDriver - start) / 1e6);
                for (Throwable outcome : outcomes) {
                    if (!(outcome instanceof ReaderUnavailableException)) {
                        throw new IllegalStateException("a blocked caller ended with " + outcome
                                + " instead of ReaderUnavailableException", outcome);
                    }
                }
                Platform.await("every ATTACHMENT_REVOKED event delivered",
                        () -> revokedEvents.get() - eventsBefore >= attachments);
                eventsDelivered.add((System.nanoTime() - start) / 1e6);
                log("round %d: stop() returned after %.1f ms; %d attachments revoked after %.1f ms; callers blocked "
                        + "in the core released after %.1f ms, in the driver after %.1f ms", round,
                        (stopped - start) / 1e6, attachments, (allRevoked - start) / 1e6, (lastCore - start) / 1e6,
                        (lastDriver - start) / 1e6);

                // ---- clean up for the next round
                for (Attachment attachment : live) {
                    attachment.close();
                }
                start(driver);
                platform.awaitReader(Platform.SIM_READER, true);
            }
            frameworkBaseline = frameworkBaseline(platform);
        }
        Stats heap = stats(heapPerAttachment);
        figure("scale.heap.per.attachment", heap.median(), spread(heap), "B", "median of rounds",
                attachments + " idle attachments on " + readers + " readers, heap used after full GC, before vs "
                        + "after; includes the driver's session");
        figure("scale.readers.p50", readersAfter.median(), readersAfter.medianError(), "ns", "sample p50",
                readers + " readers, " + attachments + " attachments live; " + readersAfter.count() + " calls");
        figure("scale.readers.p99", readersAfter.percentile(99), Double.NaN, "ns", "sample p99",
                readers + " readers, " + attachments + " attachments live");
        figure("scale.readers.noattachments.p50", readersBefore.median(), readersBefore.medianError(), "ns",
                "sample p50", readers + " readers, no attachments");
        Stats revoke = stats(revocation);
        figure("scale.revocation", revoke.max(), spread(revoke), "ms", "worst round",
                "driver-sim stopped with " + attachments + " attachments and " + (Math.min(LOCKED_READERS, readers) * 2
                        + Math.min(MUTE_READERS, readers - Math.min(LOCKED_READERS, readers)))
                        + " blocked callers: until all revoked and all callers returned; " + rounds + " rounds");
        figure("scale.revocation.revoked", stats(revokedOnly).max(), Double.NaN, "ms", "worst round",
                "until every attachment was REVOKED");
        figure("scale.revocation.core.blocked", stats(coreBlocked).max(), Double.NaN, "ms", "worst round",
                "until the last caller waiting in the core (transmit or lock behind another attachment's lock) "
                        + "returned");
        figure("scale.revocation.driver.blocked", stats(driverBlocked).max(), Double.NaN, "ms", "worst round",
                "until the last caller blocked inside the driver (a transmit to a mute card) returned");
        figure("scale.revocation.framework.baseline", frameworkBaseline, Double.NaN, "ms", "one round",
                "baseline: Bundle.stop() of driver-sim with " + readers + " readers held by a plain ServiceTracker "
                        + "(core stopped): what Felix + SCR cost with no card manager");
        figure("scale.revocation.stop.returned", stats(stopReturned).max(), Double.NaN, "ms", "worst round",
                "Bundle.stop() of driver-sim returned");
        figure("scale.revocation.events", stats(eventsDelivered).max(), Double.NaN, "ms", "worst round",
                "until a listener had every ATTACHMENT_REVOKED event");
        Stats rate = stats(attachRate);
        figure("scale.attach.rate", rate.median(), spread(rate), "attach/s", "median of rounds",
                "attaching " + attachments + " in a row (10 per reader)");
    }

    /**
     * The framework's own share: stopping driver-sim with the same readers when only a plain ServiceTracker consumer
     * holds them (the core bundle is stopped for it).
     */
    private double frameworkBaseline(Platform platform) throws Exception {
        platform.bundle("core").stop();
        SimulatorControl sim = platform.sim();
        for (int i = 0; i < readers; i++) {
            sim.addReader(readerName(i), "demo");
        }
        org.osgi.util.tracker.ServiceTracker<org.cardmanage.spi.ReaderTransport, org.cardmanage.spi.ReaderTransport>
                tracker = new org.osgi.util.tracker.ServiceTracker<>(platform.context(),
                        org.cardmanage.spi.ReaderTransport.class, null);
        tracker.open();
        if (tracker.size() != readers + 1) {
            throw new IllegalStateException("the tracker holds " + tracker.size() + " readers");
        }
        long start = System.nanoTime();
        platform.bundle("driver-sim").stop();
        double millis = (System.nanoTime() - start) / 1e6;
        if (tracker.size() != 0) {
            throw new IllegalStateException("the tracker still holds " + tracker.size() + " readers");
        }
        tracker.close();
        log("baseline: stopping driver-sim with %d readers held by a ServiceTracker took %.1f ms", readers, millis);
        return millis;
    }

    private static Stats stats(List<Double> values) {
        return new Stats(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static double spread(Stats stats) {
        return stats.count() < 2 ? Double.NaN : (stats.max() - stats.min()) / 2;
    }

    /** Times single {@code readers()} calls, after a warm-up. */
    private Stats readersLatency(CardManager manager) {
        int n = full ? 200_000 : 50_000;
        long sink = 0;
        for (int i = 0; i < n; i++) {
            sink += manager.readers().size();
        }
        long[] samples = new long[n];
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            sink += manager.readers().size();
            samples[i] = System.nanoTime() - t;
        }
        if (sink == 42) {
            log("unlikely");
        }
        return Stats.of(samples);
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(50);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    /**
     * Sees when the last attachment became REVOKED while {@code Bundle.stop()} runs, polling every 100 µs (a caller
     * would see it on its next call; the poll's resolution is far below the figures).
     */
    private static final class RevocationWatch extends Thread {
        private final List<Attachment> attachments;
        private volatile long allRevoked;

        RevocationWatch(List<Attachment> attachments) {
            super("revocation watch");
            setDaemon(true);
            this.attachments = attachments;
        }

        @Override
        public void run() {
            for (Attachment attachment : attachments) {
                while (attachment.state() != AttachmentState.REVOKED) {
                    java.util.concurrent.locks.LockSupport.parkNanos(100_000);
                }
            }
            allRevoked = System.nanoTime();
        }

        long awaitAllRevoked() throws InterruptedException {
            join(30_000);
            if (isAlive()) {
                throw new IllegalStateException("not every attachment was revoked within 30 s");
            }
            return allRevoked;
        }
    }

    @FunctionalInterface
    private interface BlockingCall {
        Object call() throws CardException;
    }

    private static Thread caller(String what, BlockingCall call, ConcurrentLinkedQueue<Throwable> outcomes,
            ConcurrentLinkedQueue<Long> released, CountDownLatch done) {
        Thread thread = new Thread(() -> {
            try {
                call.call();
                outcomes.add(new IllegalStateException(what + " returned normally"));
            } catch (CardException | RuntimeException e) {
                outcomes.add(e);
            } finally {
                released.add(System.nanoTime());
                done.countDown();
            }
        }, "blocked: " + what);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void start(Bundle bundle) {
        try {
            bundle.start();
        } catch (BundleException e) {
            throw new IllegalStateException("driver-sim did not start again", e);
        }
    }
}

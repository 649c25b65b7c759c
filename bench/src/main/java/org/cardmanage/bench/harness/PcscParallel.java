package org.cardmanage.bench.harness;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CommandAPDU;

import org.cardmanage.api.Attachment;
import org.cardmanage.api.CardManager;
import org.cardmanage.api.CommandApdu;
import org.cardmanage.api.Disposition;
import org.cardmanage.bench.Stats;
import org.cardmanage.bench.jmh.SimTransmit;

/**
 * Two vpcd readers, a thread on each, against one thread on one of them: transmit throughput through the core, for
 * raw {@code javax.smartcardio} (the JDK has one PC/SC context per JVM, and libpcsclite serialises the calls of one
 * context) and for two C clients, one per reader, in processes of their own (what the machine allows). The six shapes
 * are interleaved in short windows, round after round, in an order that rotates; each speed-up is taken within its
 * round and the figure is the median over the rounds.
 *
 * <p>Only two: vpcd gives this machine two readers (PCSC-TESTBED.md), so the 8 readers × 8 threads cannot be
 * measured here.
 */
final class PcscParallel {
    private final Harness harness;
    private final int rounds;
    private final long windowMillis;

    PcscParallel(Harness harness, int rounds, long windowMillis) {
        this.harness = harness;
        this.rounds = rounds;
        this.windowMillis = windowMillis;
    }

    @FunctionalInterface
    private interface Call {
        void run(int thread) throws Exception;
    }

    /** A way to run one window with one or two readers busy: APDUs per second. */
    @FunctionalInterface
    private interface Shape {
        double window(int threads) throws Exception;
    }

    /** @param floor the C client's executable, or null to leave the C figures out */
    void run(CardManager manager, String first, String second, Path floor) throws Exception {
        List<String> readers = List.of(first, second);
        CommandApdu command = new CommandApdu(SimTransmit.SELECT_MF);
        CommandAPDU rawCommand = new CommandAPDU(SimTransmit.SELECT_MF);
        List<Attachment> attachments = new ArrayList<>();
        List<Card> raws = new ArrayList<>();
        List<PcscFloor> floors = new ArrayList<>();
        try {
            for (String reader : readers) {
                attachments.add(manager.attachByReader(reader));
                raws.add(Pcsc.terminal(reader).connect("*"));
                if (floor != null) {
                    floors.add(PcscFloor.start(floor, reader, SimTransmit.SELECT_MF));
                }
            }
            List<CardChannel> channels = raws.stream().map(Card::getBasicChannel).toList();
            List<String> names = new ArrayList<>(List.of("core", "raw"));
            List<Shape> shapes = new ArrayList<>();
            shapes.add(threads -> threads(thread -> attachments.get(thread).transmit(command), threads));
            shapes.add(threads -> threads(thread -> channels.get(thread).transmit(rawCommand), threads));
            if (!floors.isEmpty()) {
                names.add("c");
                shapes.add(threads -> processes(floors, threads));
            }
            for (Shape shape : shapes) { // warm-up
                shape.window(1);
                shape.window(2);
            }
            int kinds = shapes.size() * 2;
            double[][] one = new double[shapes.size()][rounds];
            double[][] speedup = new double[shapes.size()][rounds];
            for (int r = 0; r < rounds; r++) {
                double[][] rate = new double[shapes.size()][2];
                for (int k = 0; k < kinds; k++) {
                    int which = (k + r) % kinds;
                    int s = which / 2;
                    rate[s][which % 2] = shapes.get(s).window(which % 2 + 1);
                }
                StringBuilder line = new StringBuilder();
                for (int s = 0; s < shapes.size(); s++) {
                    one[s][r] = rate[s][0];
                    speedup[s][r] = rate[s][1] / rate[s][0];
                    line.append(s == 0 ? "" : "; ").append(String.format(Locale.ROOT, "%s %.0f/s, %.2fx",
                            names.get(s), rate[s][0], speedup[s][r]));
                }
                harness.log("pcsc parallel round %d: %s", r, line);
            }
            String how = rounds + " interleaved rounds of " + windowMillis + " ms windows; readers '" + first
                    + "' and '" + second + "'";
            String[] what = {"through the core + driver-pcsc", "raw javax.smartcardio (one PC/SC context per JVM)",
                "C clients on libpcsclite, a process per reader"};
            for (int s = 0; s < shapes.size(); s++) {
                String id = "pcsc.parallel." + names.get(s);
                Stats rate = new Stats(one[s]);
                Stats up = new Stats(speedup[s]);
                harness.figure(id + ".t1.rate", rate.median(), rate.medianError(), "APDU/s", "median of rounds",
                        "1 thread on one vpcd reader, " + what[s] + "; " + how);
                harness.figure(id + ".speedup.t2", up.median(), up.medianError(), "x", "median of rounds",
                        "2 readers, one thread each, vs 1 thread in the same round, " + what[s] + "; " + how);
            }
        } finally {
            for (PcscFloor c : floors) {
                c.close();
            }
            for (Card raw : raws) {
                raw.disconnect(false);
            }
            for (Attachment attachment : attachments) {
                attachment.detach(Disposition.LEAVE);
            }
        }
    }

    /** @return APDUs per second of that many C clients (one per reader) transmitting for one window */
    private double processes(List<PcscFloor> floors, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            floors.get(i).startWindow(windowMillis);
        }
        double total = 0;
        for (int i = 0; i < count; i++) {
            total += floors.get(i).rate();
        }
        return total;
    }

    /** @return APDUs per second of that many threads (thread i on reader i) calling for one window */
    private double threads(Call call, int threads) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        long[] counts = new long[threads];
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> running = new ArrayList<>();
        List<Exception> failures = new CopyOnWriteArrayList<>();
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
                } catch (Exception e) {
                    failures.add(e);
                }
                counts[index] = count;
            }, "pcsc-parallel-" + i);
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
            throw new IllegalStateException("a transmitting thread failed", failures.get(0));
        }
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        return total * 1e9 / elapsed;
    }
}

package org.cardmanage.bench.harness;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.TerminalFactory;

import org.cardmanage.api.Attachment;
import org.cardmanage.api.CardException;
import org.cardmanage.api.CardManager;
import org.cardmanage.api.CommandApdu;
import org.cardmanage.api.Disposition;
import org.cardmanage.bench.Platform;
import org.cardmanage.bench.Stats;
import org.cardmanage.bench.jmh.SimTransmit;
import org.cardmanage.driver.sim.vpcd.VpcdCard;

/**
 * driver-pcsc against raw {@code javax.smartcardio} and against a C client on libpcsclite ({@link PcscFloor}) on the
 * same vpcd reader and the same card (the project's simulated card served over vpcd, with quick-ACK), in one run.
 * Against raw: each pair of calls is alternated (raw first on even pairs, core first on odd ones) and timed one call
 * at a time, so drifting load hits both sides alike. Against the C floor: rounds of batches (C, core, raw, in an order
 * that rotates each round), each call timed alone. Readers in parallel: two vpcd readers, one thread each, against one
 * thread ({@link PcscParallel}). Card events: the driver's listener call against a raw {@code waitForChange} loop in a
 * separate JVM ({@link RawWaiter}), per insertion.
 *
 * <p>Needs pcscd with vsmartcard's vpcd (see {@code .ci/pcsc-testbed.sh}); without it, says so and measures nothing.
 */
final class Pcsc extends Harness {
    static final String[] READERS = {"Virtual PCD 00 00", "Virtual PCD 00 01"};
    private static final Path SOCKET = Path.of("/run/pcscd/pcscd.comm");
    private static final Path MAPS = Path.of("/proc/self/maps");
    private static final Duration WAIT = Duration.ofSeconds(5);

    Pcsc(boolean full, PrintStream out) {
        super(full, out);
    }

    @FunctionalInterface
    private interface Op {
        void run() throws Exception;
    }

    @Override
    public void run() throws Exception {
        if (!Files.exists(SOCKET)) {
            skip("pcsc", "pcscd is not running (no " + SOCKET + "); start it with .ci/pcsc-testbed.sh up, or run "
                    + "bench/run.sh as root on a machine with pcscd and vsmartcard-vpcd installed");
            return;
        }
        // Order matters: driver-pcsc's native backend sets PCSCLITE_NO_BLOCKING=1 (libc setenv) before libpcsclite
        // first initialises in this process. If javax.smartcardio (the raw baseline) loaded libpcsclite first, the
        // driver would see it in /proc/self/maps and fall back to its slower guarded mode, and the bench would
        // measure that instead of the default. So the platform starts first, and nothing here touches
        // javax.smartcardio until the driver offers the reader (its library is loaded and initialised by then).
        if (mapped("libpcsclite")) {
            throw new IllegalStateException("libpcsclite is loaded before driver-pcsc started: the driver would run "
                    + "in its guarded mode");
        }
        try (Platform platform = Platform.start(true)) {
            CardManager manager = platform.cardManager();
            List<String> empty = emptyVpcdReaders(manager);
            if (empty.isEmpty()) {
                skip("pcsc", "no empty vpcd reader (driver-pcsc lists " + manager.readers() + "): vpcd is missing, "
                        + "or another test holds cards in both of its readers");
                return;
            }
            String reader = empty.get(0);
            // The call paths run against the card in a process of its own, as a real reader is outside every
            // caller: the benchmark's JVM and the C client then meet the same three-process path (caller, pcscd,
            // card). A card served by a thread of the caller's own JVM is faster for that JVM's calls (by ~6-10 us
            // per transmit here), which would flatter the Java paths against the C floor.
            Process card = startCard(platform, reader);
            try {
                // From here on javax.smartcardio may load libpcsclite: the driver has initialised it already.
                CardTerminal terminal = terminal(reader);
                transmit(manager, terminal, reader);
                attachDetach(manager, terminal, reader);
                lock(manager, terminal, reader);
                Path floor = floorBinary();
                if (floor != null) {
                    floor(manager, terminal, reader, floor);
                }
                if (empty.size() > 1) {
                    String second = empty.get(1);
                    Process secondCard = startCard(platform, second);
                    try {
                        new PcscParallel(this, full ? 15 : 5, 400).run(manager, reader, second, floor);
                    } finally {
                        stopCard(platform, secondCard, second);
                    }
                } else {
                    skip("pcsc.parallel", "the other vpcd reader holds another test's card: two readers in "
                            + "parallel need both");
                }
            } finally {
                stopCard(platform, card, reader);
            }
            // Card events: this harness inserts and removes the card itself, so it is served from this JVM.
            VpcdCard eventCard = insert(platform, reader);
            try {
                new PcscEvents(this, full).run(platform, eventCard, reader);
            } finally {
                eventCard.remove();
            }
        }
    }

    private static int port(String reader) {
        return VpcdCard.DEFAULT_PORT + List.of(READERS).indexOf(reader);
    }

    /** Starts the project's demo card as a process of its own ({@link VpcdCard}'s main) and waits until it is in. */
    private Process startCard(Platform platform, String reader) throws IOException {
        log("PC/SC: reader '%s', card in a process of its own on vpcd port %d", reader, port(reader));
        Process card = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", System.getProperty("java.class.path"), VpcdCard.class.getName(), "--port",
                Integer.toString(port(reader)), "--profile", "demo", "--once")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(new File("/dev/null")).start();
        try {
            platform.awaitReader(reader, true);
        } catch (RuntimeException e) {
            card.destroy();
            throw e;
        }
        return card;
    }

    /** Stops a card process (its shutdown hook removes the card) and waits until the reader is empty. */
    private static void stopCard(Platform platform, Process card, String reader) throws InterruptedException {
        card.destroy();
        if (!card.waitFor(10, TimeUnit.SECONDS)) {
            card.destroyForcibly();
        }
        CardManager manager = platform.cardManager();
        Platform.await("reader '" + reader + "' empty", () -> manager.readers().stream()
                .anyMatch(r -> r.name().equals(reader) && r.card().isEmpty()));
    }

    /** @return the vpcd readers driver-pcsc offers with no card in them, waiting until it offers one */
    private static List<String> emptyVpcdReaders(CardManager manager) {
        try {
            Platform.awaitValue("driver-pcsc offering a vpcd reader", () -> manager.readers().stream()
                    .anyMatch(r -> List.of(READERS).contains(r.name())) ? Boolean.TRUE : null);
        } catch (IllegalStateException e) {
            return List.of();
        }
        List<String> empty = new ArrayList<>();
        for (String name : READERS) {
            if (manager.readers().stream().anyMatch(r -> r.name().equals(name) && r.card().isEmpty())) {
                empty.add(name);
            }
        }
        return empty;
    }

    private VpcdCard insert(Platform platform, String reader) {
        log("PC/SC: reader '%s', card in this JVM on vpcd port %d", reader, port(reader));
        VpcdCard card = new VpcdCard(VpcdCard.DEFAULT_HOST, port(reader), "demo", false);
        card.insert();
        platform.awaitReader(reader, true);
        return card;
    }

    /** @return the C floor's executable, or null (and a SKIP) if it cannot be built here */
    private Path floorBinary() throws IOException, InterruptedException {
        try {
            return PcscFloor.build();
        } catch (IllegalStateException e) {
            skip("pcsc.floor", e.getMessage());
            return null;
        }
    }

    /** @return whether a library of that name is mapped into this process (Linux; false elsewhere) */
    private static boolean mapped(String name) throws IOException {
        if (!Files.isReadable(MAPS)) {
            return false;
        }
        try (Stream<String> lines = Files.lines(MAPS)) {
            return lines.anyMatch(line -> line.contains(name));
        }
    }

    /** An attachment detached with LEAVE when done: no section resets the card under the next one's connections. */
    record Leave(Attachment attachment) implements AutoCloseable {
        @Override
        public void close() throws CardException {
            attachment.detach(Disposition.LEAVE);
        }
    }

    static CardTerminal terminal(String reader) throws Exception {
        return TerminalFactory.getInstance("PC/SC", null).terminals().getTerminal(reader);
    }

    private void transmit(CardManager manager, CardTerminal terminal, String reader) throws Exception {
        try (Leave held = new Leave(manager.attachByReader(reader))) {
            Attachment attachment = held.attachment();
            // A connection of its own, SHARED: the JDK's context and handle next to the driver's.
            Card raw = terminal.connect("*");
            try {
                CardChannel channel = raw.getBasicChannel();
                CommandAPDU rawCommand = new CommandAPDU(SimTransmit.SELECT_MF);
                CommandApdu command = new CommandApdu(SimTransmit.SELECT_MF);
                check(channel.transmit(rawCommand).getSW(), "raw transmit");
                check(attachment.transmit(command).sw(), "core transmit");
                int n = full ? 20_000 : 3_000;
                compare("pcsc.transmit", "transmit SELECT MF", n, n / 5, () -> channel.transmit(rawCommand),
                        () -> attachment.transmit(command));
            } finally {
                raw.disconnect(false);
            }
        }
    }

    private void attachDetach(CardManager manager, CardTerminal terminal, String reader) throws Exception {
        if (!manager.attachments().isEmpty()) {
            throw new IllegalStateException("attachments left open: " + manager.attachments());
        }
        int n = full ? 5_000 : 1_000;
        compare("pcsc.attach", "connect(\"*\") + disconnect(false) vs attach + detach(LEAVE)", n, n / 5,
                () -> terminal.connect("*").disconnect(false),
                () -> manager.attachByReader(reader).detach(Disposition.LEAVE));
    }

    private void lock(CardManager manager, CardTerminal terminal, String reader) throws Exception {
        try (Leave held = new Leave(manager.attachByReader(reader))) {
            Attachment attachment = held.attachment();
            Card raw = terminal.connect("*");
            try {
                int n = full ? 10_000 : 2_000;
                compare("pcsc.lock", "beginExclusive + endExclusive vs lock + unlock(LEAVE)", n, n / 5, () -> {
                    raw.beginExclusive();
                    raw.endExclusive();
                }, () -> attachment.lock(WAIT).unlock(Disposition.LEAVE));
            } finally {
                raw.disconnect(false);
            }
        }
    }

    // ---- the C floor ----------------------------------------------------------------------------------------------

    /**
     * Rounds of batches: the C client, the core and raw {@code javax.smartcardio}, one batch each per round in an
     * order that rotates, for connect + disconnect, transmit and a transaction. The C client keeps its own connection
     * open throughout; for transmit and transactions the core and raw hold one each too, so every batch meets the same
     * pcscd state. (Connect + disconnect runs first, with no Java connection open: the JDK hands out the open
     * {@code Card} of a terminal again instead of connecting anew.)
     */
    private void floor(CardManager manager, CardTerminal terminal, String reader, Path binary) throws Exception {
        // short batches, many rounds: load that drifts over tens of milliseconds hits the three sides alike
        int rounds = full ? 100 : 20;
        int batch = 100;
        try (PcscFloor c = PcscFloor.start(binary, reader, SimTransmit.SELECT_MF)) {
            floorRounds("pcsc.floor.attach", "SCardConnect + SCardDisconnect(LEAVE) / attach + detach(LEAVE) / "
                    + "connect(\"*\") + disconnect(false)", rounds, batch / 2, c::connects,
                    () -> manager.attachByReader(reader).detach(Disposition.LEAVE),
                    () -> terminal.connect("*").disconnect(false));
            try (Leave held = new Leave(manager.attachByReader(reader))) {
                Attachment attachment = held.attachment();
                Card raw = terminal.connect("*");
                try {
                    CardChannel channel = raw.getBasicChannel();
                    CommandAPDU rawCommand = new CommandAPDU(SimTransmit.SELECT_MF);
                    CommandApdu command = new CommandApdu(SimTransmit.SELECT_MF);
                    floorRounds("pcsc.floor.transmit", "transmit SELECT MF", rounds, batch, c::transmits,
                            () -> attachment.transmit(command), () -> channel.transmit(rawCommand));
                    floorRounds("pcsc.floor.lock", "SCardBeginTransaction + SCardEndTransaction(LEAVE) / lock + "
                            + "unlock(LEAVE) / beginExclusive + endExclusive", rounds, batch, c::transactions,
                            () -> attachment.lock(WAIT).unlock(Disposition.LEAVE), () -> {
                                raw.beginExclusive();
                                raw.endExclusive();
                            });
                } finally {
                    raw.disconnect(false);
                }
            }
        }
    }

    @FunctionalInterface
    private interface Batch {
        long[] run(int n) throws Exception;
    }

    private void floorRounds(String id, String what, int rounds, int batch, Batch c, Op core, Op raw)
            throws Exception {
        // warm-up: one round, not kept
        c.run(batch);
        times(core, batch);
        times(raw, batch);
        long[] cAll = new long[rounds * batch];
        long[] coreAll = new long[rounds * batch];
        long[] rawAll = new long[rounds * batch];
        double[] coreMinusC = new double[rounds];
        double[] rawMinusC = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long[][] got = new long[3][];
            for (int k = 0; k < 3; k++) {
                int side = (k + r) % 3;
                got[side] = switch (side) {
                    case 0 -> c.run(batch);
                    case 1 -> times(core, batch);
                    default -> times(raw, batch);
                };
            }
            System.arraycopy(got[0], 0, cAll, r * batch, batch);
            System.arraycopy(got[1], 0, coreAll, r * batch, batch);
            System.arraycopy(got[2], 0, rawAll, r * batch, batch);
            double cMedian = Stats.of(got[0]).median();
            coreMinusC[r] = Stats.of(got[1]).median() - cMedian;
            rawMinusC[r] = Stats.of(got[2]).median() - cMedian;
        }
        Stats cs = Stats.of(cAll);
        Stats coreStats = Stats.of(coreAll);
        Stats rawStats = Stats.of(rawAll);
        Stats d = new Stats(coreMinusC);
        Stats rd = new Stats(rawMinusC);
        String note = what + "; " + rounds + " rounds of " + batch + " calls per side, C client / core / raw in an "
                + "order rotating each round, each call timed alone";
        figure(id + ".c.p50", cs.median() / 1000, cs.medianError() / 1000, "us", "sample p50", note);
        figure(id + ".core.p50", coreStats.median() / 1000, coreStats.medianError() / 1000, "us", "sample p50", note);
        figure(id + ".raw.p50", rawStats.median() / 1000, rawStats.medianError() / 1000, "us", "sample p50", note);
        figure(id + ".c.p99", cs.percentile(99) / 1000, Double.NaN, "us", "sample p99", note);
        figure(id + ".core.p99", coreStats.percentile(99) / 1000, Double.NaN, "us", "sample p99", note);
        figure(id + ".diff.p50", d.median() / 1000, d.medianError() / 1000, "us", "median of rounds",
                "core minus C client, per round (medians of the round's batches)");
        figure(id + ".rawdiff.p50", rd.median() / 1000, rd.medianError() / 1000, "us", "median of rounds",
                "raw javax.smartcardio minus C client, per round (medians of the round's batches)");
        log("%s: C %.1f us, core %.1f us, raw %.1f us (median); per round core - C %.2f us, raw - C %.2f us", id,
                cs.median() / 1000, coreStats.median() / 1000, rawStats.median() / 1000, d.median() / 1000,
                rd.median() / 1000);
    }

    private static long[] times(Op op, int n) throws Exception {
        long[] nanos = new long[n];
        for (int i = 0; i < n; i++) {
            nanos[i] = time(op);
        }
        return nanos;
    }

    /** Alternates raw and core calls and prints medians (µs) and p99 of both, and the median paired difference. */
    private void compare(String id, String what, int n, int warmup, Op raw, Op core) throws Exception {
        long[] rawNanos = new long[n];
        long[] coreNanos = new long[n];
        for (int i = -warmup; i < n; i++) {
            long r;
            long c;
            if ((i & 1) == 0) {
                r = time(raw);
                c = time(core);
            } else {
                c = time(core);
                r = time(raw);
            }
            if (i >= 0) {
                rawNanos[i] = r;
                coreNanos[i] = c;
            }
        }
        Stats r = Stats.of(rawNanos);
        Stats c = Stats.of(coreNanos);
        double[] diff = new double[n];
        for (int i = 0; i < n; i++) {
            diff[i] = coreNanos[i] - rawNanos[i];
        }
        Stats d = new Stats(diff);
        String note = what + "; " + n + " alternated pairs after " + warmup + " warm-up";
        figure(id + ".raw.p50", r.median() / 1000, r.medianError() / 1000, "us", "sample p50", note);
        figure(id + ".core.p50", c.median() / 1000, c.medianError() / 1000, "us", "sample p50", note);
        figure(id + ".raw.p99", r.percentile(99) / 1000, Double.NaN, "us", "sample p99", note);
        figure(id + ".core.p99", c.percentile(99) / 1000, Double.NaN, "us", "sample p99", note);
        figure(id + ".diff.p50", d.median() / 1000, d.medianError() / 1000, "us", "paired p50",
                "core minus raw, per alternated pair");
        log("%s: raw %.1f us, core %.1f us (median), paired difference %.2f us; by order: raw first %.1f / %.1f us, "
                + "core first %.1f / %.1f us (raw / core)", id, r.median() / 1000, c.median() / 1000,
                d.median() / 1000, half(rawNanos, 0).median() / 1000, half(coreNanos, 0).median() / 1000,
                half(rawNanos, 1).median() / 1000, half(coreNanos, 1).median() / 1000);
    }

    /** @return the samples of even (0) or odd (1) pairs */
    private static Stats half(long[] samples, int parity) {
        long[] part = new long[(samples.length + 1 - parity) / 2];
        for (int i = parity, k = 0; i < samples.length && k < part.length; i += 2, k++) {
            part[k] = samples[i];
        }
        return Stats.of(part);
    }

    private static long time(Op op) throws Exception {
        long start = System.nanoTime();
        op.run();
        return System.nanoTime() - start;
    }

    private static void check(int sw, String what) {
        if (sw != 0x9000) {
            throw new IllegalStateException(what + " answered " + Integer.toHexString(sw));
        }
    }
}

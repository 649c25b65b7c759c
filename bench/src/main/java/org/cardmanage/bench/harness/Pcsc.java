package org.cardmanage.bench.harness;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.TerminalFactory;

import org.cardmanage.api.Attachment;
import org.cardmanage.api.CardEvent;
import org.cardmanage.api.CardManager;
import org.cardmanage.api.CommandApdu;
import org.cardmanage.api.Disposition;
import org.cardmanage.bench.Platform;
import org.cardmanage.bench.Stats;
import org.cardmanage.bench.jmh.SimTransmit;
import org.cardmanage.driver.sim.vpcd.VpcdCard;

/**
 * driver-pcsc against raw {@code javax.smartcardio} on the same vpcd reader and the same card (the project's simulated
 * card served over vpcd, with quick-ACK), in one JVM. Each pair of calls is alternated (raw first on even pairs, core
 * first on odd ones) and timed one call at a time, so drifting load hits both sides alike. Card events: the driver's
 * listener call against a raw {@code waitForChange} loop in a separate JVM ({@link RawWaiter}), per insertion.
 *
 * <p>Needs pcscd with vsmartcard's vpcd (see {@code .ci/pcsc-testbed.sh}); without it, says so and measures nothing.
 */
final class Pcsc extends Harness {
    private static final String[] READERS = {"Virtual PCD 00 00", "Virtual PCD 00 01"};
    private static final Path SOCKET = Path.of("/run/pcscd/pcscd.comm");
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
        List<String> listed;
        try {
            listed = TerminalFactory.getInstance("PC/SC", null).terminals().list().stream()
                    .map(CardTerminal::getName).toList();
        } catch (javax.smartcardio.CardException | java.security.NoSuchAlgorithmException e) {
            skip("pcsc", "pcscd does not answer: " + e);
            return;
        }
        int index = -1;
        for (int i = 0; i < READERS.length; i++) {
            if (listed.contains(READERS[i]) && !terminal(READERS[i]).isCardPresent()) {
                index = i;
                break;
            }
        }
        if (index < 0) {
            skip("pcsc", "no empty vpcd reader (pcscd lists " + listed + "): vpcd is missing, or another test holds "
                    + "cards in both of its readers");
            return;
        }
        String reader = READERS[index];
        log("PC/SC: reader '%s', card on vpcd port %d", reader, VpcdCard.DEFAULT_PORT + index);
        VpcdCard card = new VpcdCard(VpcdCard.DEFAULT_HOST, VpcdCard.DEFAULT_PORT + index, "demo", false);
        card.insert();
        try (Platform platform = Platform.start(true)) {
            platform.awaitReader(reader, true);
            CardManager manager = platform.cardManager();
            CardTerminal terminal = terminal(reader);
            transmit(manager, terminal, reader, "pcsc");
            attachDetach(manager, terminal, reader, "pcsc");
            lock(manager, terminal, reader, "pcsc");
            events(platform, card, reader);
            // The same paths with call.thread=caller: PC/SC calls on the caller's thread instead of the reader's.
            platform.configure("org.cardmanage.driver.pcsc", java.util.Map.of("call.thread", "caller"));
            awaitCallerThreadDriver(platform, manager, reader);
            transmit(manager, terminal, reader, "pcsc.caller");
            attachDetach(manager, terminal, reader, "pcsc.caller");
            lock(manager, terminal, reader, "pcsc.caller");
        } finally {
            card.remove();
        }
    }

    private static CardTerminal terminal(String reader) throws Exception {
        return TerminalFactory.getInstance("PC/SC", null).terminals().getTerminal(reader);
    }

    /** Waits until driver-pcsc, reconfigured, offers the reader again; its transport service is then a new one. */
    private static void awaitCallerThreadDriver(Platform platform, CardManager manager, String reader)
            throws Exception {
        org.osgi.framework.ServiceReference<?>[] before = platform.context().getAllServiceReferences(
                org.cardmanage.spi.ReaderTransport.class.getName(), "(reader.name=" + reader + ")");
        Object oldId = before == null ? null : before[0].getProperty("service.id");
        Platform.await("driver-pcsc offering '" + reader + "' again with call.thread=caller", () -> {
            try {
                org.osgi.framework.ServiceReference<?>[] now = platform.context().getAllServiceReferences(
                        org.cardmanage.spi.ReaderTransport.class.getName(), "(reader.name=" + reader + ")");
                return now != null && !now[0].getProperty("service.id").equals(oldId)
                        && manager.readers().stream().anyMatch(r -> r.name().equals(reader) && r.card().isPresent());
            } catch (org.osgi.framework.InvalidSyntaxException e) {
                throw new IllegalArgumentException(e);
            }
        });
    }

    private void transmit(CardManager manager, CardTerminal terminal, String reader, String id) throws Exception {
        try (Attachment attachment = manager.attachByReader(reader)) {
            // The JDK hands out one Card per terminal: while the attachment is open, this is the driver's connection.
            Card raw = terminal.connect("*");
            CardChannel channel = raw.getBasicChannel();
            CommandAPDU rawCommand = new CommandAPDU(SimTransmit.SELECT_MF);
            CommandApdu command = new CommandApdu(SimTransmit.SELECT_MF);
            check(channel.transmit(rawCommand).getSW(), "raw transmit");
            check(attachment.transmit(command).sw(), "core transmit");
            int n = full ? 20_000 : 3_000;
            compare(id + ".transmit", "transmit SELECT MF", n, n / 5, () -> channel.transmit(rawCommand),
                    () -> attachment.transmit(command));
        }
    }

    private void attachDetach(CardManager manager, CardTerminal terminal, String reader, String id)
            throws Exception {
        if (!manager.attachments().isEmpty()) {
            throw new IllegalStateException("attachments left open: " + manager.attachments());
        }
        int n = full ? 5_000 : 1_000;
        compare(id + ".attach", "connect(\"*\") + disconnect(false) vs attach + detach(LEAVE)", n, n / 5,
                () -> terminal.connect("*").disconnect(false),
                () -> manager.attachByReader(reader).detach(Disposition.LEAVE));
    }

    private void lock(CardManager manager, CardTerminal terminal, String reader, String id) throws Exception {
        try (Attachment attachment = manager.attachByReader(reader)) {
            Card raw = terminal.connect("*");
            int n = full ? 10_000 : 2_000;
            compare(id + ".lock", "beginExclusive + endExclusive vs lock + unlock(LEAVE)", n, n / 5, () -> {
                raw.beginExclusive();
                raw.endExclusive();
            }, () -> attachment.lock(WAIT).unlock(Disposition.LEAVE));
        }
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

    // ---- card events ----------------------------------------------------------------------------------------------

    record Seen(CardEvent.Type type, long nanos) {
    }

    private void events(Platform platform, VpcdCard card, String reader) throws Exception {
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
            figure("pcsc.event.raw.p50", r.median() / 1e6, r.medianError() / 1e6, "ms", "sample p50", note);
            figure("pcsc.event.core.p50", d.median() / 1e6, d.medianError() / 1e6, "ms", "sample p50", note);
            figure("pcsc.event.later.p50", later.median() / 1e6, later.medianError() / 1e6, "ms", "paired p50",
                    "listener call minus raw waitForChange return, per insertion; max "
                            + String.format(java.util.Locale.ROOT, "%.2f", later.max() / 1e6) + " ms");
            log("pcsc events: raw %.1f ms, listener %.1f ms after insertion (median); listener later by %.2f ms",
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

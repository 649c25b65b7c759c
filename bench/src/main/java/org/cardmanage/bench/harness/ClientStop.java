package org.cardmanage.bench.harness;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.cardmanage.api.Attachment;
import org.cardmanage.api.AttachmentState;
import org.cardmanage.api.CardLock;
import org.cardmanage.api.CardManager;
import org.cardmanage.api.Disposition;
import org.cardmanage.bench.Platform;
import org.cardmanage.bench.Stats;
import org.cardmanage.driver.sim.SimulatorControl;
import org.osgi.framework.Bundle;

/**
 * Stopping a client bundle that holds 1 000 attachments (10 on each of 100 readers) while another bundle holds the lock
 * on every one of those readers: {@code Bundle.stop()} must not wait for those locks (goal ≤ 100 ms), and the RESETs it
 * owes the cards are applied once the locks are released. The baseline, in the same run: stopping the same client
 * with the same attachments while no lock is held.
 */
final class ClientStop extends Harness {
    static final int READERS = 100;
    static final int PER_READER = 10;
    private static final Duration LONG = Duration.ofSeconds(60);

    private final int readers;
    private final int perReader;

    ClientStop(boolean full, PrintStream out) {
        this(full, out, READERS, PER_READER);
    }

    /** For the smoke test: a small scale. */
    ClientStop(boolean full, PrintStream out, int readers, int perReader) {
        super(full, out);
        this.readers = readers;
        this.perReader = perReader;
    }

    private static String readerName(int i) {
        return String.format(Locale.ROOT, "Stop Reader %03d", i);
    }

    @Override
    public void run() throws Exception {
        int rounds = full ? 5 : 3;
        List<Double> underLocks = new ArrayList<>();
        List<Double> unlocked = new ArrayList<>();
        List<Double> resetsPaid = new ArrayList<>();
        try (Platform platform = Platform.start(false)) {
            SimulatorControl sim = platform.sim();
            for (int i = 0; i < readers; i++) {
                sim.addReader(readerName(i), "demo");
            }
            Platform.await(readers + " readers listed",
                    () -> platform.cardManager().readers().size() == readers + 1);
            CardManager holder = platform.newClient("holder");
            List<Attachment> holders = new ArrayList<>();
            for (int i = 0; i < readers; i++) {
                holders.add(holder.attachByReader(readerName(i)));
            }
            for (int round = 0; round < rounds; round++) {
                // Interleaved: the baseline and the measured stop alternate, so drift hits both alike.
                unlocked.add(stopClient(platform, "free-" + round, null).stopMillis());
                Stop stop = stopClient(platform, "locked-" + round, holders);
                underLocks.add(stop.stopMillis());
                resetsPaid.add(stop.resetsMillis());
                log("round %d: stop with %d attachments under %d foreign locks %.2f ms (no locks %.2f ms); owed "
                        + "RESETs applied %.2f ms after the locks were released", round, readers * perReader, readers,
                        stop.stopMillis(), unlocked.get(round), stop.resetsMillis());
            }
        }
        Stats locked = stats(underLocks);
        Stats free = stats(unlocked);
        figure("client.stop.locked", locked.max(), Double.NaN, "ms", "worst round", readers * perReader
                + " attachments on " + readers + " readers, another bundle holding every lock; " + rounds + " rounds");
        figure("client.stop.free", free.max(), Double.NaN, "ms", "worst round",
                "baseline: the same stop with no lock held");
        figure("client.stop.resets", stats(resetsPaid).max(), Double.NaN, "ms", "worst round",
                "from releasing the locks until every owed RESET was applied (driver sessions closed)");
    }

    private record Stop(double stopMillis, double resetsMillis) {
    }

    /** Installs a client, attaches, optionally locks every reader through the holders, stops the client, times it. */
    private Stop stopClient(Platform platform, String name, List<Attachment> holders) throws Exception {
        CardManager client = platform.newClient(name);
        List<Attachment> attachments = new ArrayList<>(readers * perReader);
        for (int i = 0; i < readers; i++) {
            for (int k = 0; k < perReader; k++) {
                attachments.add(client.attachByReader(readerName(i)));
            }
        }
        List<CardLock> locks = new ArrayList<>();
        if (holders != null) {
            for (Attachment attachment : holders) {
                locks.add(attachment.lock(LONG));
            }
        }
        Bundle bundle = platform.clientBundle(name);
        long start = System.nanoTime();
        bundle.stop();
        double stopMillis = (System.nanoTime() - start) / 1e6;
        for (Attachment attachment : attachments) {
            if (attachment.state() != AttachmentState.DETACHED) {
                throw new IllegalStateException("attachment " + attachment.id() + " is " + attachment.state()
                        + " after its bundle stopped");
            }
        }
        long released = System.nanoTime();
        for (CardLock lock : locks) {
            lock.unlock(Disposition.LEAVE);
        }
        SimulatorControl sim = platform.sim();
        // What stays open is the holder's one session per reader.
        Platform.await("every owed disconnect applied", () -> {
            for (int i = 0; i < readers; i++) {
                if (sim.openSessions(readerName(i)) != 1) {
                    return false;
                }
            }
            return true;
        });
        double resetsMillis = (System.nanoTime() - released) / 1e6;
        bundle.uninstall();
        return new Stop(stopMillis, resetsMillis);
    }

    private static Stats stats(List<Double> values) {
        return new Stats(values.stream().mapToDouble(Double::doubleValue).toArray());
    }
}

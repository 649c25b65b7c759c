package org.cardmanage.remote.internal.client;

import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.cardmanage.api.AccessDeniedException;
import org.cardmanage.api.CardException;
import org.cardmanage.remote.internal.errors.PeerText;
import org.cardmanage.remote.internal.wire.CardFarmGrpc;
import org.cardmanage.remote.internal.wire.FarmInfo;
import org.cardmanage.remote.internal.wire.GetFarmRequest;
import org.cardmanage.remote.internal.wire.Reader;
import org.cardmanage.remote.internal.wire.ReaderEvent;
import org.cardmanage.remote.internal.wire.RenewRequest;
import org.cardmanage.remote.internal.wire.RenewResponse;
import org.osgi.framework.BundleContext;

import io.grpc.Status;

/**
 * One configured farm: keeps one local {@code ReaderTransport} per farm reader registered while the farm answers,
 * and none while it does not. Everything here happens on one monitor thread, which waits for the next signal (an
 * event or the end of the {@code WatchReaders} stream), or for the next timer:
 * <ol>
 * <li><b>Connect and watch</b> (when no stream is open, after a bounded back-off): {@code GetFarm} for the farm's
 * lease and run id, then a new {@code WatchReaders} stream. Its first event, a snapshot, and every later one are
 * applied to the farm's readers, which are then reconciled ({@link ReaderReconciler}). A stream that ends or fails
 * is opened again the same way; the transports stay registered meanwhile. The back-off doubles from
 * {@value #MIN_BACKOFF_MS} ms up to min(lease/3, {@value #MAX_BACKOFF_MS} ms), and starts again only after a stream
 * that served for a whole lease, so a farm that ends every stream at once cannot make the link spin.</li>
 * <li><b>Heartbeat</b> (every lease/3): {@code Renew} with the ids of the open sessions, even none; the ids the farm
 * no longer knows are forgotten.</li>
 * <li><b>Silence</b>: a farm that gave no answer at all for a whole lease (no call answered, no event) loses its
 * transports (the core then revokes their attachments with {@code ReaderUnavailableException}) and its sessions;
 * the channel is discarded and the link keeps trying; the farm's next snapshot registers them again, so
 * {@code reconnect()} works. A farm that refuses this host ({@code AccessDeniedException}) loses them at once.</li>
 * <li><b>Restart</b>: a new run id, from {@code GetFarm} or on an event, means the farm forgot every session: its
 * transports are dropped and registered anew from its snapshot.</li>
 * </ol>
 * Transports are registered and unregistered only on the monitor thread, and in {@link #close()} after it ended,
 * never under a lock. Every call the monitor makes is bounded by min(call timeout, lease/3).
 */
final class FarmLink implements AutoCloseable {
    /** The lease assumed until the farm said its own. */
    static final long DEFAULT_LEASE_MS = 10_000;
    /** The bounds of a lease a farm may announce. */
    static final long MIN_LEASE_MS = 100;
    static final long MAX_LEASE_MS = 3_600_000;
    /** The most readers the link remembers of one farm, whatever it sends. */
    static final int MAX_KNOWN_READERS = 1_024;

    private static final System.Logger LOG = System.getLogger("org.cardmanage.remote");
    private static final AtomicInteger LINKS = new AtomicInteger();
    private static final long MIN_BACKOFF_MS = 50;
    private static final long MAX_BACKOFF_MS = 5_000;
    private static final long MAX_WAIT_MS = 1_000;

    private sealed interface Signal permits Event, Ended, Wake {
    }

    private record Event(ReaderStream from, ReaderEvent event) implements Signal {
    }

    private record Ended(ReaderStream from, Status status) implements Signal {
    }

    private record Wake() implements Signal {
    }

    private final String farm;
    private final FarmChannel channel;
    private final FarmCalls calls;
    private final OpenSessions sessions = new OpenSessions();
    private final ReaderReconciler readers;
    private final BlockingQueue<Signal> signals = new LinkedBlockingQueue<>();
    private final ReaderStream.Listener listener = new ReaderStream.Listener() {
        @Override
        public void event(ReaderStream from, ReaderEvent event) {
            signals.add(new Event(from, event));
        }

        @Override
        public void ended(ReaderStream from, Status status) {
            signals.add(new Ended(from, status));
        }
    };
    private final Thread monitor;
    private volatile boolean closed;

    // ---- the monitor thread's own state ----
    /** The farm's run, or null while nothing of the farm is known (before the first answer, after silence). */
    private String runId;
    private long leaseMs = DEFAULT_LEASE_MS;
    private ReaderStream stream;
    private long streamSince;
    /** Whether the open stream's snapshot came, so that {@link #known} is the farm's whole list. */
    private boolean snapshot;
    private final TreeMap<String, Reader> known = new TreeMap<>();
    private long retryAt = System.nanoTime();
    private long backoffMs = MIN_BACKOFF_MS;
    private long renewAt = System.nanoTime();
    private boolean failing;

    /**
     * @param context registers the transports
     * @param settings the farm's settings
     * @param channel the channel to the farm; closed by {@link #close()}
     */
    FarmLink(BundleContext context, ClientSettings settings, FarmChannel channel) {
        this.farm = settings.farmName();
        this.channel = channel;
        this.calls = new FarmCalls(farm, channel, settings.callTimeoutMs());
        this.readers = new ReaderReconciler(context, calls, sessions, settings.address());
        this.monitor = new Thread(this::run, "cardmanage-remote-" + farm + "-" + LINKS.incrementAndGet() + "-monitor");
        this.monitor.setDaemon(true);
    }

    void start() {
        monitor.start();
    }

    /** @return the local names of the farm's registered readers */
    Set<String> readerNames() {
        return readers.localNames();
    }

    /** @return the ids of the sessions the heartbeat renews */
    List<String> openSessions() {
        return sessions.ids();
    }

    // ---- the monitor -----------------------------------------------------------------------------------------------

    private void run() {
        try {
            while (!closed) {
                try {
                    step();
                } catch (InterruptedException e) {
                    // close() wakes us; any other interrupt is not for this thread
                } catch (RuntimeException e) {
                    if (closed) {
                        break;
                    }
                    LOG.log(System.Logger.Level.ERROR, "the link to farm '" + farm + "' failed; it goes on", e);
                    endStream();
                    retryLater();
                }
            }
        } finally {
            endStream();
        }
    }

    private void step() throws InterruptedException {
        Thread.interrupted(); // an interrupt is only close()'s, which sets closed first
        if (stream == null && System.nanoTime() - retryAt >= 0) {
            connect();
        }
        Signal signal = signals.poll(waitNanos(), TimeUnit.NANOSECONDS);
        if (closed) {
            return;
        }
        if (signal instanceof Event event && event.from() == stream) {
            calls.answered();
            apply(event.event());
        } else if (signal instanceof Ended ended && ended.from() == stream) {
            LOG.log(System.Logger.Level.DEBUG, () -> "the reader events of farm '" + farm + "' ended: "
                    + ended.status().getCode());
            if (System.nanoTime() - streamSince >= TimeUnit.MILLISECONDS.toNanos(leaseMs)) {
                backoffMs = MIN_BACKOFF_MS; // it served a while: try again soon; one that ends at once backs off
            }
            stream = null;
            snapshot = false;
            retryLater();
        }
        if (runId != null && System.nanoTime() - renewAt >= 0) {
            renew();
        }
        checkSilence();
    }

    private long waitNanos() {
        long now = System.nanoTime();
        long wait = TimeUnit.MILLISECONDS.toNanos(MAX_WAIT_MS);
        if (stream == null) {
            wait = Math.min(wait, retryAt - now);
        }
        if (runId != null) {
            wait = Math.min(wait, renewAt - now);
            wait = Math.min(wait, TimeUnit.MILLISECONDS.toNanos(leaseMs) - calls.silentNanos());
        }
        return Math.max(wait, TimeUnit.MILLISECONDS.toNanos(1));
    }

    /** GetFarm, then a new stream; on failure a retry after the back-off. */
    private void connect() {
        try {
            channel.connect();
            FarmInfo info = calls.call(CardFarmGrpc.GET_FARM, GetFarmRequest.getDefaultInstance(), "GetFarm", false,
                    monitorDeadlineMs());
            adopt(info);
            stream = ReaderStream.open(channel, listener);
            streamSince = System.nanoTime();
            snapshot = false;
            recovered();
        } catch (AccessDeniedException e) {
            if (!failing || !readers.isEmpty()) {
                LOG.log(System.Logger.Level.WARNING, "farm '" + farm + "' refuses this host; its readers go away: "
                        + e.getMessage());
            }
            failing = true;
            forgetFarm();
            runId = null;
            retryLater();
        } catch (CardException e) {
            failed(e);
            retryLater();
        }
    }

    /** Takes the farm's lease and run id; a new run id means the farm restarted and forgot everything. */
    private void adopt(FarmInfo info) {
        String run = info.getRunId();
        if (runId != null && !runId.equals(run)) {
            LOG.log(System.Logger.Level.INFO, "farm '" + farm + "' restarted (a new run id): its readers are "
                    + "registered anew, its sessions are gone");
            forgetFarm();
        }
        leaseMs = Math.max(MIN_LEASE_MS, Math.min(MAX_LEASE_MS, info.getLeaseMs()));
        if (!run.equals(runId)) {
            LOG.log(System.Logger.Level.INFO, () -> "farm '" + farm + "' (host '"
                    + PeerText.printable(info.getHost(), 64) + "', lease " + leaseMs + " ms) knows this host as '"
                    + PeerText.printable(info.getClientIdentity(), 128) + "'");
            renewAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(leaseMs / 3);
        }
        runId = run;
    }

    private void apply(ReaderEvent event) {
        if (!event.getRunId().equals(runId)) {
            LOG.log(System.Logger.Level.INFO, "farm '" + farm + "' restarted (its events carry a new run id): its "
                    + "readers are registered anew, its sessions are gone");
            forgetFarm();
            runId = null;
            endStream();
            retryLater(); // not at once: a farm whose events never match its GetFarm must not make this spin
            return;
        }
        switch (event.getKind()) {
            case KIND_SNAPSHOT -> {
                known.clear();
                event.getReadersList().forEach(this::remember);
                snapshot = true;
            }
            case KIND_READER_ADDED, KIND_CARD_CHANGED -> event.getReadersList().forEach(this::remember);
            case KIND_READER_REMOVED -> event.getReadersList().forEach(reader -> known.remove(reader.getName()));
            default -> LOG.log(System.Logger.Level.DEBUG, () -> "farm '" + farm + "' sent an event of a kind this "
                    + "client does not know: ignored");
        }
        if (snapshot) {
            readers.reconcile(known.values());
        }
        stream.next();
    }

    /** Rule: at most {@value #MAX_KNOWN_READERS} readers are remembered; the reconciler registers fewer still. */
    private void remember(Reader reader) {
        if (known.size() < MAX_KNOWN_READERS || known.containsKey(reader.getName())) {
            known.put(reader.getName(), reader);
        }
    }

    private void renew() {
        renewAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(leaseMs / 3);
        try {
            RenewResponse answer = calls.call(CardFarmGrpc.RENEW, RenewRequest.newBuilder()
                    .addAllSessionIds(sessions.ids()).build(), "Renew", false, monitorDeadlineMs());
            sessions.forget(answer.getUnknownSessionIdsList());
            recovered();
        } catch (CardException e) {
            failed(e);
        }
    }

    private void checkSilence() {
        if (runId == null || calls.silentNanos() < TimeUnit.MILLISECONDS.toNanos(leaseMs)) {
            return;
        }
        LOG.log(System.Logger.Level.WARNING, "farm '" + farm + "' gave no answer for "
                + TimeUnit.NANOSECONDS.toMillis(calls.silentNanos()) + " ms (lease " + leaseMs
                + " ms): its readers go away until it answers again");
        failing = true;
        forgetFarm();
        runId = null;
        endStream();
        backoffMs = MIN_BACKOFF_MS; // a new outage: retry soon at first
        channel.discard(); // the next connection resolves the name again and does not wait behind a dead one
        retryAt = System.nanoTime();
    }

    /** Drops what the farm told: its transports, its sessions, its readers. */
    private void forgetFarm() {
        readers.dropAll();
        sessions.clear();
        known.clear();
        snapshot = false;
    }

    private void endStream() {
        if (stream != null) {
            stream.cancel();
            stream = null;
        }
        snapshot = false;
    }

    private void retryLater() {
        retryAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoffMs);
        long max = Math.max(MIN_BACKOFF_MS * 2, Math.min(MAX_BACKOFF_MS, leaseMs / 3));
        backoffMs = Math.min(backoffMs * 2, max);
    }

    private void failed(CardException e) {
        if (!failing) {
            failing = true;
            LOG.log(System.Logger.Level.INFO, "farm '" + farm + "' does not answer as it should, retrying: "
                    + e.getMessage() + rootCause(e));
        }
    }

    /** @return the innermost cause, which says why a connection failed (e.g. a TLS handshake), for the log */
    private static String rootCause(Throwable failure) {
        Throwable root = failure;
        for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < 16; depth++) {
            root = root.getCause();
        }
        return root == failure || root.getMessage() == null ? ""
                : " (" + root.getClass().getSimpleName() + ": " + PeerText.printable(root.getMessage(), 300) + ")";
    }

    private void recovered() {
        if (failing) {
            failing = false;
            LOG.log(System.Logger.Level.INFO, "farm '" + farm + "' answers again");
        }
    }

    private long monitorDeadlineMs() {
        return Math.min(calls.callTimeoutMs(), Math.max(MIN_LEASE_MS, leaseMs / 3));
    }

    /** Stops the monitor, then drops the farm's transports and closes the channel. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        signals.add(new Wake());
        monitor.interrupt();
        try {
            monitor.join(calls.callTimeoutMs() + 2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (monitor.isAlive()) {
            LOG.log(System.Logger.Level.WARNING, "the link to farm '" + farm + "' did not stop in time");
        }
        readers.dropAll();
        sessions.clear();
        channel.close();
    }
}

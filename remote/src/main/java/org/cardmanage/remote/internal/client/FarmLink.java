package org.cardmanage.remote.internal.client;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.cardmanage.api.CardException;
import org.cardmanage.api.Protocol;
import org.cardmanage.api.ReaderUnavailableException;
import org.cardmanage.api.ShareMode;
import org.cardmanage.remote.EventBatch;
import org.cardmanage.remote.FarmInfo;
import org.cardmanage.remote.RemoteCardException;
import org.cardmanage.remote.RemoteReader;
import org.cardmanage.remote.RemoteReaders;
import org.cardmanage.remote.SessionGrant;
import org.cardmanage.remote.internal.RemoteErrors;
import org.cardmanage.spi.ReaderTransport;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * One imported farm: keeps one local {@link ReaderTransport} per farm reader registered while the farm answers, and
 * none while it does not.
 *
 * <p>A monitor thread long-polls the farm's events and re-reads its readers when something changed; a farm that gives
 * no answer for a whole lease loses its transports (the core then revokes their attachments with
 * {@code ReaderUnavailableException}); when it answers again they are registered again, so {@code reconnect()}
 * works. A farm that restarted (new run id) forgot every session: its transports are dropped and registered anew.
 * Transports are registered and unregistered only on the monitor thread (and in {@link #close()} after it ended),
 * never under a lock.
 *
 * <p>Every call to the farm runs on a call thread and the caller waits for it at most the call timeout: the Aries RSA
 * 1.16.1 TCP proxy opens a socket per call without a connect timeout, so only this keeps every call bounded.
 */
final class FarmLink implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("org.cardmanage.remote");
    private static final AtomicInteger LINKS = new AtomicInteger();

    private record Registered(RemoteTransport transport, ServiceRegistration<ReaderTransport> registration,
            RemoteReader state) {
    }

    private final BundleContext context;
    private final RemoteReaders farm;
    private volatile String client;
    private volatile long callTimeoutMs;
    private final ExecutorService calls;
    private final Thread monitor;
    private final Map<String, Registered> transports = new ConcurrentHashMap<>(); // changed by the monitor thread
    private final Set<RemoteCardSession> sessions = ConcurrentHashMap.newKeySet();
    private final Object pause = new Object();
    private volatile String host;
    private volatile long leaseMs;
    private volatile boolean closed;
    private volatile boolean up;
    /** When the farm last answered any call (System.nanoTime): any answer shows it is alive. */
    private volatile long lastAnswer = System.nanoTime();

    FarmLink(BundleContext context, RemoteReaders farm, String fallbackHost, long fallbackLeaseMs,
            long callTimeoutMs, String client) {
        this.context = context;
        this.farm = farm;
        this.host = fallbackHost;
        this.leaseMs = fallbackLeaseMs;
        this.callTimeoutMs = callTimeoutMs;
        this.client = client;
        int number = LINKS.incrementAndGet();
        this.calls = Executors.newCachedThreadPool(daemon("cardmanage-remote-call-" + number + "-"));
        this.monitor = daemon("cardmanage-remote-monitor-" + number + "-").newThread(this::monitor);
    }

    void start() {
        monitor.start();
    }

    /** Applies a changed configuration to the calls from now on. */
    void reconfigure(long newCallTimeoutMs, String newClient) {
        callTimeoutMs = newCallTimeoutMs;
        client = newClient;
    }

    // ---- bounded calls ---------------------------------------------------------------------------------------------

    <T> T call(String what, RemoteCall<T> call) throws CardException {
        return callWithin(what, call, callTimeoutMs);
    }

    private <T> T callWithin(String what, RemoteCall<T> call, long boundMs) throws CardException {
        if (closed) {
            throw new ReaderUnavailableException("farm '" + host + "' is no longer imported (" + what + ")");
        }
        Future<T> future;
        try {
            future = calls.submit(call::run);
        } catch (RejectedExecutionException e) {
            throw new ReaderUnavailableException("farm '" + host + "' is no longer imported (" + what + ")", e);
        }
        try {
            T result = future.get(boundMs, TimeUnit.MILLISECONDS);
            lastAnswer = System.nanoTime();
            return result;
        } catch (TimeoutException e) {
            future.cancel(true);
            throw RemoteErrors.timedOut(host, what, boundMs);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw RemoteErrors.cancelled(host, what);
        } catch (ExecutionException e) {
            RemoteCardException remote = remoteCause(e.getCause());
            if (remote != null) {
                lastAnswer = System.nanoTime(); // the farm answered, with a failure
                throw RemoteErrors.toCard(remote, host);
            }
            throw RemoteErrors.unreachable(host, what, e.getCause());
        }
    }

    private static RemoteCardException remoteCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RemoteCardException remote) {
                return remote;
            }
        }
        return null;
    }

    /** How long a remote begin-transaction waits on the farm: less than the call bound, so the farm answers first. */
    long lockWaitMs() {
        return callTimeoutMs * 3 / 4;
    }

    // ---- sessions --------------------------------------------------------------------------------------------------

    RemoteCardSession open(String localName, String remoteName, ShareMode shareMode, Set<Protocol> protocols)
            throws CardException {
        Protocol[] accepted = protocols.toArray(new Protocol[0]);
        SessionGrant grant = call("open on '" + localName + "'",
                () -> farm.open(client, remoteName, shareMode, accepted));
        RemoteCardSession session = new RemoteCardSession(this, farm, localName, grant);
        sessions.add(session);
        return session;
    }

    void forget(RemoteCardSession session) {
        sessions.remove(session);
    }

    private void renewSessions() throws CardException {
        List<RemoteCardSession> open = List.copyOf(sessions);
        if (open.isEmpty()) {
            return;
        }
        List<String> ids = new ArrayList<>();
        open.forEach(s -> ids.add(s.id()));
        List<String> unknown = call("lease renewal", () -> farm.renew(ids));
        for (RemoteCardSession session : open) {
            if (unknown.contains(session.id())) {
                sessions.remove(session); // the farm forgot it; its next call fails with ReaderUnavailableException
            }
        }
    }

    // ---- the monitor -----------------------------------------------------------------------------------------------

    private void monitor() {
        String runId = null;
        long after = 0;
        long lastRenewal = 0;
        boolean resync = true;
        boolean failing = false;
        while (!closed) {
            try {
                if (resync) {
                    FarmInfo info = call("farm()", farm::farm);
                    if (runId != null && !runId.equals(info.runId())) {
                        LOG.log(System.Logger.Level.INFO, "farm '" + host + "' restarted: its sessions are gone");
                        dropAll();
                    }
                    runId = info.runId();
                    host = info.host();
                    leaseMs = info.leaseMs();
                    after = call("events()", () -> farm.events(0, 0)).lastSequence();
                    reconcile(call("readers()", farm::readers));
                    resync = false;
                }
                long lease = leaseMs;
                long wait = Math.min(lease / 3, RemoteReaders.MAX_EVENT_WAIT_MS);
                long since = after;
                EventBatch batch = callWithin("events()", () -> farm.events(since, wait), wait + callTimeoutMs);
                failing = false;
                if (!batch.runId().equals(runId)) {
                    resync = true;
                    continue;
                }
                after = batch.lastSequence();
                if (!batch.events().isEmpty() || batch.gap()) {
                    reconcile(call("readers()", farm::readers));
                }
                if (System.nanoTime() - lastRenewal > TimeUnit.MILLISECONDS.toNanos(lease / 3)) {
                    renewSessions();
                    lastRenewal = System.nanoTime();
                }
            } catch (CardException e) {
                if (closed || Thread.currentThread().isInterrupted()) {
                    break; // close() interrupted us
                }
                if (!failing) {
                    failing = true;
                    LOG.log(System.Logger.Level.INFO, "farm '" + host + "' does not answer: " + e.getMessage());
                }
                long silentMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastAnswer);
                if (silentMs >= leaseMs && (up || !transports.isEmpty())) {
                    LOG.log(System.Logger.Level.WARNING, "farm '" + host + "' gave no answer for " + silentMs
                            + " ms (lease " + leaseMs + " ms): its readers go away; " + e.getMessage());
                    dropAll();
                    resync = true;
                } else if (!up) {
                    resync = true;
                }
                pause(Math.max(20, Math.min(leaseMs / 10, 500)));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "remote reader monitor of farm '" + host + "' failed; it goes on", e);
                resync = true;
                pause(Math.max(20, Math.min(leaseMs / 10, 500)));
            }
        }
    }

    /** Brings the registered transports in line with the farm's readers. */
    private void reconcile(List<RemoteReader> readers) {
        up = true;
        Map<String, RemoteReader> now = new HashMap<>();
        readers.forEach(r -> now.put(r.name(), r));
        for (String name : List.copyOf(transports.keySet())) {
            if (!now.containsKey(name)) {
                LOG.log(System.Logger.Level.INFO, "farm '" + host + "' no longer lists reader '" + name + "'");
                unregister(transports.remove(name));
            }
        }
        for (RemoteReader reader : readers) {
            Registered current = transports.get(reader.name());
            if (current == null) {
                RemoteTransport transport = new RemoteTransport(this, host, reader.name());
                ServiceRegistration<ReaderTransport> registration = context.registerService(ReaderTransport.class,
                        transport, RemoteTransport.properties(host, transport.name(), reader));
                transports.put(reader.name(), new Registered(transport, registration, reader));
            } else if (!Objects.equals(current.state(), reader)) {
                try {
                    current.registration().setProperties(
                            RemoteTransport.properties(host, current.transport().name(), reader));
                    transports.put(reader.name(), new Registered(current.transport(), current.registration(), reader));
                } catch (IllegalStateException gone) {
                    transports.remove(reader.name());
                }
            }
        }
    }

    private void dropAll() {
        if (!transports.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "the readers of farm '" + host + "' go away: " + transports.keySet());
        }
        up = false;
        for (String name : List.copyOf(transports.keySet())) {
            unregister(transports.remove(name));
        }
        sessions.clear();
    }

    private static void unregister(Registered registered) {
        if (registered == null) {
            return;
        }
        try {
            registered.registration().unregister();
        } catch (IllegalStateException alreadyGone) {
            // our bundle is stopping and the framework unregistered it first
        }
    }

    private void pause(long millis) {
        synchronized (pause) {
            if (closed) {
                return;
            }
            try {
                pause.wait(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops the monitor, then drops the farm's transports. */
    @Override
    public void close() {
        closed = true;
        synchronized (pause) {
            pause.notifyAll();
        }
        monitor.interrupt();
        try {
            monitor.join(callTimeoutMs + 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        calls.shutdownNow();
        if (monitor.isAlive()) {
            LOG.log(System.Logger.Level.WARNING, "the monitor of farm '" + host + "' did not stop in time");
        }
        dropAll();
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread thread = new Thread(r, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}

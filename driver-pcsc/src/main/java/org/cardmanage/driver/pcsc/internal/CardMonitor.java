package org.cardmanage.driver.pcsc.internal;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.cardmanage.driver.pcsc.internal.port.PcscException;
import org.cardmanage.driver.pcsc.internal.port.PcscPort;

/**
 * The driver's one monitor thread: it waits for reader and card events on a PC/SC context of its own
 * ({@link StatusWatcher}) and keeps the {@link ReaderRegistry} in step. When pcscd goes away it unregisters every
 * reader, drops every context, and tries to reach pcscd again every {@code service.retry.ms}; when pcscd is back, the
 * readers are registered anew. {@link #stop()} cancels the wait in progress ({@code SCardCancel}), so the thread ends
 * at once.
 */
final class CardMonitor implements Runnable {
    private static final System.Logger LOG = System.getLogger("org.cardmanage.driver.pcsc");
    private static final long STOP_WAIT_MILLIS = 2_000;

    /** What the monitor tells when pcscd comes and goes. */
    interface Service {
        /** pcscd is reachable. */
        void up();

        /** pcscd went away: every context and handle is void. */
        void down(String reason);
    }

    private final PcscPort port;
    private final PcscSettings settings;
    private final ReaderRegistry registry;
    private final Service service;
    private final Object signal = new Object();
    private volatile boolean stopping;
    private volatile long context;
    private Thread thread;
    private String lastProblem;

    CardMonitor(PcscPort port, PcscSettings settings, ReaderRegistry registry, Service service) {
        this.port = port;
        this.settings = settings;
        this.registry = registry;
        this.service = service;
    }

    synchronized void start() {
        thread = new Thread(this, "cardmanage-pcsc monitor");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Stops the thread: cancels its wait and waits for it to end.
     *
     * @return whether the thread ended
     */
    boolean stop() {
        stopping = true;
        cancelWait();
        synchronized (signal) {
            signal.notifyAll();
        }
        Thread running;
        synchronized (this) {
            running = thread;
        }
        if (running == null) {
            return true;
        }
        try {
            running.join(STOP_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (running.isAlive()) {
            LOG.log(System.Logger.Level.WARNING, "the PC/SC monitor did not stop within {0} ms", STOP_WAIT_MILLIS);
            return false;
        }
        return true;
    }

    private void cancelWait() {
        long waiting = context;
        if (waiting != 0) {
            try {
                port.cancel(waiting);
            } catch (PcscException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "cancelling the monitor''s wait failed: {0}", e.getMessage());
            }
        }
    }

    @Override
    public void run() {
        StatusWatcher watcher = null;
        try {
            while (!stopping) {
                try {
                    if (watcher == null) {
                        watcher = connect();
                        if (watcher == null) {
                            pause(settings.serviceRetry().toMillis());
                            continue;
                        }
                    }
                    Map<String, ReaderState> states = watcher.await(settings.monitorWait().toMillis());
                    if (states != null && !stopping) {
                        registry.update(states);
                    }
                } catch (ServiceLostException e) {
                    LOG.log(System.Logger.Level.WARNING, "PC/SC readers are gone: {0}", e.getMessage());
                    watcher = lose(e.getMessage());
                    pause(settings.serviceRetry().toMillis());
                } catch (RuntimeException e) {
                    // Never let the monitor die: a bug here would silently freeze every reader's state.
                    LOG.log(System.Logger.Level.ERROR, "the PC/SC monitor failed; it starts over", e);
                    watcher = lose("the PC/SC monitor failed: " + e);
                    pause(settings.serviceRetry().toMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            releaseContext();
        }
    }

    /** @return a watcher on a new context, or null while pcscd cannot be reached (said once per outage) */
    private StatusWatcher connect() {
        try {
            context = port.establishContext();
        } catch (PcscException e) {
            problem("pcscd is not reachable (" + e.codeName() + ")");
            return null;
        }
        if (stopping) {
            cancelWait();
        }
        lastProblem = null;
        LOG.log(System.Logger.Level.INFO, "watching PC/SC readers through {0}", port.description());
        service.up();
        return new StatusWatcher(port, context);
    }

    private StatusWatcher lose(String reason) {
        service.down(reason);
        registry.removeAll(reason);
        releaseContext();
        return null;
    }

    private void releaseContext() {
        long held = context;
        context = 0;
        if (held != 0) {
            try {
                port.releaseContext(held);
            } catch (PcscException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "releasing the monitor''s context failed: {0}", e.getMessage());
            }
        }
    }

    private void problem(String message) {
        if (!message.equals(lastProblem)) {
            lastProblem = message;
            LOG.log(System.Logger.Level.WARNING, "{0}; trying again every {1} ms", message,
                    settings.serviceRetry().toMillis());
        }
    }

    /** Pauses the monitor; ends early when it stops. */
    private void pause(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        synchronized (signal) {
            while (!stopping) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return;
                }
                TimeUnit.NANOSECONDS.timedWait(signal, remaining);
            }
        }
    }
}

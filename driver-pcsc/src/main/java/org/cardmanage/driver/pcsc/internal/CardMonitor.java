package org.cardmanage.driver.pcsc.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The driver's one monitor thread: it waits for reader and card events (blocking, see {@link ReaderWatcher}) and
 * keeps the {@link ReaderRegistry} in step. When pcscd goes away it unregisters every reader and tries to reach pcscd
 * again every {@code service.retry.ms}; when pcscd is back, the readers are registered anew. {@link #stop()} ends it
 * within one monitor wait.
 */
final class CardMonitor implements Runnable {
    private static final System.Logger LOG = System.getLogger("org.cardmanage.driver.pcsc");

    private final PcscStack stack;
    private final ReaderRegistry registry;
    private final PcscSettings settings;
    private final PcscAvailability availability;
    private final Object signal = new Object();
    private volatile boolean stopping;
    private Thread thread;

    /**
     * @param internals the JDK's PC/SC internals, or null where they are closed to the driver
     * @param availability told whenever pcscd is reached or lost
     */
    CardMonitor(PcscSettings settings, PcscInternals internals, ReaderRegistry registry,
            PcscAvailability availability) {
        this.stack = new PcscStack(settings, internals, this::pause);
        this.registry = registry;
        this.settings = settings;
        this.availability = availability;
    }

    synchronized void start() {
        thread = new Thread(this, "cardmanage-pcsc monitor");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Stops the thread and waits for it, at most one monitor wait plus one call timeout.
     *
     * @return whether the thread ended
     */
    boolean stop() {
        stopping = true;
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
        running.interrupt(); // ends a pause; a native wait ends by its own timeout
        Duration bound = settings.monitorWait().plus(settings.callTimeout()).plusSeconds(1);
        try {
            running.join(bound.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (running.isAlive()) {
            LOG.log(System.Logger.Level.WARNING, "the PC/SC monitor did not stop within {0} ms", bound.toMillis());
            return false;
        }
        return true;
    }

    /** Pauses the monitor; ends early when it stops. */
    void pause(long millis) throws InterruptedException {
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

    @Override
    public void run() {
        ReaderWatcher watcher = null;
        try {
            while (!stopping) {
                try {
                    if (watcher == null) {
                        watcher = stack.open();
                        if (watcher == null) {
                            pause(settings.serviceRetry().toMillis());
                            continue;
                        }
                        LOG.log(System.Logger.Level.INFO, "watching PC/SC readers{0}", stack.recovers() ? ""
                                : " without recovery from pcscd restarts (JDK internals not opened)");
                        availability.up();
                    }
                    Map<String, ReaderState> states = watcher.await(settings.monitorWait().toMillis());
                    if (!stopping) {
                        registry.update(watcher.terminals(), states);
                        stack.recovered();
                    }
                } catch (ServiceLostException e) {
                    LOG.log(System.Logger.Level.WARNING, "PC/SC readers are gone: {0}", e.getMessage());
                    availability.down();
                    registry.serviceLost(e.getMessage());
                    watcher = close(watcher);
                    pause(settings.serviceRetry().toMillis());
                } catch (RuntimeException e) {
                    // Never let the monitor die: a bug here would silently freeze every reader's state.
                    LOG.log(System.Logger.Level.ERROR, "the PC/SC monitor failed; it starts over", e);
                    availability.down();
                    registry.serviceLost("the PC/SC monitor failed: " + e);
                    watcher = close(watcher);
                    pause(settings.serviceRetry().toMillis());
                }
            }
        } catch (InterruptedException e) {
            // stop() interrupts a pause
        } finally {
            availability.down();
            close(watcher);
        }
    }

    private static ReaderWatcher close(ReaderWatcher watcher) {
        if (watcher != null) {
            watcher.close();
        }
        return null;
    }
}

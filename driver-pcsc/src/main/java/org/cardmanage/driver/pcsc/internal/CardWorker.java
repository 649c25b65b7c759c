package org.cardmanage.driver.pcsc.internal;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.cardmanage.api.CardException;
import org.cardmanage.api.CardTimeoutException;
import org.cardmanage.api.ReaderUnavailableException;
import org.cardmanage.api.ScardError;

/**
 * Runs every {@code javax.smartcardio} call for one reader on one thread of its own, one call at a time. The JDK binds
 * {@code Card.beginExclusive} to the calling thread and hands out one shared {@code Card} per terminal, so a
 * transaction begun for one caller would otherwise be refused to the next caller's thread; on this worker, whoever
 * calls, the same thread holds it.
 *
 * <p>Every call is bounded: PC/SC blocks without any timeout while another process holds a transaction. A call that
 * has not returned in time fails with {@link CardTimeoutException}, and its thread is <em>retired</em>: a fresh thread
 * serves the calls that follow, while the retired one finishes the stuck call whenever PC/SC lets it, undoes its
 * effect if the call has an undo step (a transaction begun too late is ended at once, on the thread that owns it),
 * runs the retirement hook and ends. At most {@link #MAX_RETIRED} retired threads of one reader may still be blocked;
 * beyond that, calls fail at once rather than pile up threads.
 */
final class CardWorker implements LinkCalls {
    /** The most retired threads of one reader that may still be blocked in PC/SC. */
    static final int MAX_RETIRED = 2;

    private static final System.Logger LOG = System.getLogger("org.cardmanage.driver.pcsc");

    private final String readerName;
    private final long timeoutNanos;
    private final Consumer<Thread> retirementHook;
    private final BlockingQueue<Job<?>> queue = new LinkedBlockingQueue<>();
    private final Set<Thread> retired = new HashSet<>();
    private Thread current;
    private int started;
    private boolean closed;

    /**
     * @param readerName the reader, for thread names and messages
     * @param timeout the bound of one call
     * @param retirementHook run on a retired thread after its last call, just before it ends
     */
    CardWorker(String readerName, Duration timeout, Consumer<Thread> retirementHook) {
        this.readerName = readerName;
        this.timeoutNanos = timeout.toNanos();
        this.retirementHook = retirementHook;
    }

    /**
     * Runs a call on the worker and waits for it, at most the timeout.
     *
     * @param operation what the call does, for messages
     * @param call the call
     * @param undo what to do with the result if the call completes after the caller gave up, or null
     * @return the call's result
     * @throws CardTimeoutException if the call did not complete in time, or too many earlier calls are still stuck
     * @throws CardException the call's failure, translated
     */
    @Override
    public <T> T call(String operation, Call<T> call, Undo<T> undo) throws CardException {
        Job<T> job = new Job<>(operation, call, undo);
        synchronized (this) {
            if (closed) {
                throw new ReaderUnavailableException("reader '" + readerName + "' is no longer available (" + operation
                        + ")");
            }
            if (Thread.currentThread() == current) {
                return runInline(job);
            }
            if (retired.size() >= MAX_RETIRED) {
                throw new CardTimeoutException("reader '" + readerName + "': " + operation + " refused: "
                        + retired.size() + " earlier PC/SC calls are still blocked (another process may hold a "
                        + "transaction on the card)");
            }
            queue.add(job);
            if (current == null) {
                startThread();
            }
        }
        return await(job);
    }

    /** @return how many retired threads are still blocked in PC/SC */
    synchronized int retiredCount() {
        return retired.size();
    }

    /** @return whether the calling thread is this worker's current thread */
    synchronized boolean isWorkerThread() {
        return Thread.currentThread() == current;
    }

    /**
     * Stops the worker: calls not yet started fail with {@link ReaderUnavailableException}; then the last call runs
     * (after the call in progress, if any), and the thread ends. Nobody waits for the last call. Retired threads end by
     * themselves when PC/SC releases them.
     *
     * @param operation what the last call does, for the log
     * @param last the last call, e.g. releasing the connection; null for none
     */
    @Override
    public void close(String operation, Call<?> last) {
        Thread idle;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            Job<?> pending;
            while ((pending = queue.poll()) != null) {
                pending.fail(new ReaderUnavailableException("reader '" + readerName + "' went away before "
                        + pending.operation + " could run"));
            }
            if (last != null) {
                queue.add(new Job<>(operation, () -> {
                    try {
                        return last.run();
                    } catch (Exception e) {
                        LOG.log(System.Logger.Level.DEBUG, "reader ''{0}'': {1} failed: {2}", readerName, operation,
                                e.toString());
                        return null;
                    }
                }, null));
                if (current == null) {
                    startThread();
                }
            }
            idle = current;
        }
        if (last == null && idle != null) {
            idle.interrupt(); // out of an idle take(); the loop sees the worker closed
        }
    }

    private <T> T runInline(Job<T> job) throws CardException {
        job.run();
        return job.outcome(readerName);
    }

    private <T> T await(Job<T> job) throws CardException {
        long deadline = System.nanoTime() + timeoutNanos;
        boolean timedOut;
        try {
            timedOut = !job.awaitDone(deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (!job.abandon()) {
                return job.outcome(readerName);
            }
            throw new CardException(ScardError.SCARD_E_CANCELLED, "reader '" + readerName + "': interrupted while "
                    + "waiting for " + job.operation, e);
        }
        if (timedOut && job.abandon()) {
            Thread stuck = job.runner();
            if (stuck != null) {
                retire(stuck);
            }
            throw new CardTimeoutException("reader '" + readerName + "': " + job.operation + " did not complete "
                    + "within " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms (PC/SC blocked; another "
                    + "process may hold a transaction on the card)");
        }
        return job.outcome(readerName);
    }

    private void retire(Thread stuck) {
        synchronized (this) {
            if (stuck != current) {
                return;
            }
            retired.add(stuck);
            current = null;
            if (!queue.isEmpty()) {
                startThread();
            }
        }
        LOG.log(System.Logger.Level.WARNING, "reader ''{0}'': a PC/SC call is blocked; its thread {1} is retired and "
                + "replaced", readerName, stuck.getName());
    }

    private void startThread() {
        Thread thread = new Thread(this::serve, "cardmanage-pcsc " + readerName + " #" + (++started));
        thread.setDaemon(true);
        current = thread;
        thread.start();
    }

    private void serve() {
        Thread me = Thread.currentThread();
        while (true) {
            synchronized (this) {
                if (retired.remove(me)) {
                    break;
                }
                if (current != me) {
                    return;
                }
                if (closed && queue.isEmpty()) {
                    current = null;
                    return;
                }
            }
            try {
                queue.take().run();
            } catch (InterruptedException e) {
                // close() interrupts an idle thread; the loop head sees that the worker is closed
            }
        }
        try {
            retirementHook.accept(me);
        } catch (RuntimeException | LinkageError e) {
            LOG.log(System.Logger.Level.DEBUG, "retirement of " + me.getName() + " failed", e);
        }
    }
}

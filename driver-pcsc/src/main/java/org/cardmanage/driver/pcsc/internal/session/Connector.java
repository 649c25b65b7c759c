package org.cardmanage.driver.pcsc.internal.session;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.cardmanage.api.CardException;
import org.cardmanage.api.CardTimeoutException;
import org.cardmanage.api.ReaderUnavailableException;
import org.cardmanage.api.ScardError;
import org.cardmanage.driver.pcsc.internal.port.Connection;
import org.cardmanage.driver.pcsc.internal.port.Pcsc;
import org.cardmanage.driver.pcsc.internal.port.PcscException;
import org.cardmanage.driver.pcsc.internal.port.PcscPort;

/**
 * Makes {@code SCardConnect} calls within a bound. pcscd makes a connect wait, without a bound and while holding the
 * context's mutex, for as long as another process holds a transaction on the card; nothing withdraws it. So each
 * connect runs on a pool thread, on a context of its own, and its caller waits at most until its deadline. A connect
 * that completes after its caller gave up is disconnected with LEAVE (a connection that never carried a command
 * leaves the card as it was) and its context goes back to the pool.
 */
public final class Connector implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("org.cardmanage.driver.pcsc");

    private final PcscPort port;
    private final ContextPool contexts;
    private final ExecutorService threads;

    public Connector(PcscPort port, ContextPool contexts) {
        this.port = port;
        this.contexts = contexts;
        AtomicInteger count = new AtomicInteger();
        this.threads = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                task -> {
                    Thread thread = new Thread(task, "cardmanage-pcsc connect " + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /**
     * Connects on a fresh context.
     *
     * @param deadline {@link System#nanoTime()} by which the caller gives up
     * @return the connection and its context
     * @throws PcscException the connect's own failure
     * @throws CardTimeoutException if the deadline passed first; the card is left as it was
     * @throws CardException {@code SCARD_E_CANCELLED} if the caller was interrupted
     */
    Opened connect(String reader, int shareMode, int protocols, long deadline) throws PcscException, CardException {
        PcscException dead = null;
        for (int attempt = 0; attempt < 2; attempt++) {
            ContextPool.Lease lease = contexts.lease();
            try {
                return connectOn(lease, reader, shareMode, protocols, deadline);
            } catch (PcscException e) {
                if (PcscErrors.serviceGone(e.code())) {
                    contexts.discard(lease);
                    throw e;
                }
                if (e.code() != Pcsc.SCARD_E_INVALID_HANDLE) {
                    contexts.giveBack(lease);
                    throw e;
                }
                // A kept context that died with an earlier pcscd: drop it and try once with a fresh one.
                contexts.discard(lease);
                dead = e;
            }
        }
        throw dead;
    }

    private Opened connectOn(ContextPool.Lease lease, String reader, int shareMode, int protocols, long deadline)
            throws PcscException, CardException {
        Attempt attempt = new Attempt(lease, reader, shareMode, protocols);
        try {
            threads.execute(attempt);
        } catch (RejectedExecutionException stopping) {
            contexts.giveBack(lease);
            throw new ReaderUnavailableException("reader '" + reader + "': connect failed: the PC/SC driver is "
                    + "stopping");
        }
        try {
            if (attempt.await(deadline)) {
                return attempt.outcome();
            }
            attempt.free();
            throw new CardTimeoutException("reader '" + reader + "': connect did not complete in time: pcscd makes a "
                    + "connect wait while another process holds a transaction on the card; nothing was done to the "
                    + "card");
        } catch (InterruptedException e) {
            attempt.abandon();
            Thread.currentThread().interrupt();
            throw new CardException(ScardError.SCARD_E_CANCELLED, "reader '" + reader + "': connect was "
                    + "interrupted; nothing was done to the card");
        }
    }

    /** One connect on a pool thread; whichever of it and its caller's giving up comes second cleans up. */
    private final class Attempt implements Runnable {
        private final ContextPool.Lease lease;
        private final String reader;
        private final int shareMode;
        private final int protocols;
        private boolean done; // guarded by this
        private boolean abandoned; // guarded by this
        private boolean contextBroken; // guarded by this
        private Connection made;
        private PcscException failed;
        private RuntimeException broken;

        Attempt(ContextPool.Lease lease, String reader, int shareMode, int protocols) {
            this.lease = lease;
            this.reader = reader;
            this.shareMode = shareMode;
            this.protocols = protocols;
        }

        @Override
        public void run() {
            Connection connection = null;
            PcscException failure = null;
            RuntimeException bug = null;
            try {
                connection = port.connect(lease.context(), reader, shareMode, protocols);
            } catch (PcscException e) {
                failure = e;
            } catch (RuntimeException e) {
                bug = e;
            }
            boolean late;
            synchronized (this) {
                made = connection;
                failed = failure;
                broken = bug;
                done = true;
                late = abandoned;
                notifyAll();
            }
            if (late) {
                cleanUp();
            }
        }

        /** @return true when the connect ended, false if the deadline passed first (the attempt is abandoned) */
        synchronized boolean await(long deadline) throws InterruptedException {
            while (!done) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    abandoned = true;
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, remaining);
            }
            return true;
        }

        /** After the caller gave up: breaks the context's connection to pcscd, so the connect ends now. */
        void free() {
            boolean broken = port.abandon(lease.context());
            synchronized (this) {
                contextBroken |= broken;
            }
        }

        void abandon() {
            boolean ended;
            synchronized (this) {
                abandoned = true;
                ended = done;
            }
            if (ended) {
                cleanUp();
            }
        }

        /** @return the connection; its failure is thrown (the caller then gives the context back) */
        Opened outcome() throws PcscException {
            if (made != null) {
                return new Opened(lease, made);
            }
            if (failed != null) {
                throw failed;
            }
            contexts.giveBack(lease);
            throw new IllegalStateException("the PC/SC port failed in SCardConnect", broken);
        }

        private void cleanUp() {
            boolean broken;
            synchronized (this) {
                broken = contextBroken;
            }
            if (broken) {
                contexts.discard(lease); // pcscd dropped what the context held when its connection broke
                return;
            }
            if (made != null) {
                try {
                    port.disconnect(made.handle(), Pcsc.SCARD_LEAVE_CARD);
                } catch (PcscException | RuntimeException e) {
                    LOG.log(System.Logger.Level.DEBUG, "disconnecting a late connection failed: {0}", e.getMessage());
                }
            }
            contexts.giveBack(lease);
        }
    }

    @Override
    public void close() {
        threads.shutdown();
    }

}

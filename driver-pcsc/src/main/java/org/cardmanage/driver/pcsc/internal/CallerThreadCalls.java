package org.cardmanage.driver.pcsc.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.cardmanage.api.CardException;
import org.cardmanage.api.CardTimeoutException;
import org.cardmanage.api.ReaderUnavailableException;
import org.cardmanage.api.ScardError;

/**
 * Runs a reader's PC/SC calls on the calling thread, one at a time, as raw {@code javax.smartcardio} does: no hand-off
 * to another thread, so a call costs what the JDK's costs. The price is the bound: a call that PC/SC blocks (another
 * process holding a transaction, a card that does not answer) holds its caller until PC/SC returns. Other callers of
 * the reader wait at most the call timeout for their turn, then fail with {@link CardTimeoutException}.
 *
 * <p>Transactions must then not be bound to a thread: {@link LinkTransaction} uses native PC/SC transactions in this
 * mode, so a lock taken on one thread may be released on another.
 */
final class CallerThreadCalls implements LinkCalls {
    private static final System.Logger LOG = System.getLogger("org.cardmanage.driver.pcsc");

    private final String readerName;
    private final long timeoutNanos;
    private final ReentrantLock turn = new ReentrantLock();
    private final CardWorker bounded;
    private volatile boolean closed;

    /**
     * @param readerName the reader, for messages
     * @param timeout how long a call waits for the call before it
     */
    CallerThreadCalls(String readerName, Duration timeout) {
        this.readerName = readerName;
        this.timeoutNanos = timeout.toNanos();
        this.bounded = new CardWorker(readerName, timeout, thread -> { });
    }

    @Override
    public <T> T call(String operation, Call<T> call, Undo<T> undo) throws CardException {
        checkOpen(operation);
        awaitTurn(operation);
        try {
            checkOpen(operation);
            return call.run();
        } catch (Exception | LinkageError | StackOverflowError e) {
            throw PcscErrors.translate(readerName, operation, e);
        } finally {
            turn.unlock();
        }
    }

    /** Runs the call on a worker thread, still in turn with the others, and waits for it at most the timeout. */
    @Override
    public <T> T callBounded(String operation, Call<T> call) throws CardException {
        return bounded.call(operation, () -> call(operation, call, null));
    }

    @Override
    public void close(String operation, Call<?> last) {
        closed = true;
        bounded.close(operation, null);
        if (last == null) {
            return;
        }
        Thread closer = new Thread(() -> runLast(operation, last), "cardmanage-pcsc " + readerName + " close");
        closer.setDaemon(true);
        closer.start();
    }

    private void runLast(String operation, Call<?> last) {
        try {
            if (!turn.tryLock(timeoutNanos, TimeUnit.NANOSECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "reader ''{0}'': {1} skipped: a PC/SC call on the reader is "
                        + "still blocked", readerName, operation);
                return;
            }
        } catch (InterruptedException e) {
            return;
        }
        try {
            last.run();
        } catch (Exception | LinkageError e) {
            LOG.log(System.Logger.Level.DEBUG, "reader ''{0}'': {1} failed: {2}", readerName, operation,
                    e.toString());
        } finally {
            turn.unlock();
        }
    }

    private void awaitTurn(String operation) throws CardException {
        boolean mine;
        try {
            mine = turn.tryLock(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CardException(ScardError.SCARD_E_CANCELLED, "reader '" + readerName + "': interrupted while "
                    + "waiting to run " + operation, e);
        }
        if (!mine) {
            throw new CardTimeoutException("reader '" + readerName + "': " + operation + " waited "
                    + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms for the reader's previous PC/SC call, which "
                    + "is still blocked (another process may hold a transaction on the card)");
        }
    }

    private void checkOpen(String operation) throws ReaderUnavailableException {
        if (closed) {
            throw new ReaderUnavailableException("reader '" + readerName + "' is no longer available (" + operation
                    + ")");
        }
    }
}

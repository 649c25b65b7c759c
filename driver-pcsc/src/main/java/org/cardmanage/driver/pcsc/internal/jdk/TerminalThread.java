package org.cardmanage.driver.pcsc.internal.jdk;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;

import org.cardmanage.driver.pcsc.internal.port.Pcsc;
import org.cardmanage.driver.pcsc.internal.port.PcscException;

/**
 * The one thread on which every {@code javax.smartcardio.Card} call of one reader is made. The JDK binds
 * {@code beginExclusive} to the calling thread and refuses {@code transmit}, {@code transmitControlCommand},
 * {@code disconnect} and {@code endExclusive} from any other thread while it is held; PC/SC binds a transaction to a
 * handle instead, and the driver may end it on another thread than the one that began it. Making every card call
 * here, in the order submitted, makes the JDK's thread the handle's.
 *
 * <p>The caller waits for the call without giving way to interrupts (the call reaches the card whether the caller
 * waits or not, so a caller that gave up early would be told a lie); an interrupt is kept for the caller to see.
 */
final class TerminalThread {

    /** A card call; may throw anything the JDK throws. */
    @FunctionalInterface
    interface CardCall<T> {
        T call() throws Exception;
    }

    private final ExecutorService executor;

    /** @param reader the reader's name, for the thread's name */
    TerminalThread(String reader) {
        this.executor = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "cardmanage-pcsc-jdk " + reader);
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Runs the call on this reader's thread after the calls submitted before it, and waits for its end.
     *
     * @param function the winscard function, for the exception
     * @return what the call returned
     * @throws PcscException what the call threw, translated by {@link JdkCodes}; {@link Pcsc#SCARD_E_INVALID_HANDLE}
     *     if the thread has been closed
     */
    <T> T call(String function, CardCall<T> call) throws PcscException {
        Future<T> future;
        try {
            future = executor.submit(call::call);
        } catch (RejectedExecutionException e) {
            throw new PcscException(function, Pcsc.SCARD_E_INVALID_HANDLE);
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return future.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw JdkCodes.translate(function, e.getCause());
                } catch (CancellationException e) {
                    throw new PcscException(function, Pcsc.SCARD_E_INVALID_HANDLE);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Lets the calls already submitted end, then ends the thread. */
    void close() {
        executor.shutdown();
    }
}

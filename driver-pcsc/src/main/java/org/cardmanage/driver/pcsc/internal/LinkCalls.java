package org.cardmanage.driver.pcsc.internal;

import org.cardmanage.api.CardException;

/**
 * How a reader's PC/SC calls are run: one at a time per reader, each failure translated by {@link PcscErrors}. Two
 * ways, chosen by the {@code call.thread} setting: {@link CardWorker} (on a thread of the reader's own, every call
 * bounded) and {@link CallerThreadCalls} (on the calling thread, as raw {@code javax.smartcardio} does).
 */
interface LinkCalls {
    /** A PC/SC call; whatever it throws is translated by {@link PcscErrors}. */
    @FunctionalInterface
    interface Call<T> {
        T run() throws Exception;
    }

    /** Undoes a call that completed after its caller gave up; runs on the thread that made the call. */
    @FunctionalInterface
    interface Undo<T> {
        void undo(T result) throws Exception;
    }

    /**
     * Runs one call and returns its result.
     *
     * @param operation what the call does, for messages
     * @param call the call
     * @param undo what to do with the result if the call completes after its caller gave up, or null
     * @throws CardException the call's failure translated, a timeout, or the reader gone
     */
    <T> T call(String operation, Call<T> call, Undo<T> undo) throws CardException;

    /** Runs one call that needs no undo. */
    default <T> T call(String operation, Call<T> call) throws CardException {
        return call(operation, call, null);
    }

    /**
     * Runs one call within the call timeout whatever the mode, for callers that must never be held by PC/SC, such as
     * the monitor thread reading a new card's ATR.
     */
    default <T> T callBounded(String operation, Call<T> call) throws CardException {
        return call(operation, call, null);
    }

    /**
     * Refuses every later call with {@code ReaderUnavailableException} and runs a last one in the background, after the
     * call in progress; nobody waits for it.
     *
     * @param operation what the last call does, for the log
     * @param last the last call, e.g. releasing the connection; null for none
     */
    void close(String operation, Call<?> last);
}

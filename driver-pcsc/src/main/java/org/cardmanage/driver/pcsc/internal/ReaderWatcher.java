package org.cardmanage.driver.pcsc.internal;

import java.util.Map;

import javax.smartcardio.CardTerminals;

/** How the monitor learns about readers and cards: one wait at a time. */
interface ReaderWatcher extends AutoCloseable {

    /**
     * Waits for a change of any reader or card, at most {@code waitMillis}, and returns the state of every reader.
     * The first call returns at once.
     *
     * @return the readers present now, by name, with their state
     * @throws ServiceLostException if pcscd went away
     */
    Map<String, ReaderState> await(long waitMillis) throws ServiceLostException, InterruptedException;

    /** @return the JDK's terminals, through which the readers' connections are made */
    CardTerminals terminals();

    /** Releases what the watcher holds. */
    @Override
    void close();
}

package org.cardmanage.driver.pcsc.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CardTerminals;

/**
 * The watcher where the JDK's internals are closed to the driver: it can only use the JDK's shared context, on which
 * a blocking wait would stall every transmit of the JVM (libpcsclite locks a context for a whole
 * {@code SCardGetStatusChange}). So it looks at the readers with zero-timeout status calls, and pauses in between.
 */
final class PollingReaderWatcher implements ReaderWatcher {

    /** A pause that ends early when the driver stops. */
    @FunctionalInterface
    interface Pause {
        void pause(long millis) throws InterruptedException;
    }

    private final CardTerminals terminals;
    private final long intervalMillis;
    private final Pause pause;
    private boolean primed;

    PollingReaderWatcher(CardTerminals terminals, long intervalMillis, Pause pause) {
        this.terminals = terminals;
        this.intervalMillis = intervalMillis;
        this.pause = pause;
    }

    @Override
    public CardTerminals terminals() {
        return terminals;
    }

    @Override
    public Map<String, ReaderState> await(long waitMillis) throws ServiceLostException, InterruptedException {
        if (primed) {
            pause.pause(intervalMillis);
        }
        primed = true;
        Map<String, ReaderState> result = new LinkedHashMap<>();
        try {
            for (CardTerminal terminal : terminals.list()) {
                result.put(terminal.getName(), new ReaderState(terminal.isCardPresent(), -1));
            }
        } catch (CardException e) {
            if ("SCARD_E_NO_READERS_AVAILABLE".equals(PcscErrors.codeName(e))) {
                return result;
            }
            throw new ServiceLostException("pcscd went away: " + PcscErrors.codeName(e), e);
        }
        return result;
    }

    @Override
    public void close() {
        // nothing held
    }
}

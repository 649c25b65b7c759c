package org.cardmanage.driver.pcsc.internal;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminals;

/**
 * Waits for reader and card events in {@code SCardGetStatusChange} on a PC/SC context of its own, so that the wait
 * does not hold the lock of the JDK's shared context (libpcsclite locks a context for the whole wait, and every
 * transmit of the JVM goes through the shared one). The wait includes pcsc-lite's {@code \\?PnP?\Notification}
 * pseudo reader, so a reader that is plugged in or out ends it too; the reader list is read again after every wait.
 */
final class NativeReaderWatcher implements ReaderWatcher {
    static final String PNP_NOTIFICATION = "\\\\?PnP?\\Notification";
    private static final int CHANGED = 0x0002;
    private static final long TRANSIENT_PAUSE_MILLIS = 100;

    private final PcscInternals internals;
    private final long context;
    private final CardTerminals terminals;
    private final PollingReaderWatcher.Pause pause;
    private final Map<String, Integer> known = new HashMap<>();
    private int pnpState;
    private boolean primed;

    /**
     * @param context the monitor's own context (from {@link PcscInternals#borrowMonitorContext()}), given back on
     *     {@link #close()}
     * @param terminals the JDK's terminals on its shared context
     * @param pause how to pause after a failed wait
     */
    NativeReaderWatcher(PcscInternals internals, long context, CardTerminals terminals,
            PollingReaderWatcher.Pause pause) {
        this.internals = internals;
        this.context = context;
        this.terminals = terminals;
        this.pause = pause;
    }

    @Override
    public CardTerminals terminals() {
        return terminals;
    }

    @Override
    public Map<String, ReaderState> await(long waitMillis) throws ServiceLostException, InterruptedException {
        String[] names = list();
        String[] query = Arrays.copyOf(names, names.length + 1);
        query[names.length] = PNP_NOTIFICATION;
        int[] current = new int[query.length];
        for (int i = 0; i < names.length; i++) {
            current[i] = known.getOrDefault(names[i], 0);
        }
        current[names.length] = pnpState;
        // The first wait (unaware of every reader) returns at once: it primes the states.
        long timeout = primed ? Math.max(1, waitMillis) : 0;
        try {
            int[] states = internals.getStatusChange(context, timeout, current, query);
            current = states;
        } catch (CardException e) {
            String code = PcscErrors.codeName(e);
            if (!"SCARD_E_TIMEOUT".equals(code)) {
                // Anything else (SCARD_F_COMM_ERROR when pcscd dies mid-wait, SCARD_E_UNKNOWN_READER when a reader
                // left between the listing and the wait): the listing that follows tells whether pcscd is still there.
                list();
                pause.pause(Math.min(waitMillis, TRANSIENT_PAUSE_MILLIS)); // no tight loop on a repeated error
                return snapshot(names, current);
            }
        }
        primed = true;
        return snapshot(names, current);
    }

    private Map<String, ReaderState> snapshot(String[] names, int[] states) {
        Map<String, ReaderState> result = new LinkedHashMap<>();
        known.clear();
        for (int i = 0; i < names.length; i++) {
            int state = states[i] & ~CHANGED;
            known.put(names[i], state);
            result.put(names[i], ReaderState.of(state));
        }
        pnpState = states[names.length] & ~CHANGED;
        return result;
    }

    private String[] list() throws ServiceLostException {
        try {
            return internals.listReaders(context);
        } catch (CardException e) {
            throw new ServiceLostException("pcscd went away: " + PcscErrors.codeName(e), e);
        }
    }

    @Override
    public void close() {
        internals.returnMonitorContext(context);
    }
}

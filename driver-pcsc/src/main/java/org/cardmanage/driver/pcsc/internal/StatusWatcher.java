package org.cardmanage.driver.pcsc.internal;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.cardmanage.driver.pcsc.internal.port.Pcsc;
import org.cardmanage.driver.pcsc.internal.port.PcscException;
import org.cardmanage.driver.pcsc.internal.port.PcscPort;
import org.cardmanage.driver.pcsc.internal.port.ReaderStateQuery;
import org.cardmanage.driver.pcsc.internal.session.PcscErrors;

/**
 * Waits for reader and card events in {@code SCardGetStatusChange} on the monitor's own context, including pcsc-lite's
 * {@code \\?PnP?\Notification} pseudo reader so that a reader plugged in or out ends the wait too; the reader list is
 * read again after every wait. The ATR comes with the event, so no connection is made to learn it. A wait ends early
 * with {@code SCARD_E_CANCELLED} when the driver stops ({@code SCardCancel}).
 */
final class StatusWatcher {
    private final PcscPort port;
    private final long context;
    private final Map<String, Integer> known = new HashMap<>();
    private final Map<String, byte[]> atrs = new HashMap<>();
    private int pnpState;
    private boolean primed;

    StatusWatcher(PcscPort port, long context) {
        this.port = port;
        this.context = context;
    }

    /**
     * Waits for a change of any reader or card, at most {@code waitMillis}, and returns the state of every reader.
     * The first call returns at once.
     *
     * @return the readers present now, by name; null if the wait was cancelled
     * @throws ServiceLostException if pcscd went away
     */
    Map<String, ReaderState> await(long waitMillis) throws ServiceLostException {
        List<String> names = list();
        ReaderStateQuery[] queries = new ReaderStateQuery[names.size() + 1];
        for (int i = 0; i < names.size(); i++) {
            queries[i] = new ReaderStateQuery(names.get(i), known.getOrDefault(names.get(i), 0));
        }
        queries[names.size()] = new ReaderStateQuery(Pcsc.PNP_NOTIFICATION, pnpState);
        try {
            if (!port.getStatusChange(context, primed ? Math.max(1, waitMillis) : 0, queries)) {
                // Timed out: nothing changed, and the port filled in nothing.
                primed = true;
                return snapshot(names, queries, false);
            }
        } catch (PcscException e) {
            if (e.code() == Pcsc.SCARD_E_CANCELLED) {
                return null;
            }
            if (PcscErrors.serviceGone(e.code()) || e.code() == Pcsc.SCARD_E_INVALID_HANDLE) {
                throw new ServiceLostException("pcscd is not reachable (" + e.codeName() + ")", e);
            }
            // A reader left between the listing and the wait (SCARD_E_UNKNOWN_READER, _READER_UNAVAILABLE): the next
            // listing no longer has it. The states asked for are kept as they were.
            return snapshot(list(), queries, false);
        }
        primed = true;
        return snapshot(names, queries, true);
    }

    private Map<String, ReaderState> snapshot(List<String> names, ReaderStateQuery[] queries, boolean answered) {
        Map<String, ReaderState> result = new LinkedHashMap<>();
        Map<String, Integer> before = new HashMap<>(known);
        Map<String, byte[]> atrsBefore = new HashMap<>(atrs);
        known.clear();
        atrs.clear();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            int state = answered ? queries[i].eventState() & ~Pcsc.SCARD_STATE_CHANGED
                    : before.getOrDefault(name, 0);
            if (answered && (state & Pcsc.SCARD_STATE_UNKNOWN) != 0) {
                continue; // unplugged during the wait
            }
            byte[] atr = answered ? queries[i].atr() : atrsBefore.getOrDefault(name, new byte[0]);
            known.put(name, state);
            atrs.put(name, atr);
            result.put(name, ReaderState.of(state, atr));
        }
        if (answered) {
            pnpState = queries[names.size()].eventState() & ~Pcsc.SCARD_STATE_CHANGED;
        }
        return result;
    }

    private List<String> list() throws ServiceLostException {
        try {
            return port.listReaders(context);
        } catch (PcscException e) {
            throw new ServiceLostException("pcscd is not reachable (" + e.codeName() + ")", e);
        }
    }
}

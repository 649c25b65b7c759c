package org.cardmanage.driver.pcsc.internal.jdk;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CardTerminals;

import org.cardmanage.driver.pcsc.internal.port.Pcsc;
import org.cardmanage.driver.pcsc.internal.port.PcscException;
import org.cardmanage.driver.pcsc.internal.port.ReaderStateQuery;

/**
 * {@code SCardGetStatusChange} by polling. The JDK's own waits ({@code CardTerminals.waitForChange},
 * {@code waitForCardPresent}) block in the one native context the whole JVM shares and cannot be cancelled, so this
 * asks {@code list()} and {@code isCardPresent()} (a wait of 0 ms each) every interval until a reader's state differs
 * from the one the caller knows, the time is up, or the context's wait is cancelled.
 *
 * <p>What it reports: PRESENT or EMPTY, CHANGED, UNKNOWN for a reader that is not there, and pcsc-lite's event counter
 * in the upper 16 bits, counted here: it grows with every insertion a poll observes (a card taken out and put back
 * between two polls is not seen). Never INUSE, EXCLUSIVE, MUTE or UNPOWERED, and no ATR (the JDK gives one only to a
 * connection). The PnP pseudo reader reports the number of readers in its upper 16 bits, CHANGED when that differs
 * from the caller's or the list of readers changed during the wait.
 */
final class JdkPresencePoller {
    private static final String FUNCTION = "SCardGetStatusChange";

    private final long intervalMillis;
    private final Map<String, int[]> seen = new HashMap<>(); // reader → {present 0/1, event counter}

    /** @param intervalMillis the time between two polls */
    JdkPresencePoller(long intervalMillis) {
        if (intervalMillis <= 0) {
            throw new IllegalArgumentException("poll interval must be positive: " + intervalMillis);
        }
        this.intervalMillis = intervalMillis;
    }

    /**
     * @param timeoutMillis 0 for one look, {@link Pcsc#INFINITE} for no bound
     * @return true if a state changed (the queries' event states are filled in), false when the time is up
     */
    boolean await(JdkContext context, long timeoutMillis, ReaderStateQuery[] queries) throws PcscException {
        int since = context.cancels();
        if (context.released()) {
            throw new PcscException(FUNCTION, Pcsc.SCARD_E_INVALID_HANDLE);
        }
        boolean infinite = timeoutMillis == Pcsc.INFINITE;
        long end = System.nanoTime() + Math.max(0, timeoutMillis) * 1_000_000L;
        Map<String, Integer> first = null;
        while (true) {
            Map<String, Integer> states = poll(context.terminals);
            first = first == null ? states : first;
            if (evaluate(queries, states, !first.keySet().equals(states.keySet()))) {
                return true;
            }
            long left = infinite ? intervalMillis : (end - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                return false;
            }
            context.pause(Math.min(intervalMillis, left), since);
        }
    }

    /** @return each reader's state: PRESENT or EMPTY with the event counter in the upper 16 bits */
    Map<String, Integer> poll(CardTerminals terminals) throws PcscException {
        Map<String, Boolean> presence = new LinkedHashMap<>();
        try {
            for (CardTerminal terminal : terminals.list()) {
                try {
                    presence.put(terminal.getName(), terminal.isCardPresent());
                } catch (CardException | RuntimeException e) {
                    int code = JdkCodes.code(e);
                    if (code != Pcsc.SCARD_E_UNKNOWN_READER && code != Pcsc.SCARD_E_READER_UNAVAILABLE) {
                        throw JdkCodes.translate(FUNCTION, e);
                    } // gone since list(): not listed
                }
            }
        } catch (CardException | RuntimeException e) {
            if (JdkCodes.code(e) != Pcsc.SCARD_E_NO_READERS_AVAILABLE) {
                throw JdkCodes.translate(FUNCTION, e);
            }
        }
        Map<String, Integer> states = new LinkedHashMap<>();
        synchronized (seen) {
            presence.forEach((reader, present) -> {
                int[] memory = seen.computeIfAbsent(reader, r -> new int[] {present ? 1 : 0, 0});
                if (present && memory[0] == 0) {
                    memory[1] = (memory[1] + 1) & 0xFFFF; // an insertion
                }
                memory[0] = present ? 1 : 0;
                states.put(reader, (memory[1] << 16) | (present ? Pcsc.SCARD_STATE_PRESENT : Pcsc.SCARD_STATE_EMPTY));
            });
            seen.keySet().retainAll(new HashSet<>(presence.keySet()));
        }
        return states;
    }

    /** Fills in every query; @return whether one of them changed */
    static boolean evaluate(ReaderStateQuery[] queries, Map<String, Integer> states, boolean listChanged) {
        boolean any = false;
        for (ReaderStateQuery query : queries) {
            int known = query.currentState();
            int event;
            boolean changed;
            Integer state = states.get(query.reader());
            if (Pcsc.PNP_NOTIFICATION.equals(query.reader())) {
                event = states.size() << 16;
                changed = listChanged || (known >>> 16) != states.size();
            } else if ((known & Pcsc.SCARD_STATE_IGNORE) != 0) {
                event = Pcsc.SCARD_STATE_IGNORE;
                changed = false;
            } else if (state == null) {
                event = Pcsc.SCARD_STATE_UNKNOWN;
                changed = (known & Pcsc.SCARD_STATE_UNKNOWN) == 0;
            } else {
                event = state;
                int flags = Pcsc.SCARD_STATE_PRESENT | Pcsc.SCARD_STATE_EMPTY;
                changed = known == Pcsc.SCARD_STATE_UNAWARE || (known & Pcsc.SCARD_STATE_UNKNOWN) != 0
                        || (known & flags) != (state & flags) || (known >>> 16) != (state >>> 16);
            }
            query.result(changed ? event | Pcsc.SCARD_STATE_CHANGED : event, new byte[0]);
            any |= changed;
        }
        return any;
    }
}

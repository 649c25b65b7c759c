package org.cardmanage.driver.pcsc.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.smartcardio.CardTerminals;

import org.cardmanage.api.CardException;
import org.osgi.framework.BundleContext;

/**
 * The readers the driver offers, kept in step with what the monitor sees: a reader service is registered when a
 * PC/SC reader appears, updated when its card comes or goes, and unregistered when the reader (or pcscd) goes away.
 * Used by the monitor thread only, and by deactivation after the monitor stopped; it never holds a lock while it calls
 * the framework.
 */
final class ReaderRegistry {
    private static final System.Logger LOG = System.getLogger("org.cardmanage.driver.pcsc");

    /** Registers reader services; a function so that tests can do without a framework. */
    @FunctionalInterface
    interface Registrar {
        void register(PcscReader reader);
    }

    private final Registrar registrar;
    private final PcscSettings settings;
    private final PcscInternals internals;
    private final Map<String, PcscReader> readers = new TreeMap<>();
    private final Map<String, ReaderState> seen = new HashMap<>();
    /** Insertion counters by reader name: they keep growing across reader and pcscd restarts. */
    private final Map<String, Long> insertions = new HashMap<>();

    ReaderRegistry(BundleContext context, PcscSettings settings, PcscInternals internals) {
        this(reader -> reader.register(context), settings, internals);
    }

    ReaderRegistry(Registrar registrar, PcscSettings settings, PcscInternals internals) {
        this.registrar = registrar;
        this.settings = settings;
        this.internals = internals;
    }

    /**
     * Brings the services in line with the readers and cards seen now.
     *
     * @param terminals the JDK's terminals, to connect through
     * @param states every reader present now
     */
    void update(CardTerminals terminals, Map<String, ReaderState> states) {
        for (String name : new ArrayList<>(readers.keySet())) {
            if (!states.containsKey(name)) {
                remove(name, "the PC/SC reader was unplugged");
            }
        }
        for (Map.Entry<String, ReaderState> entry : states.entrySet()) {
            String name = entry.getKey();
            if (!settings.filter().accepts(name)) {
                continue;
            }
            ReaderState state = entry.getValue();
            PcscReader reader = readers.get(name);
            if (reader == null) {
                reader = new PcscReader(name, new CardLink(name, terminals.getTerminal(name), internals,
                        settings.callTimeout(), settings.callerThread()));
                readers.put(name, reader);
                seen.remove(name);
                apply(reader, state, null);
                registrar.register(reader);
                LOG.log(System.Logger.Level.INFO, "PC/SC reader ''{0}'' added{1}", name,
                        state.present() ? " with a card" : "");
            } else {
                apply(reader, state, seen.get(name));
            }
            seen.put(name, state);
        }
    }

    private void apply(PcscReader reader, ReaderState now, ReaderState before) {
        String name = reader.name();
        if (now.isNewCardSince(before)) {
            long insertion = insertions.merge(name, 1L, Long::sum);
            reader.link().cardState(true, insertion);
            reader.update(true, readAtr(reader), insertion);
        } else if (!now.present() && (before == null || before.present() || reader.isPresent())) {
            reader.update(false, null, insertions.getOrDefault(name, 0L));
        }
    }

    private static byte[] readAtr(PcscReader reader) {
        try {
            return reader.link().readAtr();
        } catch (CardException e) {
            LOG.log(System.Logger.Level.INFO, "reader ''{0}'': the card''s ATR could not be read: {1}", reader.name(),
                    e.getMessage());
            return null;
        }
    }

    /** pcscd went away: every reader goes, and comes back as a new service when pcscd does. */
    void serviceLost(String reason) {
        for (String name : new ArrayList<>(readers.keySet())) {
            remove(name, reason);
        }
        seen.clear();
    }

    private void remove(String name, String reason) {
        PcscReader reader = readers.remove(name);
        seen.remove(name);
        if (reader != null) {
            reader.unregister(reason);
            LOG.log(System.Logger.Level.INFO, "PC/SC reader ''{0}'' removed: {1}", name, reason);
        }
    }

    /** @return the readers offered now */
    List<PcscReader> readers() {
        return List.copyOf(readers.values());
    }
}

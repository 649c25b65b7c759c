package org.cardmanage.driver.pcsc.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Function;

import org.cardmanage.driver.pcsc.internal.session.CardView;
import org.cardmanage.driver.pcsc.internal.session.ReaderLink;

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
    private final ReaderFilter filter;
    private final Function<String, ReaderLink> links;
    private final Function<String, byte[]> atrProbe;
    /** Read by status and tests from other threads; written by the monitor only. */
    private final Map<String, PcscReader> readers = new ConcurrentSkipListMap<>();
    private final Map<String, ReaderState> seen = new HashMap<>();
    /** Insertion counters by reader name: they keep growing across reader and pcscd restarts. */
    private final Map<String, Long> insertions = new HashMap<>();

    /**
     * @param links makes the link of a reader that appears
     * @param atrProbe reads the ATR of a reader's new card where the events carry none (the jdk backend); returns an
     *     empty array if it cannot
     */
    ReaderRegistry(Registrar registrar, ReaderFilter filter, Function<String, ReaderLink> links,
            Function<String, byte[]> atrProbe) {
        this.registrar = registrar;
        this.filter = filter;
        this.links = links;
        this.atrProbe = atrProbe;
    }

    /**
     * Brings the services in line with the readers and cards seen now.
     *
     * @param states every reader present now
     */
    void update(Map<String, ReaderState> states) {
        for (String name : new ArrayList<>(readers.keySet())) {
            if (!states.containsKey(name)) {
                remove(name, "the PC/SC reader was unplugged");
            }
        }
        for (Map.Entry<String, ReaderState> entry : states.entrySet()) {
            String name = entry.getKey();
            if (!filter.accepts(name)) {
                continue;
            }
            ReaderState state = entry.getValue();
            PcscReader reader = readers.get(name);
            if (reader == null) {
                reader = new PcscReader(links.apply(name));
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
        CardView shown = reader.link().card();
        if (now.isNewCardSince(before)) {
            long insertion = insertions.merge(name, 1L, Long::sum);
            byte[] atr = now.atr();
            reader.update(new CardView(true, insertion, atr.length > 0 ? atr : atrProbe.apply(name)));
        } else if (now.present()) {
            byte[] atr = now.atr();
            if (atr.length > 0 && !Arrays.equals(atr, shown.atr())) {
                // pcscd reports the ATR once it powered the card: the same insertion, now with its ATR.
                reader.update(new CardView(true, shown.insertion(), atr));
            }
        } else if (before == null || before.present() || shown.present()) {
            reader.update(new CardView(false, insertions.getOrDefault(name, 0L), null));
        }
    }

    /** pcscd went away or the driver stops: every reader goes, and comes back as a new service with pcscd. */
    void removeAll(String reason) {
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

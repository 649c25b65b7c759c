package org.cardmanage.remote.internal.client;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.cardmanage.remote.internal.errors.PeerText;
import org.cardmanage.remote.internal.wire.Reader;
import org.cardmanage.spi.ReaderTransport;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * The {@link ReaderTransport} services of one farm: brings them in line with what the farm says its readers are.
 * Rules:
 * <ul>
 * <li>Called by the link's monitor thread only (and by its close after the monitor ended), never under a lock:
 * registering a service calls the framework's listeners synchronously.</li>
 * <li>A reader that fails {@link ReaderCheck} is skipped. Each skipped name is warned about once, and one reconcile
 * writes at most one warning line, so a rogue farm cannot flood the log.</li>
 * <li>At most {@value #MAX_READERS} readers per farm, the first by name; the rest are skipped, warned about once
 * until the farm is back within the bound.</li>
 * <li>A reader that stays keeps its service; a changed state only changes its properties.</li>
 * </ul>
 */
final class ReaderReconciler {
    /** The most readers one farm registers. */
    static final int MAX_READERS = 256;

    private static final System.Logger LOG = System.getLogger("org.cardmanage.remote");
    private static final int MAX_REMEMBERED_WARNINGS = 1_024;
    private static final int NAMES_PER_WARNING = 5;

    private record Registered(RemoteTransport transport, ServiceRegistration<ReaderTransport> registration,
            Reader state) {
    }

    private final BundleContext context;
    private final FarmCalls calls;
    private final OpenSessions sessions;
    private final String address;
    /** By the reader's name on the farm. Concurrent only so that a late close cannot corrupt it. */
    private final Map<String, Registered> registered = new ConcurrentHashMap<>();
    private final Set<String> warned = new HashSet<>();
    private boolean overLimitWarned;

    ReaderReconciler(BundleContext context, FarmCalls calls, OpenSessions sessions, String address) {
        this.context = context;
        this.calls = calls;
        this.sessions = sessions;
        this.address = address;
    }

    /** @param readers every reader the farm lists now */
    void reconcile(Collection<Reader> readers) {
        List<Reader> usable = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<Reader> sorted = new ArrayList<>(readers);
        sorted.sort(Comparator.comparing(Reader::getName));
        for (Reader reader : sorted) {
            String problem = ReaderCheck.problem(reader);
            if (problem == null) {
                usable.add(reader);
            } else if (remember(reader.getName())) {
                skipped.add("'" + PeerText.printable(reader.getName(), 64) + "' (" + problem + ")");
            }
        }
        if (!skipped.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "farm '" + calls.farm() + "' lists " + skipped.size()
                    + " reader(s) that cannot be used, skipped: " + String.join(", ",
                            skipped.subList(0, Math.min(NAMES_PER_WARNING, skipped.size())))
                    + (skipped.size() > NAMES_PER_WARNING ? ", …" : ""));
        }
        if (usable.size() > MAX_READERS) {
            if (!overLimitWarned) {
                overLimitWarned = true;
                LOG.log(System.Logger.Level.WARNING, "farm '" + calls.farm() + "' lists " + usable.size()
                        + " readers; only the first " + MAX_READERS + " by name are used");
            }
            usable = usable.subList(0, MAX_READERS);
        } else {
            overLimitWarned = false;
        }
        Set<String> wanted = new TreeSet<>();
        usable.forEach(reader -> wanted.add(reader.getName()));
        for (String name : List.copyOf(registered.keySet())) {
            if (!wanted.contains(name)) {
                unregister(registered.remove(name));
            }
        }
        for (Reader reader : usable) {
            update(reader);
        }
    }

    private void update(Reader reader) {
        Registered current = registered.get(reader.getName());
        if (current == null) {
            RemoteTransport transport = new RemoteTransport(calls, sessions, reader.getName());
            try {
                ServiceRegistration<ReaderTransport> registration = context.registerService(ReaderTransport.class,
                        transport, RemoteTransport.properties(calls.farm(), address, reader));
                registered.put(reader.getName(), new Registered(transport, registration, reader));
            } catch (IllegalStateException stopping) {
                // our bundle is stopping: nothing to register with any more
            }
        } else if (!current.state().equals(reader)) {
            try {
                current.registration().setProperties(RemoteTransport.properties(calls.farm(), address, reader));
                registered.put(reader.getName(), new Registered(current.transport(), current.registration(), reader));
            } catch (IllegalStateException gone) {
                registered.remove(reader.getName());
            }
        }
    }

    /** Unregisters every transport of the farm. */
    void dropAll() {
        for (String name : List.copyOf(registered.keySet())) {
            unregister(registered.remove(name));
        }
    }

    /** @return the local names of the registered readers */
    Set<String> localNames() {
        Set<String> names = new TreeSet<>();
        registered.keySet().forEach(name -> names.add(RemoteTransport.localName(calls.farm(), name)));
        return names;
    }

    boolean isEmpty() {
        return registered.isEmpty();
    }

    /** @return whether the name is newly skipped, so worth a warning; the memory of names is bounded */
    private boolean remember(String name) {
        if (warned.size() >= MAX_REMEMBERED_WARNINGS) {
            warned.clear();
        }
        // a long name is remembered by its start, length and hash: a rogue farm's names cost no memory
        return warned.add(name.length() <= ReaderCheck.MAX_NAME ? name
                : name.substring(0, ReaderCheck.MAX_NAME) + "#" + name.length() + "#" + name.hashCode());
    }

    private static void unregister(Registered registered) {
        if (registered == null) {
            return;
        }
        try {
            registered.registration().unregister();
        } catch (IllegalStateException alreadyGone) {
            // our bundle is stopping and the framework unregistered it first
        }
    }
}

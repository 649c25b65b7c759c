package org.cardmanage.core.internal.reader;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import org.cardmanage.core.internal.CoreLog;
import org.cardmanage.core.internal.attachment.CoreContext;
import org.cardmanage.core.internal.attachment.ReaderSlot;
import org.cardmanage.core.internal.reader.ReaderProperties;
import org.cardmanage.spi.ReaderTransport;

/**
 * The reader slots by name, and which slot each transport registration feeds. A slot outlives its registrations, so
 * that revoked attachments can reconnect when a transport of the same name comes back.
 */
public final class ReaderSlots {
    private final Map<String, ReaderSlot> slots = new ConcurrentHashMap<>();
    /** Which reader name each transport registration offers, so updates and removals find their slot. */
    private final Map<Object, String> readerOfRegistration = new ConcurrentHashMap<>();
    private final CoreContext context;

    public ReaderSlots(CoreContext context) {
        this.context = context;
    }

    /** @return the slot of that reader name, or null if no transport ever offered it */
    public ReaderSlot slot(String readerName) {
        return slots.get(readerName);
    }

    /** @return a live view of every slot */
    public Collection<ReaderSlot> all() {
        return slots.values();
    }

    /** Adds a transport registration; {@code key} identifies it in later updates. */
    public void register(Object key, ReaderTransport transport, Map<String, ?> properties) {
        ReaderProperties reader = ReaderProperties.from(properties);
        if (reader == null) {
            CoreLog.warn("ignoring a reader transport without a " + ReaderTransport.READER_NAME + " property: "
                    + properties);
            return;
        }
        readerOfRegistration.put(key, reader.readerName());
        slots.computeIfAbsent(reader.readerName(), name -> new ReaderSlot(name, context))
                .register(key, transport, reader);
    }

    public void modified(Object key, Map<String, ?> properties) {
        ReaderProperties reader = ReaderProperties.from(properties);
        String previousName = readerOfRegistration.get(key);
        ReaderSlot slot = previousName == null ? null : slots.get(previousName);
        if (reader == null || slot == null) {
            return;
        }
        if (!previousName.equals(reader.readerName())) {
            CoreLog.warn("a transport renamed reader '" + previousName + "' to '" + reader.readerName()
                    + "': readers must keep their name; the transport must re-register");
            return;
        }
        slot.modified(key, reader);
    }

    public void unregister(Object key, String cause) {
        withdraw(key, cause).run();
    }

    /** Unregisters, at once, every registration whose key matches (e.g. all readers of a stopping driver). */
    public void unregisterAll(Predicate<Object> keys, String cause) {
        List<Runnable> releases = new ArrayList<>();
        for (Object key : List.copyOf(readerOfRegistration.keySet())) {
            if (keys.test(key)) {
                releases.add(withdraw(key, cause));
            }
        }
        // Every attachment is revoked before the first blocked caller wakes up to compete for the CPU.
        releases.forEach(Runnable::run);
    }

    private Runnable withdraw(Object key, String cause) {
        String name = readerOfRegistration.remove(key);
        ReaderSlot slot = name == null ? null : slots.get(name);
        return slot == null ? () -> { } : slot.withdraw(key, cause);
    }
}

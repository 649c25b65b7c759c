package org.cardmanage.core.internal.reader;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.cardmanage.api.ReaderInfo;
import org.cardmanage.core.internal.attachment.ReaderSlot;

/**
 * The reader list that {@code readers()} returns, rebuilt only when it is read after a change. A driver that stops
 * with a thousand readers changes the list a thousand times in a row; sorting it each time made that stop quadratic,
 * while one rebuild on the next read costs the same as before for a single change.
 */
public final class ReaderSnapshot {
    private static final Comparator<ReaderInfo> BY_NAME = Comparator.comparing(ReaderInfo::name);

    private record Built(long version, List<ReaderInfo> readers) {
    }

    private final Supplier<Collection<ReaderSlot>> slots;
    private final AtomicLong version = new AtomicLong();
    private volatile Built built = new Built(0, List.of());

    public ReaderSnapshot(Supplier<Collection<ReaderSlot>> slots) {
        this.slots = slots;
    }

    /** A reader came, went or changed its card: the next read rebuilds the list. */
    public void changed() {
        version.incrementAndGet();
    }

    /** @return the readers now offered, sorted by name */
    public List<ReaderInfo> readers() {
        Built current = built;
        if (current.version() == version.get()) {
            return current.readers();
        }
        return rebuild();
    }

    private synchronized List<ReaderInfo> rebuild() {
        // Read the version first: a change made while the list is built leaves it stale, and the next read rebuilds.
        long seen = version.get();
        Built current = built;
        if (current.version() == seen) {
            return current.readers();
        }
        List<ReaderInfo> list = new ArrayList<>();
        for (ReaderSlot slot : slots.get()) {
            ReaderInfo info = slot.info();
            if (info != null) {
                list.add(info);
            }
        }
        list.sort(BY_NAME);
        List<ReaderInfo> readers = List.copyOf(list);
        built = new Built(seen, readers);
        return readers;
    }
}

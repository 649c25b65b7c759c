package org.cardmanage.core.internal.event;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.cardmanage.api.CardEvent;
import org.cardmanage.api.CardEventListener;
import org.cardmanage.api.CardFilter;
import org.cardmanage.core.internal.NamedThreadFactory;

/**
 * Fans card events out to the whiteboard listeners. {@link #publish} only queues, so callers may hold their own
 * monitor while publishing, which is how per-reader order is kept.
 */
public final class EventBus {
    private final Map<Object, ListenerQueue> queues = new ConcurrentHashMap<>();
    private final ExecutorService pool;

    public EventBus() {
        // A cached pool: each listener queue occupies at most one thread at a time, so a blocked listener holds one
        // thread and never the other listeners' queues. Idle threads go away.
        this.pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                new NamedThreadFactory("cardmanage-events"));
    }

    /**
     * Adds a listener.
     *
     * @param key identifies the registration (the service reference)
     * @param listener the listener
     * @param readerPattern the listener's reader glob, or null for all readers
     */
    public void addListener(Object key, CardEventListener listener, String readerPattern) {
        CardFilter filter = null;
        if (readerPattern != null && !readerPattern.isEmpty()) {
            filter = CardFilter.any().withReaderPattern(readerPattern);
        }
        ListenerQueue old = queues.put(key, new ListenerQueue(listener, filter, pool));
        if (old != null) {
            old.close();
        }
    }

    public void removeListener(Object key) {
        ListenerQueue queue = queues.remove(key);
        if (queue != null) {
            queue.close();
        }
    }

    /** Queues the event for every listener; returns at once. */
    public void publish(CardEvent event) {
        for (ListenerQueue queue : queues.values()) {
            queue.offer(event);
        }
    }

    /** Queues events of one reader, in order, for every listener, taking each listener's queue once. */
    public void publishAll(List<CardEvent> events) {
        for (ListenerQueue queue : queues.values()) {
            queue.offerAll(events);
        }
    }

    public void close() {
        queues.values().forEach(ListenerQueue::close);
        queues.clear();
        pool.shutdownNow();
    }
}

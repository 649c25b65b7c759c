package org.cardmanage.core.internal.event;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.cardmanage.api.CardEvent;
import org.cardmanage.api.CardEventListener;
import org.cardmanage.api.CardFilter;
import org.cardmanage.core.internal.CoreLog;

/**
 * Delivers events to one listener, one at a time and in the order they were offered, on a shared pool. A listener that
 * blocks holds up only its own queue; one that throws is logged and keeps its place.
 */
final class ListenerQueue implements Runnable {
    private static final int BACKLOG_WARNING = 10_000;
    /** The most events delivered in one turn on a pool thread. */
    private static final int BATCH = 256;

    private final CardEventListener listener;
    private final CardFilter readerFilter;
    private final Executor pool;
    private final Queue<CardEvent> pending = new ArrayDeque<>();
    private boolean scheduled;
    private volatile boolean closed;
    private boolean backlogReported;

    ListenerQueue(CardEventListener listener, CardFilter readerFilter, Executor pool) {
        this.listener = listener;
        this.readerFilter = readerFilter;
        this.pool = pool;
    }

    CardEventListener listener() {
        return listener;
    }

    /** Queues an event if the listener wants its reader. Never calls the listener on the caller's thread. */
    void offer(CardEvent event) {
        if (readerFilter == null || readerFilter.matchesReader(event.readerName())) {
            enqueue(Collections.singletonList(event));
        }
    }

    /** Queues, in order, those of the events the listener wants; one monitor acquisition for all of them. */
    void offerAll(List<CardEvent> events) {
        List<CardEvent> wanted = readerFilter == null ? events : wantedOf(events);
        if (!wanted.isEmpty()) {
            enqueue(wanted);
        }
    }

    private void enqueue(List<CardEvent> events) {
        boolean schedule;
        synchronized (this) {
            if (closed) {
                return;
            }
            pending.addAll(events);
            if (pending.size() > BACKLOG_WARNING && !backlogReported) {
                backlogReported = true;
                CoreLog.warn("card event listener " + listener.getClass().getName() + " is " + pending.size()
                        + " events behind; it may be blocked");
            }
            schedule = !scheduled;
            scheduled = true;
        }
        if (schedule) {
            submit();
        }
    }

    private List<CardEvent> wantedOf(List<CardEvent> events) {
        List<CardEvent> wanted = new ArrayList<>(events.size());
        String lastReader = null;
        boolean lastMatched = false;
        for (CardEvent event : events) {
            // A burst is nearly always of one reader: the glob is matched once per reader name, not per event.
            if (!event.readerName().equals(lastReader)) {
                lastReader = event.readerName();
                lastMatched = readerFilter.matchesReader(lastReader);
            }
            if (lastMatched) {
                wanted.add(event);
            }
        }
        return wanted;
    }

    void close() {
        synchronized (this) {
            closed = true;
            pending.clear();
        }
    }

    private void submit() {
        try {
            pool.execute(this);
        } catch (RejectedExecutionException e) {
            synchronized (this) {
                scheduled = false;
                pending.clear();
            }
        }
    }

    @Override
    public void run() {
        CardEvent[] batch;
        synchronized (this) {
            if (closed || pending.isEmpty()) {
                scheduled = false;
                backlogReported = false;
                return;
            }
            // Taken in one go: offering and delivering do not contend for this monitor once per event.
            batch = new CardEvent[Math.min(BATCH, pending.size())];
            for (int i = 0; i < batch.length; i++) {
                batch[i] = pending.poll();
            }
        }
        for (CardEvent event : batch) {
            if (closed) {
                return; // the listener went away: it gets no more, and nothing reschedules the queue
            }
            try {
                listener.cardEvent(event);
            } catch (Throwable e) {
                // Whatever a listener throws, its queue must keep going; it is logged, never rethrown.
                CoreLog.warn("card event listener " + listener.getClass().getName() + " failed on " + event, e);
            }
        }
        // Resubmit after a batch rather than loop on, so one busy listener cannot monopolise a pool thread; a batch
        // rather than one event, so a burst (a driver stopping with 10 000 attachments) is not one thread hand-off
        // per event.
        submit();
    }
}

package org.cardmanage.webconsole.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.cardmanage.api.CardEvent;
import org.cardmanage.api.CardEventListener;
import org.osgi.service.component.annotations.Component;

/**
 * The recent card events, for the page: a {@link CardEventListener} that keeps the last {@value #CAPACITY} events of
 * every reader. Events from before it started are not known.
 */
@Component(service = {CardEventListener.class, EventLog.class})
public final class EventLog implements CardEventListener {
    /** How many events are kept. */
    static final int CAPACITY = 100;

    private final int capacity;
    private final ArrayDeque<CardEvent> events = new ArrayDeque<>();

    public EventLog() {
        this(CAPACITY);
    }

    EventLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, was " + capacity);
        }
        this.capacity = capacity;
    }

    @Override
    public void cardEvent(CardEvent event) {
        synchronized (events) {
            events.addLast(event);
            while (events.size() > capacity) {
                events.removeFirst();
            }
        }
    }

    /** @return the kept events, newest first */
    public List<CardEvent> recent() {
        List<CardEvent> newestFirst = new ArrayList<>(capacity);
        synchronized (events) {
            for (Iterator<CardEvent> it = events.descendingIterator(); it.hasNext(); ) {
                newestFirst.add(it.next());
            }
        }
        return newestFirst;
    }
}

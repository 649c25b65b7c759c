package org.cardmanage.itests;

import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import org.cardmanage.api.CardEvent;
import org.cardmanage.api.CardEventListener;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/** A whiteboard {@link CardEventListener} that records every event it hears, for assertions and waits. */
public final class EventRecorder implements CardEventListener {
    private final List<CardEvent> events = new CopyOnWriteArrayList<>();
    private ServiceRegistration<CardEventListener> registration;

    /**
     * Registers a recorder as a service.
     *
     * @param context the registering bundle's context
     * @param readerPattern the {@link CardEventListener#READER_PATTERN} glob, or null for all readers
     */
    public static EventRecorder register(BundleContext context, String readerPattern) {
        EventRecorder recorder = new EventRecorder();
        recorder.registration = context.registerService(CardEventListener.class, recorder, properties(readerPattern));
        return recorder;
    }

    static Dictionary<String, Object> properties(String readerPattern) {
        Dictionary<String, Object> properties = new Hashtable<>();
        if (readerPattern != null) {
            properties.put(CardEventListener.READER_PATTERN, readerPattern);
        }
        return properties;
    }

    @Override
    public void cardEvent(CardEvent event) {
        events.add(event);
    }

    /** @return a snapshot of the events so far, in arrival order */
    public List<CardEvent> events() {
        return List.copyOf(events);
    }

    /**
     * Waits for an event matching the predicate and returns the first one.
     *
     * @throws AssertionError if none arrived in time; the message lists what did arrive
     */
    public CardEvent await(String description, Predicate<CardEvent> match, Duration timeout) {
        try {
            return Await.value(description, () -> events.stream().filter(match).findFirst().orElse(null), timeout);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; events received: " + events, e);
        }
    }

    /** Waits until at least {@code count} events arrived. */
    public List<CardEvent> awaitCount(int count, Duration timeout) {
        try {
            Await.until(count + " events arrived", () -> events.size() >= count, timeout);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; events received: " + events, e);
        }
        return events();
    }

    /** Unregisters the listener; does nothing if it is already gone. */
    public void unregister() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the registering bundle stopped
            }
            registration = null;
        }
    }
}

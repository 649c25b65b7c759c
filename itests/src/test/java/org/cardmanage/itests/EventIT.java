package org.cardmanage.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.cardmanage.api.Atr;
import org.cardmanage.api.CardEvent;
import org.cardmanage.api.CardEvent.Type;
import org.cardmanage.api.CardEventListener;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;

/**
 * Card events reach whiteboard listeners in order per reader; a listener that throws or blocks harms only itself.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EventIT extends CardmanageTestBase {
    private static final String EVENT_READER = "Event Reader";
    private static final int CYCLES = 3;

    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private final List<EventRecorder> recorders = new ArrayList<>();
    private final CountDownLatch unblock = new CountDownLatch(1);

    @Configuration
    public Option[] config() {
        return options(baseOptions());
    }

    @After
    public void unregisterListeners() {
        unblock.countDown();
        registrations.forEach(ServiceRegistration::unregister);
        recorders.forEach(EventRecorder::unregister);
        if (sim().readers().contains(EVENT_READER)) {
            sim().removeReader(EVENT_READER);
        }
    }

    @Test
    public void eventsOfOneReaderArriveInOrderAcrossRemoveInsertCycles() {
        EventRecorder recorder = recorder(EVENT_READER);

        sim().addReader(EVENT_READER, "demo");
        for (int i = 0; i < CYCLES; i++) {
            sim().removeCard(EVENT_READER);
            sim().insertCard(EVENT_READER, "demo");
        }
        sim().removeReader(EVENT_READER);

        recorder.await("READER_REMOVED", e -> e.type() == Type.READER_REMOVED, WAIT);
        List<CardEvent> events = recorder.events();
        List<Type> expected = new ArrayList<>(List.of(Type.READER_ADDED, Type.CARD_INSERTED));
        for (int i = 0; i < CYCLES; i++) {
            expected.addAll(List.of(Type.CARD_REMOVED, Type.CARD_INSERTED));
        }
        expected.addAll(List.of(Type.CARD_REMOVED, Type.READER_REMOVED));
        assertEquals("event types in order, got " + events, expected, events.stream().map(CardEvent::type).toList());
        for (int i = 1; i < events.size(); i++) {
            assertTrue("sequence numbers strictly increase: " + events,
                    events.get(i).sequence() > events.get(i - 1).sequence());
        }
        events.forEach(e -> assertEquals(EVENT_READER, e.readerName()));
    }

    @Test
    public void insertionEventCarriesTheCardsAtr() {
        EventRecorder recorder = recorder(EVENT_READER);

        sim().addReader(EVENT_READER, "demo");

        CardEvent inserted = recorder.await("CARD_INSERTED", e -> e.type() == Type.CARD_INSERTED, WAIT);
        assertEquals(Atr.parseHex(DEMO_ATR), inserted.atr().orElseThrow());
    }

    @Test
    public void readerPatternLimitsWhatAListenerHears() {
        EventRecorder other = recorder("Some Other Reader*");
        EventRecorder all = recorder(null);

        sim().addReader(EVENT_READER, "demo");
        sim().removeReader(EVENT_READER);

        all.await("READER_REMOVED of " + EVENT_READER,
                e -> e.type() == Type.READER_REMOVED && e.readerName().equals(EVENT_READER), WAIT);
        assertEquals("a listener for other readers hears nothing of " + EVENT_READER, List.of(), other.events());
    }

    @Test
    public void unregisteredListenerHearsNothingMore() {
        EventRecorder gone = recorder(EVENT_READER);
        EventRecorder staying = recorder(EVENT_READER);
        gone.unregister();

        sim().addReader(EVENT_READER, "demo");

        staying.awaitCount(2, WAIT);
        assertEquals("events after unregistering", List.of(), gone.events());
    }

    @Test
    public void listenerThatThrowsKeepsReceivingEvents() {
        AtomicInteger calls = new AtomicInteger();
        register(event -> {
            calls.incrementAndGet();
            throw new IllegalStateException("listener bug, on purpose");
        }, EVENT_READER);
        sim().addReader(EVENT_READER, "demo"); // READER_ADDED, CARD_INSERTED

        sim().removeCard(EVENT_READER);
        sim().insertCard(EVENT_READER, "demo");

        Await.until("the throwing listener got all 4 events (got " + calls.get() + ")", () -> calls.get() >= 4, WAIT);
    }

    @Test
    public void blockedListenerDoesNotDelayAnotherListener() throws Exception {
        CountDownLatch blockedInListener = new CountDownLatch(1);
        register(event -> {
            blockedInListener.countDown();
            try {
                unblock.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, EVENT_READER);
        EventRecorder recorder = recorder(EVENT_READER);
        sim().addReader(EVENT_READER, "demo");
        assertTrue("the blocking listener got its first event", blockedInListener.await(5, TimeUnit.SECONDS));

        sim().removeCard(EVENT_READER);
        sim().insertCard(EVENT_READER, "demo");

        recorder.awaitCount(4, WAIT);
        assertEquals("the blocking listener is still blocked", 1, unblock.getCount());
    }

    private EventRecorder recorder(String readerPattern) {
        EventRecorder recorder = EventRecorder.register(context, readerPattern);
        recorders.add(recorder);
        return recorder;
    }

    private void register(CardEventListener listener, String readerPattern) {
        registrations.add(context.registerService(CardEventListener.class, listener,
                EventRecorder.properties(readerPattern)));
    }
}

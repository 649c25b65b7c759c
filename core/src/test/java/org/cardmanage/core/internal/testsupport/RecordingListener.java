package org.cardmanage.core.internal.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.cardmanage.api.CardEvent;
import org.cardmanage.api.CardEventListener;

/** A listener that keeps every event with the thread that delivered it, and lets a test wait for events. */
public final class RecordingListener implements CardEventListener {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final List<CardEvent> events = new ArrayList<>(); // guarded by this
    private final List<Thread> threads = new ArrayList<>(); // guarded by this
    private volatile Behaviour behaviour = event -> { };

    /** What the listener does before recording, e.g. throw or block. */
    @FunctionalInterface
    public interface Behaviour {
        void on(CardEvent event) throws Exception;
    }

    /** Sets what happens on each event before it is recorded (it is recorded even if this throws). */
    public RecordingListener behaviour(Behaviour value) {
        this.behaviour = value;
        return this;
    }

    @Override
    public void cardEvent(CardEvent event) {
        try {
            behaviour.on(event);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            synchronized (this) {
                events.add(event);
                threads.add(Thread.currentThread());
                notifyAll();
            }
        }
    }

    public synchronized List<CardEvent> events() {
        return List.copyOf(events);
    }

    public synchronized List<Thread> threads() {
        return List.copyOf(threads);
    }

    /** Waits for an event that matches; fails the test after five seconds. */
    public CardEvent await(Predicate<CardEvent> match) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        synchronized (this) {
            while (true) {
                for (CardEvent event : events) {
                    if (match.test(event)) {
                        return event;
                    }
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw new AssertionError("no matching event within " + WAIT + "; got " + events);
                }
                TimeUnit.NANOSECONDS.timedWait(this, remaining);
            }
        }
    }

    /** Waits for an event of that type on that reader. */
    public CardEvent await(CardEvent.Type type, String readerName) throws InterruptedException {
        return await(event -> event.type() == type && event.readerName().equals(readerName));
    }

    /** Waits until at least {@code count} events arrived; returns them. */
    public List<CardEvent> awaitCount(int count) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        synchronized (this) {
            while (events.size() < count) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw new AssertionError("expected " + count + " events within " + WAIT + "; got " + events);
                }
                TimeUnit.NANOSECONDS.timedWait(this, remaining);
            }
            return List.copyOf(events);
        }
    }
}

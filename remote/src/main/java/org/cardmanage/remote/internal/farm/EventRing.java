package org.cardmanage.remote.internal.farm;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.cardmanage.api.CardEvent;
import org.cardmanage.api.CardEventListener;
import org.cardmanage.remote.EventBatch;
import org.cardmanage.remote.RemoteEvent;
import org.cardmanage.remote.RemoteReaders;

/**
 * The farm's recent reader and card events, numbered, for application hosts to long-poll. A bounded ring: the oldest
 * events fall out, and a poller that asks for them is told there was a gap.
 */
final class EventRing implements CardEventListener {
    private final String runId;
    private final int capacity;
    private final ArrayDeque<RemoteEvent> events = new ArrayDeque<>();
    private long lastSequence;
    private boolean closed;

    EventRing(String runId, int capacity) {
        this.runId = runId;
        this.capacity = capacity;
    }

    @Override
    public void cardEvent(CardEvent event) {
        if (event.type() == CardEvent.Type.ATTACHMENT_REVOKED) {
            return; // about this farm's own attachments: nothing an application host can use
        }
        String atr = event.atr().map(a -> HexFormat.of().withUpperCase().formatHex(a.bytes())).orElse("");
        add(event.type(), event.readerName(), atr);
    }

    synchronized void add(CardEvent.Type type, String reader, String atrHex) {
        events.addLast(new RemoteEvent(++lastSequence, type, reader, atrHex));
        while (events.size() > capacity) {
            events.removeFirst();
        }
        notifyAll();
    }

    /**
     * @return the events after the sequence number, waiting up to {@code maxWaitMs} (bounded by
     *     {@link RemoteReaders#MAX_EVENT_WAIT_MS}) for the first one
     */
    synchronized EventBatch after(long afterSequence, long maxWaitMs) {
        // A number beyond ours is from an earlier run: the caller starts over (it sees the new run id anyway).
        long since = afterSequence > lastSequence ? 0 : Math.max(0, afterSequence);
        long waitNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0, Math.min(maxWaitMs, RemoteReaders.MAX_EVENT_WAIT_MS)));
        long deadline = System.nanoTime() + waitNanos;
        while (lastSequence <= since && !closed) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                break;
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, remaining);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        List<RemoteEvent> out = new ArrayList<>();
        for (RemoteEvent event : events) {
            if (event.sequence() > since) {
                out.add(event);
            }
        }
        boolean gap = lastSequence > since && (out.isEmpty() || out.get(0).sequence() > since + 1);
        return new EventBatch(runId, lastSequence, out, gap);
    }

    /** Releases every waiting poller (the farm is stopping). */
    synchronized void close() {
        closed = true;
        notifyAll();
    }
}

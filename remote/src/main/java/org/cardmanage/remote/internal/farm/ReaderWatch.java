package org.cardmanage.remote.internal.farm;

import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.cardmanage.api.CardEvent;
import org.cardmanage.api.CardEventListener;
import org.cardmanage.remote.internal.wire.Reader;
import org.cardmanage.remote.internal.wire.ReaderEvent;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/**
 * The {@code WatchReaders} streams: a snapshot first, then each reader or card change of a reader the watcher's rule
 * allows. A watcher that does not read its stream gets at most {@link #MAX_QUEUED} events queued; beyond that its
 * stream ends with RESOURCE_EXHAUSTED (it re-subscribes and gets a fresh snapshot) so that a slow client costs no
 * memory and holds up nobody.
 */
final class ReaderWatch implements CardEventListener {
    static final int MAX_QUEUED = 256;

    private final FarmReaders readers;
    private final String runId;
    private final AtomicLong sequence = new AtomicLong();
    private final Set<Watcher> watchers = ConcurrentHashMap.newKeySet();

    ReaderWatch(FarmReaders readers, String runId) {
        this.readers = readers;
        this.runId = runId;
    }

    /** Starts a watch for the current caller on its stream. */
    void watch(Caller caller, StreamObserver<ReaderEvent> stream) {
        ServerCallStreamObserver<ReaderEvent> events = (ServerCallStreamObserver<ReaderEvent>) stream;
        Watcher watcher = new Watcher(caller, events);
        events.setOnCancelHandler(() -> watchers.remove(watcher));
        events.setOnReadyHandler(watcher::drain);
        synchronized (watcher) { // the snapshot is queued before any event a concurrent change offers
            watchers.add(watcher);
            watcher.offer(event(ReaderEvent.Kind.KIND_SNAPSHOT).addAllReaders(readers.visibleTo(caller.rule()))
                    .build());
        }
    }

    @Override
    public void cardEvent(CardEvent event) {
        ReaderEvent.Kind kind = switch (event.type()) {
            case READER_ADDED -> ReaderEvent.Kind.KIND_READER_ADDED;
            case READER_REMOVED -> ReaderEvent.Kind.KIND_READER_REMOVED;
            case CARD_INSERTED, CARD_REMOVED -> ReaderEvent.Kind.KIND_CARD_CHANGED;
            default -> null; // about the farm's own attachments: nothing for a client
        };
        if (kind == null || watchers.isEmpty()) {
            return;
        }
        for (Watcher watcher : watchers) {
            if (!watcher.caller.rule().allowsReader(event.readerName())) {
                continue;
            }
            Reader reader = kind == ReaderEvent.Kind.KIND_READER_REMOVED ? null
                    : readers.find(event.readerName(), watcher.caller.rule()).orElse(null);
            if (reader == null && kind != ReaderEvent.Kind.KIND_READER_REMOVED) {
                continue; // gone again, or itself remote: a removal follows or nothing is to be said
            }
            watcher.offer(event(kind).addReaders(reader != null ? reader
                    : Reader.newBuilder().setName(event.readerName()).build()).build());
        }
    }

    /** Ends every stream: the farm stops. */
    void close() {
        for (Watcher watcher : watchers) {
            watcher.end(Status.UNAVAILABLE.withDescription("the farm stops"));
        }
        watchers.clear();
    }

    int size() {
        return watchers.size();
    }

    private ReaderEvent.Builder event(ReaderEvent.Kind kind) {
        return ReaderEvent.newBuilder().setKind(kind).setSequence(sequence.incrementAndGet()).setRunId(runId);
    }

    /** One stream and its queue; the stream is only touched under the watcher's monitor. */
    private final class Watcher {
        private final Caller caller;
        private final ServerCallStreamObserver<ReaderEvent> stream;
        private final ArrayDeque<ReaderEvent> queue = new ArrayDeque<>();
        private boolean ended;

        Watcher(Caller caller, ServerCallStreamObserver<ReaderEvent> stream) {
            this.caller = caller;
            this.stream = stream;
        }

        synchronized void offer(ReaderEvent event) {
            if (ended) {
                return;
            }
            if (queue.size() >= MAX_QUEUED) {
                end(Status.RESOURCE_EXHAUSTED.withDescription("the client does not read its events; subscribe "
                        + "again for a fresh snapshot"));
                return;
            }
            queue.addLast(event);
            drain();
        }

        synchronized void drain() {
            try {
                while (!ended && !queue.isEmpty() && stream.isReady()) {
                    stream.onNext(queue.removeFirst());
                }
            } catch (RuntimeException cancelled) {
                end(null);
            }
        }

        synchronized void end(Status status) {
            if (ended) {
                return;
            }
            ended = true;
            queue.clear();
            watchers.remove(this);
            if (status != null) {
                try {
                    stream.onError(status.asRuntimeException());
                } catch (RuntimeException alreadyCancelled) {
                    // the client went first
                }
            }
        }
    }
}

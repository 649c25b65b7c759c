package org.cardmanage.remote.internal.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.cardmanage.api.UnknownReaderException;
import org.cardmanage.remote.internal.errors.WireErrors;
import org.cardmanage.remote.internal.wire.CardFarmGrpc;
import org.cardmanage.remote.internal.wire.CloseRequest;
import org.cardmanage.remote.internal.wire.CloseResponse;
import org.cardmanage.remote.internal.wire.ControlRequest;
import org.cardmanage.remote.internal.wire.ControlResponse;
import org.cardmanage.remote.internal.wire.FarmInfo;
import org.cardmanage.remote.internal.wire.GetFarmRequest;
import org.cardmanage.remote.internal.wire.ListReadersRequest;
import org.cardmanage.remote.internal.wire.ListReadersResponse;
import org.cardmanage.remote.internal.wire.LockRequest;
import org.cardmanage.remote.internal.wire.LockResponse;
import org.cardmanage.remote.internal.wire.OpenRequest;
import org.cardmanage.remote.internal.wire.Protocol;
import org.cardmanage.remote.internal.wire.Reader;
import org.cardmanage.remote.internal.wire.ReaderEvent;
import org.cardmanage.remote.internal.wire.ReconnectRequest;
import org.cardmanage.remote.internal.wire.RenewRequest;
import org.cardmanage.remote.internal.wire.RenewResponse;
import org.cardmanage.remote.internal.wire.Session;
import org.cardmanage.remote.internal.wire.ShareMode;
import org.cardmanage.remote.internal.wire.TransmitBatchRequest;
import org.cardmanage.remote.internal.wire.TransmitBatchResponse;
import org.cardmanage.remote.internal.wire.TransmitRequest;
import org.cardmanage.remote.internal.wire.TransmitResponse;
import org.cardmanage.remote.internal.wire.UnlockRequest;
import org.cardmanage.remote.internal.wire.UnlockResponse;
import org.cardmanage.remote.internal.wire.WatchReadersRequest;

import com.google.protobuf.ByteString;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/**
 * A scriptable farm behind the real gRPC service: readers and their events, an answer (or an error, or no answer) per
 * method, silence, a restart with a new run id. It records every request and counts the calls its clients cancelled
 * while it kept them waiting.
 */
final class FakeFarm implements CardFarmGrpc.Handler {
    /** An answer that never comes: the call waits until its client cancels it or its deadline passes. */
    static final Object NO_ANSWER = new Object();

    /** A scripted answer: the response message, {@link #NO_ANSWER}, or a thrown status. */
    @FunctionalInterface
    interface Responder {
        Object answer(Object request);
    }

    volatile String runId = "run-1";
    volatile long leaseMs = 10_000;
    /** When set, nothing is answered: every call and every new stream waits. */
    volatile boolean silent;
    /** When set, every stream ends right after its snapshot. */
    volatile boolean endEveryStream;

    private final Map<String, Reader> readers = new TreeMap<>(); // guarded by this
    private final List<ServerCallStreamObserver<ReaderEvent>> watchers = new CopyOnWriteArrayList<>();
    private final List<Object> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Responder> responders = new ConcurrentHashMap<>();
    final Set<String> sessions = ConcurrentHashMap.newKeySet();
    final AtomicInteger cancelled = new AtomicInteger();
    private final AtomicInteger sessionIds = new AtomicInteger();
    private final AtomicLong sequence = new AtomicLong();

    // ---- scripting -------------------------------------------------------------------------------------------------

    static Reader reader(String name, byte[] atr, long insertion) {
        Reader.Builder out = Reader.newBuilder().setName(name).setDriver("sim").setInsertion(insertion);
        if (atr != null) {
            out.setCardPresent(true).setAtr(ByteString.copyFrom(atr));
        }
        return out.build();
    }

    /** Puts a reader (new or changed) and tells the watchers. */
    synchronized void put(Reader reader) {
        boolean added = readers.put(reader.getName(), reader) == null;
        push(event(added ? ReaderEvent.Kind.KIND_READER_ADDED : ReaderEvent.Kind.KIND_CARD_CHANGED, List.of(reader)));
    }

    /** Puts readers without telling anyone: for the snapshot of the next watcher. */
    synchronized void preset(List<Reader> list) {
        list.forEach(r -> readers.put(r.getName(), r));
    }

    synchronized void remove(String name) {
        readers.remove(name);
        push(event(ReaderEvent.Kind.KIND_READER_REMOVED, List.of(Reader.newBuilder().setName(name).build())));
    }

    void respond(String method, Responder responder) {
        responders.put(method, responder);
    }

    /** The farm restarts: a new run id, every session forgotten, every stream ended. */
    synchronized void restart(String newRunId) {
        runId = newRunId;
        sessions.clear();
        for (ServerCallStreamObserver<ReaderEvent> watcher : watchers) {
            watchers.remove(watcher);
            try {
                watcher.onError(Status.UNAVAILABLE.withDescription("the farm stops").asRuntimeException());
            } catch (RuntimeException alreadyCancelled) {
                // the client went first
            }
        }
    }

    /** Ends every stream normally, as a farm may; the run goes on. */
    synchronized void endStreams() {
        for (ServerCallStreamObserver<ReaderEvent> watcher : watchers) {
            watchers.remove(watcher);
            try {
                watcher.onCompleted();
            } catch (RuntimeException alreadyCancelled) {
                // the client went first
            }
        }
    }

    /** Sends an event as it is to every watcher; under the farm's lock, so that streams see one order. */
    synchronized void push(ReaderEvent event) {
        for (ServerCallStreamObserver<ReaderEvent> watcher : watchers) {
            try {
                watcher.onNext(event);
            } catch (RuntimeException cancelled) {
                watchers.remove(watcher);
            }
        }
    }

    ReaderEvent event(ReaderEvent.Kind kind, List<Reader> list) {
        return ReaderEvent.newBuilder().setKind(kind).addAllReaders(list).setSequence(sequence.incrementAndGet())
                .setRunId(runId).build();
    }

    int watchers() {
        return watchers.size();
    }

    /** @return the requests of that type received so far */
    <T> List<T> requests(Class<T> type) {
        List<T> out = new ArrayList<>();
        requests.stream().filter(type::isInstance).forEach(r -> out.add(type.cast(r)));
        return out;
    }

    // ---- the service -----------------------------------------------------------------------------------------------

    @Override
    public void getFarm(GetFarmRequest request, StreamObserver<FarmInfo> response) {
        handle("GetFarm", request, response, r -> FarmInfo.newBuilder().setHost("fake-host").setLeaseMs(leaseMs)
                .setRunId(runId).setClientIdentity("anonymous").build());
    }

    @Override
    public void listReaders(ListReadersRequest request, StreamObserver<ListReadersResponse> response) {
        handle("ListReaders", request, response, r -> {
            synchronized (this) {
                return ListReadersResponse.newBuilder().addAllReaders(readers.values()).build();
            }
        });
    }

    @Override
    public void open(OpenRequest request, StreamObserver<Session> response) {
        handle("Open", request, response, r -> {
            Reader reader;
            synchronized (this) {
                reader = readers.get(r.getReader());
            }
            if (reader == null) {
                throw WireErrors.toStatus(new UnknownReaderException("farm has no reader '" + r.getReader() + "'"));
            }
            String id = "s-" + sessionIds.incrementAndGet();
            sessions.add(id);
            return session(id, reader, r.getShareMode());
        });
    }

    private static Session session(String id, Reader reader, ShareMode mode) {
        Session.Builder out = Session.newBuilder().setSessionId(id).setLeaseMs(10_000)
                .setInsertion(reader.getInsertion());
        if (reader.getCardPresent()) {
            out.setAtr(reader.getAtr());
            if (mode != ShareMode.SHARE_MODE_DIRECT) {
                out.setProtocol(Protocol.PROTOCOL_T1);
            }
        }
        return out.build();
    }

    @Override
    public void transmit(TransmitRequest request, StreamObserver<TransmitResponse> response) {
        handle("Transmit", request, response, r -> {
            known(r.getSessionId());
            return TransmitResponse.newBuilder().setResponse(ByteString.copyFrom(new byte[] {(byte) 0x90, 0})).build();
        });
    }

    @Override
    public void transmitBatch(TransmitBatchRequest request, StreamObserver<TransmitBatchResponse> response) {
        handle("TransmitBatch", request, response, r -> {
            throw Status.UNIMPLEMENTED.asRuntimeException();
        });
    }

    @Override
    public void control(ControlRequest request, StreamObserver<ControlResponse> response) {
        handle("Control", request, response, r -> {
            known(r.getSessionId());
            return ControlResponse.newBuilder().setData(r.getData()).build();
        });
    }

    @Override
    public void lock(LockRequest request, StreamObserver<LockResponse> response) {
        handle("Lock", request, response, r -> {
            known(r.getSessionId());
            return LockResponse.getDefaultInstance();
        });
    }

    @Override
    public void unlock(UnlockRequest request, StreamObserver<UnlockResponse> response) {
        handle("Unlock", request, response, r -> {
            known(r.getSessionId());
            return UnlockResponse.getDefaultInstance();
        });
    }

    @Override
    public void reconnect(ReconnectRequest request, StreamObserver<Session> response) {
        handle("Reconnect", request, response, r -> {
            known(r.getSessionId());
            throw Status.UNIMPLEMENTED.withDescription("script Reconnect").asRuntimeException();
        });
    }

    @Override
    public void close(CloseRequest request, StreamObserver<CloseResponse> response) {
        handle("Close", request, response, r -> {
            sessions.remove(r.getSessionId());
            return CloseResponse.getDefaultInstance();
        });
    }

    @Override
    public void renew(RenewRequest request, StreamObserver<RenewResponse> response) {
        handle("Renew", request, response, r -> RenewResponse.newBuilder().addAllUnknownSessionIds(
                r.getSessionIdsList().stream().filter(id -> !sessions.contains(id)).toList()).build());
    }

    @Override
    public void watchReaders(WatchReadersRequest request, StreamObserver<ReaderEvent> events) {
        requests.add(request);
        ServerCallStreamObserver<ReaderEvent> watcher = (ServerCallStreamObserver<ReaderEvent>) events;
        watcher.setOnCancelHandler(() -> watchers.remove(watcher));
        if (silent) {
            return;
        }
        synchronized (this) {
            watcher.onNext(event(ReaderEvent.Kind.KIND_SNAPSHOT, List.copyOf(readers.values())));
            if (endEveryStream) {
                watcher.onCompleted();
            } else {
                watchers.add(watcher);
            }
        }
    }

    private void known(String sessionId) {
        if (!sessions.contains(sessionId)) {
            throw WireErrors.unknownSession("fake-host");
        }
    }

    @SuppressWarnings("unchecked")
    private <Q, A> void handle(String method, Q request, StreamObserver<A> response, Function<Q, A> fallback) {
        requests.add(request);
        ServerCallStreamObserver<A> call = (ServerCallStreamObserver<A>) response;
        if (silent) {
            call.setOnCancelHandler(cancelled::incrementAndGet);
            return;
        }
        Object answer;
        try {
            Responder responder = responders.get(method);
            answer = responder != null ? responder.answer(request) : fallback.apply(request);
        } catch (StatusRuntimeException e) {
            response.onError(e);
            return;
        }
        if (answer == NO_ANSWER) {
            call.setOnCancelHandler(cancelled::incrementAndGet);
            return;
        }
        response.onNext((A) answer);
        response.onCompleted();
    }
}

package org.cardmanage.remote.internal.client;

import org.cardmanage.api.ReaderUnavailableException;
import org.cardmanage.remote.internal.wire.CardFarmGrpc;
import org.cardmanage.remote.internal.wire.ReaderEvent;
import org.cardmanage.remote.internal.wire.WatchReadersRequest;

import io.grpc.CallOptions;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ClientResponseObserver;

/**
 * One {@code WatchReaders} stream of a farm: hands each event and the stream's end to a {@link Listener} (the link's
 * monitor, which queues them). Rule: the client asks for one event at a time ({@link #next()} once the last one is
 * handled), so a farm that sends faster than the monitor reconciles is held back by HTTP/2 flow control instead of
 * filling this host's memory; the farm then ends the stream, and the monitor opens a new one for a fresh snapshot.
 */
final class ReaderStream implements ClientResponseObserver<WatchReadersRequest, ReaderEvent> {

    /** Where the stream's events and end go; called on the channel's executor, so it must not block. */
    interface Listener {
        void event(ReaderStream from, ReaderEvent event);

        void ended(ReaderStream from, Status status);
    }

    private final Listener listener;
    private volatile ClientCallStreamObserver<WatchReadersRequest> call;

    private ReaderStream(Listener listener) {
        this.listener = listener;
    }

    /**
     * Opens a stream; its events and its end, including a failure to start, go to the listener.
     *
     * @throws ReaderUnavailableException if the farm has no channel
     */
    static ReaderStream open(FarmChannel channel, Listener listener) throws ReaderUnavailableException {
        ReaderStream stream = new ReaderStream(listener);
        ClientCalls.asyncServerStreamingCall(channel.current().newCall(CardFarmGrpc.WATCH_READERS, CallOptions.DEFAULT),
                WatchReadersRequest.getDefaultInstance(), stream);
        return stream;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<WatchReadersRequest> requestStream) {
        call = requestStream;
        requestStream.disableAutoRequestWithInitial(1);
    }

    @Override
    public void onNext(ReaderEvent event) {
        listener.event(this, event);
    }

    @Override
    public void onError(Throwable failure) {
        listener.ended(this, Status.fromThrowable(failure));
    }

    @Override
    public void onCompleted() {
        listener.ended(this, Status.OK);
    }

    /** Asks for the next event. */
    void next() {
        call.request(1);
    }

    /** Ends the stream from this side; its end still reaches the listener. */
    void cancel() {
        call.cancel("the client stops watching", null);
    }
}

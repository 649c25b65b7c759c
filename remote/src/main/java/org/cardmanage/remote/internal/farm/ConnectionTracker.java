package org.cardmanage.remote.internal.farm;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

import io.grpc.Attributes;
import io.grpc.ServerTransportFilter;

/**
 * Numbers every connection that completed its handshake, so that a session can belong to the connection that opened
 * it, and tells the farm when a connection ends so that its sessions are closed at once rather than at lease end.
 */
final class ConnectionTracker extends ServerTransportFilter {
    /** The connection's number, among the attributes of every call on it. */
    static final Attributes.Key<Long> CONNECTION = Attributes.Key.create("cardmanage-connection");

    private final AtomicLong numbers = new AtomicLong();
    private final LongConsumer opened;
    private final LongConsumer closed;

    /**
     * @param opened told the number of each connection that is ready, before any call on it
     * @param closed told the number of each connection that ended
     */
    ConnectionTracker(LongConsumer opened, LongConsumer closed) {
        this.opened = opened;
        this.closed = closed;
    }

    @Override
    public Attributes transportReady(Attributes attributes) {
        long number = numbers.incrementAndGet();
        opened.accept(number);
        return attributes.toBuilder().set(CONNECTION, number).build();
    }

    /** A connection that never became ready (its handshake failed) ends with no attributes: it has no sessions. */
    @Override
    public void transportTerminated(Attributes attributes) {
        Long number = attributes == null ? null : attributes.get(CONNECTION);
        if (number != null) {
            closed.accept(number);
        }
    }
}

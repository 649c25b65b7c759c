package org.cardmanage.remote.internal.farm;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;

/**
 * A listening socket that closes every accepted connection beyond a bound at once, before any byte of it is read:
 * so idle, half-open or handshaking connections cannot exhaust the farm's file descriptors and threads. A connection
 * counts from its accept to its close.
 */
final class BoundedServerChannel extends NioServerSocketChannel {
    private static final System.Logger LOG = System.getLogger("org.cardmanage.remote");

    private final int maxConnections;
    private final AtomicInteger open;
    private boolean warned;

    BoundedServerChannel(int maxConnections, AtomicInteger open) {
        this.maxConnections = maxConnections;
        this.open = open;
    }

    @Override
    protected int doReadMessages(List<Object> accepted) throws Exception {
        int before = accepted.size();
        int count = super.doReadMessages(accepted);
        for (int i = accepted.size() - 1; i >= before; i--) {
            Channel child = (Channel) accepted.get(i);
            if (open.incrementAndGet() > maxConnections) {
                open.decrementAndGet();
                accepted.remove(i);
                count--;
                child.unsafe().closeForcibly();
                if (!warned) {
                    warned = true;
                    LOG.log(System.Logger.Level.WARNING, "the farm has " + maxConnections + " connections "
                            + "(max.connections): further connections are closed at once until some end (logged "
                            + "once)");
                }
            } else {
                child.closeFuture().addListener(f -> open.decrementAndGet());
            }
        }
        return count;
    }
}

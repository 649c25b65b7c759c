package org.cardmanage.remote.internal.farm;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;

/**
 * The farm's gRPC server with every bound a hostile network needs: it listens on exactly the configured address and
 * port, closes connections beyond {@code max.connections} at once, gives a handshake {@code handshake.timeout.ms},
 * limits calls per connection and request size, closes idle connections, and checks on silent peers with HTTP/2
 * pings so that a half-open connection is found and closed. A bad connection costs only itself.
 */
final class FarmServer {
    private static final AtomicInteger SERVERS = new AtomicInteger();
    /**
     * gRPC logs every request it refuses for its size as a WARNING with a stack trace: any client could fill the
     * farm's log with them. The client is told (RESOURCE_EXHAUSTED); the farm's log keeps only gRPC's SEVERE
     * records of that stream class. Held here so that the JDK keeps the logger, and its level, while the farm runs.
     */
    static final java.util.logging.Logger STREAM_LOG =
            java.util.logging.Logger.getLogger("io.grpc.netty.shaded.io.grpc.netty.NettyServerStream");

    private final Server server;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ThreadPoolExecutor calls;
    private final AtomicInteger connections = new AtomicInteger();

    /**
     * @param settings the farm's settings
     * @param tls the server's TLS context, or null for an insecure loopback farm
     * @param service the service, with its interceptors
     * @param tracker numbers connections
     */
    FarmServer(FarmSettings settings, SslContext tls, ServerServiceDefinition service, ConnectionTracker tracker) {
        FarmSettings.Limits limits = settings.limits();
        STREAM_LOG.setLevel(java.util.logging.Level.SEVERE);
        int number = SERVERS.incrementAndGet();
        boss = new NioEventLoopGroup(1, daemon("cardmanage-farm-accept-" + number));
        workers = new NioEventLoopGroup(Math.min(4, Runtime.getRuntime().availableProcessors()),
                daemon("cardmanage-farm-io-" + number));
        int maxCalls = limits.maxConnections() * limits.maxCallsPerConnection();
        calls = new ThreadPoolExecutor(maxCalls, maxCalls, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                daemon("cardmanage-farm-call-" + number));
        calls.allowCoreThreadTimeOut(true);
        int maxConnections = limits.maxConnections();
        NettyServerBuilder builder = NettyServerBuilder
                .forAddress(new InetSocketAddress(settings.bindAddress(), settings.port()))
                .channelFactory(() -> new BoundedServerChannel(maxConnections, connections))
                .bossEventLoopGroup(boss)
                .workerEventLoopGroup(workers)
                .executor(calls)
                .addService(service)
                .addTransportFilter(tracker)
                .maxInboundMessageSize(limits.maxMessageBytes())
                .maxInboundMetadataSize(16 * 1024)
                .maxConcurrentCallsPerConnection(limits.maxCallsPerConnection())
                .maxConnectionIdle(limits.idleTimeoutMs(), TimeUnit.MILLISECONDS)
                .handshakeTimeout(limits.handshakeTimeoutMs(), TimeUnit.MILLISECONDS)
                .keepAliveTime(Math.max(10_000, settings.leaseMs()), TimeUnit.MILLISECONDS)
                .keepAliveTimeout(Math.max(5_000, settings.leaseMs() / 2), TimeUnit.MILLISECONDS)
                .permitKeepAliveTime(10, TimeUnit.SECONDS)
                .permitKeepAliveWithoutCalls(false);
        if (tls != null) {
            builder.sslContext(tls);
        }
        server = builder.build();
    }

    /** @throws IOException if the address and port cannot be bound (in use, not an address of this host) */
    void start() throws IOException {
        try {
            server.start();
        } catch (IOException | RuntimeException e) {
            stop();
            throw e;
        }
    }

    /** @return the port listened on */
    int port() {
        return server.getPort();
    }

    /** @return the connections open now, handshaking or not */
    int connections() {
        return connections.get();
    }

    /** Stops listening and closes every connection; waits a bounded time for calls to end. */
    void stop() {
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        calls.shutdownNow();
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private static java.util.concurrent.ThreadFactory daemon(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread thread = new Thread(r, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}

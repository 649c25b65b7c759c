package org.cardmanage.remote.internal.client;

import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.cardmanage.api.ReaderUnavailableException;
import org.cardmanage.remote.internal.tls.TlsContexts;
import org.cardmanage.remote.internal.tls.TlsSetupException;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;

/**
 * The one gRPC channel (one HTTP/2 connection) to one farm, reused by every call, and the small executor its
 * callbacks run on. Rules:
 * <ul>
 * <li>Built with {@link NettyChannelBuilder} directly, never {@code ManagedChannelBuilder}: its ServiceLoader lookup
 * does not work in OSGi.</li>
 * <li>TLS 1.3 with this host's certificate ({@link TlsContexts#client}), the farm's certificate checked against the
 * configured server name; plaintext only for {@code insecure.loopback.only}, to the pinned loopback address.</li>
 * <li>Answers are bounded by {@code max.message.bytes} and 16 KiB of metadata; TCP_NODELAY is on.</li>
 * <li>Its threads are its own (an event loop and the call executor, also gRPC's offload executor), stopped by
 * {@link #close()}: none of gRPC's process-wide shared threads runs this bundle's classes after it stopped.</li>
 * <li>The TLS context is made once, by the constructor: PEM files that cannot be used are a
 * {@link TlsSetupException}, and the configuration is refused ({@link TlsContexts} picks up renewed files at later
 * handshakes by itself). The channel is made by the link's monitor ({@link #connect()}), so that a farm whose name
 * does not resolve yet is retried, and {@link #discard() discarded} when the farm stayed silent for a whole lease:
 * the next connection resolves the name again and does not wait behind a dead TCP connection.</li>
 * </ul>
 */
final class FarmChannel implements AutoCloseable {
    /** The most metadata (headers, trailers) an answer may carry. */
    static final int MAX_METADATA_BYTES = 16 * 1024;

    private static final AtomicInteger CHANNELS = new AtomicInteger();

    private final ClientSettings settings;
    private final SslContext tls;
    private final ExecutorService executor;
    private final EventLoopGroup eventLoop;
    private final Object lock = new Object();
    private ManagedChannel channel; // guarded by lock
    private boolean closed; // guarded by lock

    /**
     * @param settings the farm's settings
     * @throws TlsSetupException if the PEM files cannot be used
     */
    FarmChannel(ClientSettings settings) throws TlsSetupException {
        this.settings = settings;
        this.tls = settings.insecure() ? null
                : TlsContexts.client(settings.tls().certificate(), settings.tls().key(), settings.tls().ca());
        this.executor = Executors.newFixedThreadPool(2,
                daemon("cardmanage-remote-" + settings.farmName() + "-" + CHANNELS.incrementAndGet() + "-call-"));
        this.eventLoop = new NioEventLoopGroup(1, daemon("cardmanage-remote-" + settings.farmName() + "-io-"));
    }

    /**
     * @return the channel, for a call
     * @throws ReaderUnavailableException if there is none (not yet made, discarded, or closed)
     */
    ManagedChannel current() throws ReaderUnavailableException {
        synchronized (lock) {
            if (channel == null) {
                throw new ReaderUnavailableException("farm '" + settings.farmName() + "' is not connected"
                        + (closed ? " (no longer configured)" : ""));
            }
            return channel;
        }
    }

    /**
     * Makes the channel if there is none; only the link's monitor calls this (it may wait for DNS).
     *
     * @throws ReaderUnavailableException if the farm's name does not resolve, or the channel is closed
     */
    void connect() throws ReaderUnavailableException {
        ManagedChannel existing;
        synchronized (lock) {
            if (closed) {
                throw new ReaderUnavailableException("farm '" + settings.farmName() + "' is no longer configured");
            }
            existing = channel;
        }
        if (existing != null) {
            existing.resetConnectBackoff(); // the link retries at its own pace, not gRPC's (up to two minutes)
            return;
        }
        InetSocketAddress address = settings.insecure()
                ? new InetSocketAddress(settings.loopback(), settings.port())
                : new InetSocketAddress(settings.host(), settings.port());
        if (address.isUnresolved()) {
            throw new ReaderUnavailableException("farm '" + settings.farmName() + "': the host of address '"
                    + settings.address() + "' does not resolve");
        }
        NettyChannelBuilder builder = NettyChannelBuilder.forAddress(address)
                .overrideAuthority(settings.authority())
                .executor(executor)
                .offloadExecutor(executor)
                .eventLoopGroup(eventLoop)
                .channelType(NioSocketChannel.class)
                .maxInboundMessageSize(settings.maxMessageBytes())
                .maxInboundMetadataSize(MAX_METADATA_BYTES)
                .withOption(ChannelOption.TCP_NODELAY, true);
        if (tls == null) {
            builder.usePlaintext();
        } else {
            builder.sslContext(tls);
        }
        ManagedChannel made = builder.build();
        synchronized (lock) {
            if (channel == null && !closed) {
                channel = made;
                return;
            }
        }
        made.shutdownNow();
    }

    /** Drops the channel: calls in flight on it fail, the next {@link #connect()} makes a new one. */
    void discard() {
        ManagedChannel old;
        synchronized (lock) {
            old = channel;
            channel = null;
        }
        if (old != null) {
            old.shutdownNow();
        }
    }

    /** Drops the channel for good and stops its threads. */
    @Override
    public void close() {
        ManagedChannel old;
        synchronized (lock) {
            closed = true;
            old = channel;
            channel = null;
        }
        if (old != null) {
            old.shutdownNow();
            try {
                old.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        executor.shutdownNow();
        eventLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread thread = new Thread(r, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}

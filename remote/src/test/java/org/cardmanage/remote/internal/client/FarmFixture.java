package org.cardmanage.remote.internal.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.cardmanage.remote.internal.tls.TlsSetupException;
import org.cardmanage.remote.internal.wire.CardFarmGrpc;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;

/**
 * A {@link FakeFarm} served by a real gRPC server on loopback, in plaintext (the client's insecure.loopback.only
 * path) unless given a TLS context, a {@link RecordingContext}, and the client's link to the farm as farm
 * {@code lab}.
 */
final class FarmFixture implements AutoCloseable {
    final FakeFarm farm = new FakeFarm();
    final RecordingContext registry = new RecordingContext();
    private final SslContext tls;
    private Server server;
    private int port;
    private FarmLink link;

    FarmFixture() throws IOException {
        this(null);
    }

    /** @param tls the farm's TLS context; null for plaintext */
    FarmFixture(SslContext tls) throws IOException {
        this.tls = tls;
        startServer(0);
    }

    private void startServer(int onPort) throws IOException {
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", onPort))
                .addService(CardFarmGrpc.bind(farm));
        if (tls != null) {
            builder.sslContext(tls);
        }
        server = builder.build().start();
        port = server.getPort();
    }

    /** Stops the server: connections close, new ones are refused. */
    void stopServer() {
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Serves the same farm again on the same port. */
    void restartServer() throws IOException {
        startServer(port);
    }

    int port() {
        return port;
    }

    /** @return the client's properties for this farm, with the extra key-value pairs */
    Map<String, Object> properties(Object... extra) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("address", "127.0.0.1:" + port);
        properties.put("farm.name", "lab");
        properties.put("insecure.loopback.only", "true");
        properties.put("call.timeout.ms", "2000");
        for (int i = 0; i < extra.length; i += 2) {
            properties.put((String) extra[i], extra[i + 1]);
        }
        return properties;
    }

    /** Starts the link with the extra properties. */
    FarmLink link(Object... extra) throws TlsSetupException {
        ClientSettings settings = ClientSettings.read(properties(extra));
        link = new FarmLink(registry.context, settings, new FarmChannel(settings));
        link.start();
        return link;
    }

    /** @return the live registration of the reader, once it is there */
    RecordingContext.Registration awaitReader(String name) {
        Await.until("reader '" + name + "' registered", () -> registry.live(name) != null);
        return registry.live(name);
    }

    void awaitGone(String name) {
        Await.until("reader '" + name + "' unregistered", () -> registry.live(name) == null);
    }

    @Override
    public void close() {
        if (link != null) {
            link.close();
        }
        stopServer();
    }
}

package org.cardmanage.remote.internal.tls;

import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import io.grpc.netty.shaded.io.netty.buffer.ByteBufAllocator;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;

/**
 * A TLS handshake between two engines, driven in memory: no sockets, no threads, no event loop. The engines are
 * those that gRPC's Netty transport would use, from the {@link SslContext}s under test.
 */
final class Handshake {
    enum Side { CLIENT, SERVER }

    /**
     * How it went.
     *
     * @param client the client's engine
     * @param server the server's engine
     * @param failedSide the side whose engine threw first, null if the handshake completed
     * @param failure what it threw
     */
    record Result(SSLEngine client, SSLEngine server, Side failedSide, SSLException failure) {
        boolean succeeded() {
            return failure == null;
        }

        SSLSession clientSession() {
            return client.getSession();
        }

        SSLSession serverSession() {
            return server.getSession();
        }

        /** The certificate the server presented. */
        X509Certificate serverCertificate() throws SSLPeerUnverifiedException {
            if (failure != null) {
                throw new AssertionError("the handshake failed on the " + failedSide + " side", failure);
            }
            return (X509Certificate) client.getSession().getPeerCertificates()[0];
        }
    }

    private static final AtomicInteger PORTS = new AtomicInteger(40000);

    private Handshake() {
    }

    /**
     * A handshake with a client engine for {@code host}. Each call uses another port, so the client never resumes a
     * session of an earlier handshake and every handshake goes through the key and trust managers.
     */
    static Result between(SslContext client, String host, SslContext server) {
        return between(client, host, PORTS.getAndIncrement(), server);
    }

    /** A handshake with a client engine for {@code host} and {@code port}: the client may offer an earlier session. */
    static Result between(SslContext client, String host, int port, SslContext server) {
        SSLEngine clientEngine = client.newEngine(ByteBufAllocator.DEFAULT, host, port);
        SSLEngine serverEngine = server.newEngine(ByteBufAllocator.DEFAULT);
        return run(clientEngine, serverEngine);
    }

    static Result run(SSLEngine client, SSLEngine server) {
        int packet = Math.max(client.getSession().getPacketBufferSize(), server.getSession().getPacketBufferSize());
        ByteBuffer toServer = ByteBuffer.allocate(8 * packet);
        ByteBuffer toClient = ByteBuffer.allocate(8 * packet);
        ByteBuffer application = ByteBuffer.allocate(
                2 * Math.max(client.getSession().getApplicationBufferSize(),
                        server.getSession().getApplicationBufferSize()));
        try {
            client.beginHandshake();
            server.beginHandshake();
        } catch (SSLException e) {
            throw new AssertionError("cannot begin the handshake", e);
        }
        for (int round = 0; round < 100; round++) {
            try {
                step(client, toClient, toServer, application);
            } catch (SSLException e) {
                return new Result(client, server, Side.CLIENT, e);
            }
            try {
                step(server, toServer, toClient, application);
            } catch (SSLException e) {
                return new Result(client, server, Side.SERVER, e);
            }
            if (idle(client) && idle(server) && toServer.position() == 0 && toClient.position() == 0) {
                return new Result(client, server, null, null);
            }
        }
        throw new AssertionError("the handshake did not end within 100 rounds");
    }

    /** Reads what came in, then writes what the engine wants to send. Both buffers are kept ready for writing. */
    private static void step(SSLEngine engine, ByteBuffer in, ByteBuffer out, ByteBuffer application)
            throws SSLException {
        in.flip();
        while (in.hasRemaining()) {
            SSLEngineResult result = engine.unwrap(in, application);
            runTasks(engine);
            application.clear();
            if (result.getStatus() != SSLEngineResult.Status.OK
                    || result.bytesConsumed() == 0 && result.bytesProduced() == 0) {
                break;
            }
        }
        in.compact();
        while (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
            SSLEngineResult result = engine.wrap(ByteBuffer.allocate(0), out);
            runTasks(engine);
            if (result.getStatus() != SSLEngineResult.Status.OK) {
                break;
            }
        }
    }

    private static void runTasks(SSLEngine engine) {
        for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) {
            task.run();
        }
    }

    private static boolean idle(SSLEngine engine) {
        return engine.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING;
    }
}

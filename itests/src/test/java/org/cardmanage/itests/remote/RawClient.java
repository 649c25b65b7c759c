package org.cardmanage.itests.remote;

import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import javax.net.ssl.SSLException;

import org.cardmanage.remote.internal.wire.CardFarmGrpc;
import org.cardmanage.remote.internal.wire.CloseRequest;
import org.cardmanage.remote.internal.wire.Disposition;
import org.cardmanage.remote.internal.wire.FarmInfo;
import org.cardmanage.remote.internal.wire.GetFarmRequest;
import org.cardmanage.remote.internal.wire.ListReadersRequest;
import org.cardmanage.remote.internal.wire.LockRequest;
import org.cardmanage.remote.internal.wire.OpenRequest;
import org.cardmanage.remote.internal.wire.Protocol;
import org.cardmanage.remote.internal.wire.Reader;
import org.cardmanage.remote.internal.wire.RenewRequest;
import org.cardmanage.remote.internal.wire.ShareMode;
import org.cardmanage.remote.internal.wire.TransmitRequest;

import com.google.protobuf.ByteString;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.stub.ClientCalls;

/**
 * A network peer of the farm that is not the remote bundle: a plain gRPC channel speaking the contract
 * ({@code card_farm.proto}) with whatever certificate a test gives it, or none. Each instance is one HTTP/2
 * connection. Calls block with a deadline and throw gRPC's {@link StatusRuntimeException}; {@link #status} turns a
 * call into the status it ended with.
 */
public final class RawClient implements AutoCloseable {
    private static final long DEADLINE_MS = 10_000;
    private static final HexFormat HEX = HexFormat.of();

    private final EventLoopGroup loop;
    private final ManagedChannel channel;

    /** @param loop the client's own NIO event loop (see {@link RemoteOptions}: never the native epoll one) */
    private RawClient(EventLoopGroup loop, NettyChannelBuilder builder) {
        this.loop = loop;
        this.channel = builder.eventLoopGroup(loop).channelType(NioSocketChannel.class).build();
    }

    private static EventLoopGroup loop() {
        return new NioEventLoopGroup(1, runnable -> {
            Thread thread = new Thread(runnable, "itest-raw-client");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** A client presenting {@code client}'s certificate of {@code pki}, trusting the farm's CA {@code farmPki}. */
    public static RawClient tls(int port, TestPki pki, String client, TestPki farmPki) {
        return tls(port, GrpcSslContexts.forClient().keyManager(pki.certificate(client).toFile(),
                pki.key(client).toFile()).trustManager(farmPki.ca().toFile()));
    }

    /** A client of the farm's own PKI presenting {@code client}'s certificate. */
    public static RawClient tls(int port, TestPki pki, String client) {
        return tls(port, pki, client, pki);
    }

    /** A client that checks the farm's certificate but presents none of its own. */
    public static RawClient withoutCertificate(int port, TestPki farmPki) {
        return tls(port, GrpcSslContexts.forClient().trustManager(farmPki.ca().toFile()));
    }

    /** A plaintext client, for an insecure loopback farm. */
    public static RawClient plaintext(int port) {
        return new RawClient(loop(), NettyChannelBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
                .usePlaintext());
    }

    private static RawClient tls(int port, SslContextBuilder builder) {
        SslContext tls;
        try {
            tls = builder.protocols("TLSv1.3").build();
        } catch (SSLException e) {
            throw new AssertionError("cannot build the test client's TLS context", e);
        }
        return new RawClient(loop(), NettyChannelBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
                .sslContext(tls));
    }

    /** @return the channel, for calls of a test's own */
    public ManagedChannel channel() {
        return channel;
    }

    /** One unary call with the client's deadline. */
    public <Q, A> A call(MethodDescriptor<Q, A> method, Q request) {
        return ClientCalls.blockingUnaryCall(channel, method,
                CallOptions.DEFAULT.withDeadlineAfter(DEADLINE_MS, TimeUnit.MILLISECONDS), request);
    }

    public FarmInfo farm() {
        return call(CardFarmGrpc.GET_FARM, GetFarmRequest.getDefaultInstance());
    }

    /** @return the names of the readers the farm shows this client */
    public List<String> readers() {
        return call(CardFarmGrpc.LIST_READERS, ListReadersRequest.getDefaultInstance()).getReadersList().stream()
                .map(Reader::getName).toList();
    }

    /** Opens a SHARED T=0/T=1 session; @return its id */
    public String open(String reader) {
        return call(CardFarmGrpc.OPEN, OpenRequest.newBuilder().setReader(reader)
                .setShareMode(ShareMode.SHARE_MODE_SHARED).addProtocols(Protocol.PROTOCOL_T0)
                .addProtocols(Protocol.PROTOCOL_T1).build()).getSessionId();
    }

    /** @return the response APDU, data and SW1 SW2 */
    public byte[] transmit(String session, byte[] command) {
        return call(CardFarmGrpc.TRANSMIT, TransmitRequest.newBuilder().setSessionId(session)
                .setCommand(ByteString.copyFrom(command)).build()).getResponse().toByteArray();
    }

    /** @return the status word of the answer to a command given as hex */
    public int sw(String session, String commandHex) {
        byte[] response = transmit(session, HEX.parseHex(commandHex.replace(" ", "")));
        return ((response[response.length - 2] & 0xFF) << 8) | (response[response.length - 1] & 0xFF);
    }

    public void lock(String session, long timeoutMs) {
        call(CardFarmGrpc.LOCK, LockRequest.newBuilder().setSessionId(session).setTimeoutMs(timeoutMs).build());
    }

    public void close(String session) {
        call(CardFarmGrpc.CLOSE, CloseRequest.newBuilder().setSessionId(session)
                .setDisposition(Disposition.DISPOSITION_LEAVE).build());
    }

    /** @return the ids among these that the farm does not know for this client */
    public List<String> renew(String... sessions) {
        return call(CardFarmGrpc.RENEW, RenewRequest.newBuilder().addAllSessionIds(List.of(sessions)).build())
                .getUnknownSessionIdsList();
    }

    /** @return the status the call ended with: OK if it succeeded */
    public static Status.Code status(Supplier<?> call) {
        try {
            call.get();
            return Status.Code.OK;
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode();
        }
    }

    /** @return the failure the call ended with; fails the test if it succeeded */
    public static StatusRuntimeException failure(Supplier<?> call) {
        try {
            Object answer = call.get();
            throw new AssertionError("the call succeeded: " + answer);
        } catch (StatusRuntimeException e) {
            return e;
        }
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}

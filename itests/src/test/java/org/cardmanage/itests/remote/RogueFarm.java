package org.cardmanage.itests.remote;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLException;

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
import org.cardmanage.remote.internal.wire.TransmitBatchRequest;
import org.cardmanage.remote.internal.wire.TransmitBatchResponse;
import org.cardmanage.remote.internal.wire.TransmitRequest;
import org.cardmanage.remote.internal.wire.TransmitResponse;
import org.cardmanage.remote.internal.wire.UnlockRequest;
import org.cardmanage.remote.internal.wire.UnlockResponse;
import org.cardmanage.remote.internal.wire.WatchReadersRequest;

import com.google.protobuf.ByteString;

import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;

/**
 * A farm that is not the remote bundle: a gRPC server of the contract in the test JVM, with the test PKI's farm
 * certificate and client CA, serving one reader {@code Sim Reader 0} with a card, and answering {@code Transmit} with
 * raw bytes of its choice. A command {@code 00 CA 00 P2} (GET DATA) picks the answer by P2:
 * {@link #OVERSIZE} an answer of {@code size} bytes, {@link #SHORT} a one-byte response without SW2, {@link #GARBAGE}
 * bytes that are no protobuf message; any other command is answered 9000.
 */
final class RogueFarm implements CardFarmGrpc.Handler, AutoCloseable {
    static final String READER = "Sim Reader 0";
    static final int OVERSIZE = 0x01;
    static final int SHORT = 0x02;
    static final int GARBAGE = 0x03;

    private static final String RUN = "rogue-run-1";
    private static final long LEASE_MS = 3000;
    /** A field 1 (bytes) whose length varint never ends: no parser accepts it. */
    private static final byte[] NOT_PROTOBUF = {0x0A, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
        (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};

    private final byte[] atr;
    private final int oversizeBytes;
    private final EventLoopGroup loop = new NioEventLoopGroup(1, runnable -> {
        Thread thread = new Thread(runnable, "itest-rogue-farm");
        thread.setDaemon(true);
        return thread;
    });
    private final Server server;
    private final AtomicInteger sessions = new AtomicInteger();
    private final AtomicInteger transmits = new AtomicInteger();
    private final List<String> closed = new CopyOnWriteArrayList<>();
    private final List<StreamObserver<ReaderEvent>> watchers = new CopyOnWriteArrayList<>();

    /**
     * @param pki its certificate ({@code farm.pem}) and the CA its clients must have
     * @param atr the ATR of its card
     * @param oversizeBytes the size of the oversize answer's APDU
     */
    RogueFarm(TestPki pki, byte[] atr, int oversizeBytes) {
        this.atr = atr.clone();
        this.oversizeBytes = oversizeBytes;
        ServerServiceDefinition contract = CardFarmGrpc.bind(this);
        ServerServiceDefinition.Builder service = ServerServiceDefinition.builder(CardFarmGrpc.SERVICE);
        for (ServerMethodDefinition<?, ?> method : contract.getMethods()) {
            if (!method.getMethodDescriptor().getFullMethodName().equals(CardFarmGrpc.TRANSMIT.getFullMethodName())) {
                service.addMethod(method);
            }
        }
        service.addMethod(CardFarmGrpc.TRANSMIT.toBuilder(CardFarmGrpc.TRANSMIT.getRequestMarshaller(), RAW).build(),
                ServerCalls.asyncUnaryCall(this::rawTransmit));
        try {
            // its own NIO event loop, never the native epoll transport (see RemoteOptions)
            server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                    .bossEventLoopGroup(loop).workerEventLoopGroup(loop).channelType(NioServerSocketChannel.class)
                    .sslContext(GrpcSslContexts.forServer(pki.farmCertificate().toFile(), pki.farmKey().toFile())
                            .trustManager(pki.ca().toFile()).clientAuth(ClientAuth.REQUIRE).protocols("TLSv1.3")
                            .build())
                    .addService(service.build())
                    .build().start();
        } catch (SSLException e) {
            throw new AssertionError("cannot set up the rogue farm's TLS", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the rogue farm", e);
        }
    }

    /** Response bytes as they are: what the farm puts on the wire for a Transmit answer. */
    private static final MethodDescriptor.Marshaller<byte[]> RAW = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    int port() {
        return server.getPort();
    }

    /** @return how many Transmit calls reached this farm */
    int transmits() {
        return transmits.get();
    }

    /** @return the session ids the client closed */
    List<String> closed() {
        return List.copyOf(closed);
    }

    private void rawTransmit(TransmitRequest request, StreamObserver<byte[]> response) {
        transmits.incrementAndGet();
        byte[] command = request.getCommand().toByteArray();
        boolean getData = command.length >= 4 && command[1] == (byte) 0xCA;
        int choice = getData ? command[3] & 0xFF : 0;
        byte[] answer = switch (choice) {
            case OVERSIZE -> {
                byte[] apdu = new byte[oversizeBytes];
                apdu[oversizeBytes - 2] = (byte) 0x90;
                yield message(apdu);
            }
            case SHORT -> message(new byte[] {(byte) 0x90});
            case GARBAGE -> NOT_PROTOBUF.clone();
            default -> message(new byte[] {(byte) 0x90, 0x00});
        };
        response.onNext(answer);
        response.onCompleted();
    }

    private static byte[] message(byte[] apdu) {
        return TransmitResponse.newBuilder().setResponse(ByteString.copyFrom(apdu)).build().toByteArray();
    }

    private Reader reader() {
        return Reader.newBuilder().setName(READER).setDriver("sim").setCardPresent(true)
                .setAtr(ByteString.copyFrom(atr)).setInsertion(1).build();
    }

    @Override
    public void getFarm(GetFarmRequest request, StreamObserver<FarmInfo> response) {
        reply(response, FarmInfo.newBuilder().setHost("rogue").setLeaseMs(LEASE_MS).setRunId(RUN)
                .setClientIdentity("cn=app-1").build());
    }

    @Override
    public void listReaders(ListReadersRequest request, StreamObserver<ListReadersResponse> response) {
        reply(response, ListReadersResponse.newBuilder().addReaders(reader()).build());
    }

    @Override
    public void open(OpenRequest request, StreamObserver<Session> response) {
        reply(response, Session.newBuilder().setSessionId("rogue-session-" + sessions.incrementAndGet())
                .setLeaseMs(LEASE_MS).setAtr(ByteString.copyFrom(atr)).setProtocol(Protocol.PROTOCOL_T1)
                .setInsertion(1).build());
    }

    @Override
    public void transmit(TransmitRequest request, StreamObserver<TransmitResponse> response) {
        throw new IllegalStateException("Transmit is served raw, by rawTransmit");
    }

    @Override
    public void transmitBatch(TransmitBatchRequest request, StreamObserver<TransmitBatchResponse> response) {
        reply(response, TransmitBatchResponse.getDefaultInstance());
    }

    @Override
    public void control(ControlRequest request, StreamObserver<ControlResponse> response) {
        reply(response, ControlResponse.getDefaultInstance());
    }

    @Override
    public void lock(LockRequest request, StreamObserver<LockResponse> response) {
        reply(response, LockResponse.getDefaultInstance());
    }

    @Override
    public void unlock(UnlockRequest request, StreamObserver<UnlockResponse> response) {
        reply(response, UnlockResponse.getDefaultInstance());
    }

    @Override
    public void reconnect(ReconnectRequest request, StreamObserver<Session> response) {
        reply(response, Session.newBuilder().setSessionId(request.getSessionId()).setLeaseMs(LEASE_MS)
                .setAtr(ByteString.copyFrom(atr)).setProtocol(Protocol.PROTOCOL_T1).setInsertion(1).build());
    }

    @Override
    public void close(CloseRequest request, StreamObserver<CloseResponse> response) {
        closed.add(request.getSessionId());
        reply(response, CloseResponse.getDefaultInstance());
    }

    @Override
    public void renew(RenewRequest request, StreamObserver<RenewResponse> response) {
        reply(response, RenewResponse.getDefaultInstance());
    }

    @Override
    public void watchReaders(WatchReadersRequest request, StreamObserver<ReaderEvent> events) {
        watchers.add(events);
        events.onNext(ReaderEvent.newBuilder().setKind(ReaderEvent.Kind.KIND_SNAPSHOT).addReaders(reader())
                .setSequence(1).setRunId(RUN).build());
    }

    private static <A> void reply(StreamObserver<A> response, A answer) {
        response.onNext(answer);
        response.onCompleted();
    }

    @Override
    public void close() {
        for (StreamObserver<ReaderEvent> watcher : watchers) {
            try {
                watcher.onCompleted();
            } catch (RuntimeException alreadyGone) {
                // the client cancelled its watch first
            }
        }
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}

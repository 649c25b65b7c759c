package org.cardmanage.remote.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.grpc.CallOptions;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contexts in a real gRPC server and channel over loopback: what the farm and client packages will do. */
class GrpcMutualTlsTest {
    private static final Context.Key<PeerIdentity> PEER = Context.key("peer");
    private static final MethodDescriptor<String, String> WHO_AM_I = MethodDescriptor.<String, String>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName("cardmanage.test.Echo/WhoAmI")
            .setRequestMarshaller(new Utf8())
            .setResponseMarshaller(new Utf8())
            .build();

    @TempDir
    static Path shared;

    private static TestPki pki;
    private static TestPki other;

    private final List<ManagedChannel> channels = new ArrayList<>();
    private Server server;

    @BeforeAll
    static void makePkis() {
        pki = TestPki.make(shared.resolve("pki"), "--client", "alice");
        other = TestPki.make(shared.resolve("other"), "--client", "mallory");
    }

    @BeforeEach
    void startFarm() throws Exception {
        ServerServiceDefinition echo = ServerServiceDefinition.builder("cardmanage.test.Echo")
                .addMethod(WHO_AM_I, ServerCalls.asyncUnaryCall((request, response) -> {
                    response.onNext(String.join(",", PEER.get().names()));
                    response.onCompleted();
                }))
                .build();
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .sslContext(TlsContexts.server(pki.farmCertificate(), pki.farmKey(), pki.ca()))
                .addService(ServerInterceptors.intercept(echo, new PeerInterceptor()))
                .build()
                .start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (ManagedChannel channel : channels) {
            channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
        server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }

    @Test
    void farmKnowsWhoCalls() throws Exception {
        ManagedChannel channel = channel("localhost", TlsContexts.client(pki.clientCertificate("alice"),
                pki.clientKey("alice"), pki.ca()));

        assertThat(call(channel)).isEqualTo("cn=alice,dns=alice,subject=CN=alice");
    }

    @Test
    void clientRefusesFarmThatIsNotTheNamedHost() throws Exception {
        ManagedChannel channel = channel("farm.elsewhere.example", TlsContexts.client(
                pki.clientCertificate("alice"), pki.clientKey("alice"), pki.ca()));

        StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class, () -> call(channel));

        assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(failure).hasStackTraceContaining("No subject alternative DNS name matching farm.elsewhere.example");
    }

    @Test
    void farmRefusesClientOfAnotherCa() throws Exception {
        ManagedChannel channel = channel("localhost", TlsContexts.client(other.clientCertificate("mallory"),
                other.clientKey("mallory"), pki.ca()));

        StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class, () -> call(channel));

        assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    }

    /** A channel to the farm that checks the farm's certificate against {@code authority}. */
    private ManagedChannel channel(String authority, SslContext context) {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort())
                .overrideAuthority(authority + ":" + server.getPort())
                .sslContext(context)
                .build();
        channels.add(channel);
        return channel;
    }

    private static String call(ManagedChannel channel) {
        return ClientCalls.blockingUnaryCall(channel, WHO_AM_I, CallOptions.DEFAULT.withDeadlineAfter(20,
                TimeUnit.SECONDS), "who am I?");
    }

    /** What a farm's policy would do: the identity of the verified TLS session, for the call's handlers. */
    private static final class PeerInterceptor implements ServerInterceptor {
        @Override
        public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                ServerCallHandler<Q, A> next) {
            PeerIdentity peer = PeerIdentity.of(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION))
                    .orElse(null);
            if (peer == null) {
                call.close(Status.UNAUTHENTICATED.withDescription("no client certificate"), new Metadata());
                return new ServerCall.Listener<>() {
                };
            }
            return Contexts.interceptCall(Context.current().withValue(PEER, peer), call, headers, next);
        }
    }

    private static final class Utf8 implements MethodDescriptor.Marshaller<String> {
        @Override
        public InputStream stream(String value) {
            return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String parse(InputStream stream) {
            try {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}

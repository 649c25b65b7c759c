package org.cardmanage.remote.internal.farm;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.cardmanage.remote.internal.policy.ClientPolicy;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;

/**
 * A farm on loopback without TLS (the insecure.loopback.only mode, every client {@code anonymous}) on a
 * {@link FakeCards}, with plain gRPC channels to it: what the farm's service tests talk to.
 */
final class PlainFarm implements AutoCloseable {
    final FakeCards cards = new FakeCards();
    final Farm farm;

    PlainFarm(long leaseMs, String... rules) throws Exception {
        this(leaseMs, new FarmSettings.Limits(8, 4, 64 * 1024, 5_000, 60_000, 2_000), rules);
    }

    PlainFarm(long leaseMs, FarmSettings.Limits limits, String... rules) throws Exception {
        FarmSettings settings = new FarmSettings("test-farm", InetAddress.getLoopbackAddress(), 0, leaseMs, null,
                ClientPolicy.parse(List.of(rules)), limits);
        farm = new Farm(settings, null, cards);
        farm.start();
    }

    /** @return a new channel, that is a new connection, to the farm */
    ManagedChannel connect() {
        return NettyChannelBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), farm.port()))
                .usePlaintext().build();
    }

    static <Q, A> A call(ManagedChannel channel, MethodDescriptor<Q, A> method, Q request) {
        return ClientCalls.blockingUnaryCall(channel, method,
                CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS), request);
    }

    @Override
    public void close() {
        farm.close();
    }
}

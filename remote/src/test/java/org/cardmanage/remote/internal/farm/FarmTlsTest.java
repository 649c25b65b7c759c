package org.cardmanage.remote.internal.farm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.cardmanage.remote.internal.farm.PlainFarm.call;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;

import org.cardmanage.remote.internal.policy.ClientPolicy;
import org.cardmanage.remote.internal.tls.TestPki;
import org.cardmanage.remote.internal.tls.TlsContexts;
import org.cardmanage.remote.internal.wire.CardFarmGrpc;
import org.cardmanage.remote.internal.wire.GetFarmRequest;
import org.cardmanage.remote.internal.wire.ListReadersRequest;
import org.cardmanage.remote.internal.wire.OpenRequest;
import org.cardmanage.remote.internal.wire.Protocol;
import org.cardmanage.remote.internal.wire.ShareMode;
import org.cardmanage.remote.internal.wire.TransmitRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.protobuf.ByteString;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;

/** The farm over mutual TLS: who a client is comes from its certificate, and decides everything. */
class FarmTlsTest {
    @TempDir
    Path dir;

    private final FakeCards cards = new FakeCards();
    private TestPki pki;
    private Farm farm;

    @BeforeEach
    void start() throws Exception {
        pki = TestPki.make(dir.resolve("lab"), "--client", "alice", "--client", "bob", "--client", "mallory",
                "--expired-client", "old");
        FarmSettings settings = new FarmSettings("tls-farm", InetAddress.getLoopbackAddress(), 0, 10_000,
                new FarmSettings.TlsFiles(pki.farmCertificate(), pki.farmKey(), pki.ca()),
                ClientPolicy.parse(List.of("cn=alice | readers=Sim Reader * | sessions=1",
                        "dns=bob | readers=*", "cn=old | readers=*")),
                new FarmSettings.Limits(8, 4, 64 * 1024, 5_000, 60_000, 2_000));
        farm = new Farm(settings, TlsContexts.server(pki.farmCertificate(), pki.farmKey(), pki.ca()), cards);
        farm.start();
    }

    @AfterEach
    void stop() {
        farm.close();
    }

    private ManagedChannel as(TestPki from, String client) throws Exception {
        return NettyChannelBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), farm.port()))
                .overrideAuthority("localhost")
                .sslContext(TlsContexts.client(from.clientCertificate(client), from.clientKey(client), pki.ca()))
                .build();
    }

    /** A client that presents its certificate even when it expired (the project's own client refuses to). */
    private ManagedChannel presentingAnyway(String client) throws Exception {
        return NettyChannelBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), farm.port()))
                .overrideAuthority("localhost")
                .sslContext(GrpcSslContexts.forClient().keyManager(pki.clientCertificate(client).toFile(),
                        pki.clientKey(client).toFile()).trustManager(pki.ca().toFile()).build())
                .build();
    }

    private static String open(ManagedChannel channel, String reader) {
        return call(channel, CardFarmGrpc.OPEN, OpenRequest.newBuilder().setReader(reader)
                .setShareMode(ShareMode.SHARE_MODE_SHARED).addProtocols(Protocol.PROTOCOL_T1).build())
                .getSessionId();
    }

    @Test
    void eachClientIsItsCertificatesIdentityWithItsOwnRule() throws Exception {
        ManagedChannel alice = as(pki, "alice");
        ManagedChannel bob = as(pki, "bob");
        try {
            assertThat(call(alice, CardFarmGrpc.GET_FARM, GetFarmRequest.getDefaultInstance()).getClientIdentity())
                    .isEqualTo("cn=alice");
            assertThat(call(bob, CardFarmGrpc.GET_FARM, GetFarmRequest.getDefaultInstance()).getClientIdentity())
                    .isEqualTo("dns=bob");
            assertThat(call(alice, CardFarmGrpc.LIST_READERS, ListReadersRequest.getDefaultInstance())
                    .getReadersCount()).isEqualTo(2);
            assertThat(call(bob, CardFarmGrpc.LIST_READERS, ListReadersRequest.getDefaultInstance())
                    .getReadersCount()).isEqualTo(3);

            open(alice, "Sim Reader 0");
            assertThat(cards.options.get(0).principal()).contains("cn=alice");
            assertThatThrownBy(() -> open(alice, "Sim Reader 1")).isInstanceOfSatisfying(
                    StatusRuntimeException.class,
                    e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
            open(bob, "Sim Reader 1");
        } finally {
            alice.shutdownNow();
            bob.shutdownNow();
        }
    }

    @Test
    void clientBCannotUseClientAsSessionId() throws Exception {
        ManagedChannel alice = as(pki, "alice");
        ManagedChannel bob = as(pki, "bob");
        try {
            String id = open(alice, "Sim Reader 0");

            assertThatThrownBy(() -> call(bob, CardFarmGrpc.TRANSMIT, TransmitRequest.newBuilder().setSessionId(id)
                    .setCommand(ByteString.copyFrom(new byte[] {0, (byte) 0xA4, 0, 0})).build()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
            assertThat(cards.last().sentCount()).isZero();
        } finally {
            alice.shutdownNow();
            bob.shutdownNow();
        }
    }

    @Test
    void aCertifiedClientNoRuleNamesIsDenied() throws Exception {
        ManagedChannel mallory = as(pki, "mallory");
        try {
            assertThatThrownBy(() -> open(mallory, "Sim Reader 0")).isInstanceOfSatisfying(
                    StatusRuntimeException.class,
                    e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
        } finally {
            mallory.shutdownNow();
        }
        assertThat(cards.made).isEmpty();
    }

    @Test
    void aCertificateFromAnotherCaOrAnExpiredOneIsRefusedBeforeAnyCall() throws Exception {
        TestPki other = TestPki.make(dir.resolve("other"), "--client", "alice");
        for (ManagedChannel refused : List.of(as(other, "alice"), presentingAnyway("old"))) {
            try {
                assertThatThrownBy(() -> open(refused, "Sim Reader 0")).isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
            } finally {
                refused.shutdownNow();
            }
        }
        assertThat(cards.made).isEmpty();
        assertThat(farm.sessions()).isZero();
    }
}

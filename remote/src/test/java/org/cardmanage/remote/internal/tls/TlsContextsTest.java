package org.cardmanage.remote.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateExpiredException;
import java.time.Clock;

import javax.net.ssl.SSLHandshakeException;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Handshakes between the contexts of a farm and a client, in memory, and hostile or mistaken peers. */
class TlsContextsTest {
    @TempDir
    static Path shared;
    @TempDir
    Path dir;

    private static TestPki pki;
    private static TestPki other;
    private static SslContext farm;
    private static SslContext alice;

    @BeforeAll
    static void setUp() throws Exception {
        pki = TestPki.make(shared.resolve("pki"), "--client", "alice", "--expired-client", "old",
                "--farm-name", "farm.example");
        other = TestPki.make(shared.resolve("other"), "--client", "mallory");
        farm = TlsContexts.server(pki.farmCertificate(), pki.farmKey(), pki.ca());
        alice = TlsContexts.client(pki.clientCertificate("alice"), pki.clientKey("alice"), pki.ca());
    }

    @Test
    void mutualHandshakeIsTls13WithHttp2() throws Exception {
        Handshake.Result result = Handshake.between(alice, "localhost", farm);

        assertThat(result.failure()).isNull();
        assertThat(result.clientSession().getProtocol()).isEqualTo("TLSv1.3");
        assertThat(result.client().getApplicationProtocol()).isEqualTo("h2");
        assertThat(result.serverSession().getPeerPrincipal().getName()).isEqualTo("CN=alice");
        assertThat(result.clientSession().getPeerPrincipal().getName()).isEqualTo("CN=localhost");
    }

    @Test
    void farmIsReachableByEachNameOfItsCertificate() {
        assertThat(Handshake.between(alice, "127.0.0.1", farm).failure()).isNull();
        assertThat(Handshake.between(alice, "farm.example", farm).failure()).isNull();
    }

    @Test
    void clientWithoutCertificateIsRefused() throws Exception {
        SslContext anonymous = GrpcSslContexts.configure(SslContextBuilder.forClient(), SslProvider.JDK)
                .trustManager(new ReloadingTrustManager(pki.ca())).protocols(TlsContexts.PROTOCOL).build();

        Handshake.Result result = Handshake.between(anonymous, "localhost", farm);

        assertThat(result.failedSide()).isEqualTo(Handshake.Side.SERVER);
        assertThat(result.failure()).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void clientCertificateOfAnotherCaIsRefused() throws Exception {
        SslContext mallory = TlsContexts.client(other.clientCertificate("mallory"), other.clientKey("mallory"),
                pki.ca());

        Handshake.Result result = Handshake.between(mallory, "localhost", farm);

        assertThat(result.failedSide()).isEqualTo(Handshake.Side.SERVER);
        assertThat(result.failure()).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void expiredClientCertificateIsRefused() throws Exception {
        // the own-certificate check would stop this client; a hostile or careless peer has no such check
        SslContext expired = GrpcSslContexts.configure(SslContextBuilder.forClient(), SslProvider.JDK)
                .keyManager(pki.clientCertificate("old").toFile(), pki.clientKey("old").toFile())
                .trustManager(new ReloadingTrustManager(pki.ca())).protocols(TlsContexts.PROTOCOL).build();

        Handshake.Result result = Handshake.between(expired, "localhost", farm);

        assertThat(result.failedSide()).isEqualTo(Handshake.Side.SERVER);
        assertThat(result.failure()).hasRootCauseInstanceOf(CertificateExpiredException.class);
    }

    @Test
    void serverCertificateUsedAsClientCertificateIsRefused() throws Exception {
        SslContext impostor = TlsContexts.client(pki.farmCertificate(), pki.farmKey(), pki.ca());

        Handshake.Result result = Handshake.between(impostor, "localhost", farm);

        assertThat(result.failedSide()).isEqualTo(Handshake.Side.SERVER);
        assertThat(result.failure()).hasStackTraceContaining("Extended key usage does not permit use for TLS client");
    }

    @Test
    void serverNameMismatchIsRefusedByClient() {
        Handshake.Result result = Handshake.between(alice, "wrong.example", farm);

        assertThat(result.failedSide()).isEqualTo(Handshake.Side.CLIENT);
        assertThat(result.failure()).isInstanceOf(SSLHandshakeException.class)
                .hasStackTraceContaining("No subject alternative DNS name matching wrong.example");
    }

    @Test
    void serverIpMismatchIsRefusedByClient() {
        Handshake.Result result = Handshake.between(alice, "127.0.0.2", farm);

        assertThat(result.failedSide()).isEqualTo(Handshake.Side.CLIENT);
        assertThat(result.failure()).hasStackTraceContaining("No subject alternative names matching IP address");
    }

    @Test
    void serverOfAnotherCaIsRefusedByClient() throws Exception {
        SslContext strange = TlsContexts.server(other.farmCertificate(), other.farmKey(), pki.ca());

        Handshake.Result result = Handshake.between(alice, "localhost", strange);

        assertThat(result.failedSide()).isEqualTo(Handshake.Side.CLIENT);
        assertThat(result.failure()).hasStackTraceContaining("unable to find valid certification path");
    }

    @Test
    void clientCertificateUsedAsServerCertificateIsRefused() throws Exception {
        SslContext impostor = TlsContexts.server(pki.clientCertificate("alice"), pki.clientKey("alice"), pki.ca());

        Handshake.Result result = Handshake.between(alice, "alice", impostor);

        assertThat(result.failedSide()).isEqualTo(Handshake.Side.CLIENT);
        assertThat(result.failure()).hasStackTraceContaining("Extended key usage does not permit use for TLS server");
    }

    @Test
    void farmPresentsRenewedCertificateAtTheNextHandshakeAfterTheCheckInterval() throws Exception {
        TestPki own = sameCa(dir.resolve("pki"));
        Path certificate = dir.resolve("farm.pem");
        Path key = dir.resolve("farm.key");
        TestPki.install(own.farmCertificate(), certificate);
        TestPki.install(own.farmKey(), key);
        ManualClock clock = new ManualClock();
        RecordingLogger log = new RecordingLogger();
        SslContext server = TlsContexts.server(
                new ReloadingKeyManager(certificate, key, clock, Clock.systemUTC(), log),
                new ReloadingTrustManager(pki.ca(), clock, log));
        var before = Handshake.between(alice, "localhost", server).serverCertificate();

        own.issue();
        TestPki.install(own.farmCertificate(), certificate);
        TestPki.install(own.farmKey(), key);
        var sameSecond = Handshake.between(alice, "localhost", server).serverCertificate();
        clock.passCheckInterval();
        var after = Handshake.between(alice, "localhost", server).serverCertificate();

        assertThat(sameSecond).isEqualTo(before);
        assertThat(after).isNotEqualTo(before).isEqualTo(PemFiles.readCertificateChain(certificate).get(0));
        assertThat(log.warnings()).isEmpty();
    }

    @Test
    void brokenRenewalKeepsTheFarmCertificateAndWarnsOnce() throws Exception {
        Path certificate = dir.resolve("farm.pem");
        Path key = dir.resolve("farm.key");
        TestPki.install(pki.farmCertificate(), certificate);
        TestPki.install(pki.farmKey(), key);
        ManualClock clock = new ManualClock();
        RecordingLogger log = new RecordingLogger();
        SslContext server = TlsContexts.server(
                new ReloadingKeyManager(certificate, key, clock, Clock.systemUTC(), log),
                new ReloadingTrustManager(pki.ca(), clock, log));
        var before = Handshake.between(alice, "localhost", server).serverCertificate();

        TestPki.install(pki.clientKey("alice"), key);
        clock.passCheckInterval();
        Handshake.Result first = Handshake.between(alice, "localhost", server);
        clock.passCheckInterval();
        Handshake.Result second = Handshake.between(alice, "localhost", server);

        assertThat(first.serverCertificate()).isEqualTo(before);
        assertThat(second.serverCertificate()).isEqualTo(before);
        assertThat(log.warnings()).singleElement().asString().contains(key.toString(), "does not belong");
    }

    @Test
    void farmResumesNoSessionSoItsNewTrustAppliesToTheNextConnection() throws Exception {
        Path ca = dir.resolve("ca.pem");
        TestPki.install(pki.ca(), ca);
        ManualClock clock = new ManualClock();
        RecordingLogger log = new RecordingLogger();
        SslContext server = TlsContexts.server(
                new ReloadingKeyManager(pki.farmCertificate(), pki.farmKey(), clock, Clock.systemUTC(), log),
                new ReloadingTrustManager(ca, clock, log));
        SslContext client = TlsContexts.client(pki.clientCertificate("alice"), pki.clientKey("alice"), pki.ca());
        Handshake.Result first = Handshake.between(client, "localhost", 443, server);

        TestPki.install(other.ca(), ca);
        clock.passCheckInterval();
        Handshake.Result reconnect = Handshake.between(client, "localhost", 443, server);

        assertThat(first.failure()).isNull();
        assertThat(reconnect.failedSide()).isEqualTo(Handshake.Side.SERVER);
        assertThat(reconnect.failure()).hasStackTraceContaining("unable to find valid certification path");
    }

    /** A PKI with the CA of {@link #pki}: the script reuses a CA it finds in its directory. */
    private static TestPki sameCa(Path target) throws Exception {
        Files.createDirectories(target);
        Files.copy(pki.ca(), target.resolve("ca.pem"));
        Files.copy(pki.file("ca.key"), target.resolve("ca.key"));
        return TestPki.make(target);
    }
}

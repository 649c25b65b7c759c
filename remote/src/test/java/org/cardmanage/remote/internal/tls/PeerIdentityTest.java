package org.cardmanage.remote.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.grpc.netty.shaded.io.netty.buffer.ByteBufAllocator;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeerIdentityTest {
    @TempDir
    static Path shared;

    private static TestPki pki;
    private static Handshake.Result handshake;

    @BeforeAll
    static void handshake() throws Exception {
        pki = TestPki.make(shared.resolve("pki"), "--client", "alice", "--farm-name", "farm.example");
        handshake = Handshake.between(
                TlsContexts.client(pki.clientCertificate("alice"), pki.clientKey("alice"), pki.ca()), "localhost",
                TlsContexts.server(pki.farmCertificate(), pki.farmKey(), pki.ca()));
        assertThat(handshake.failure()).isNull();
    }

    @Test
    void farmSeesTheClientOfTheHandshake() {
        PeerIdentity client = PeerIdentity.of(handshake.serverSession()).orElseThrow();

        assertThat(client.names()).containsExactly("cn=alice", "dns=alice", "subject=CN=alice");
        assertThat(client.commonName()).isEqualTo("alice");
        assertThat(client).hasToString("cn=alice");
    }

    @Test
    void clientSeesTheFarmOfTheHandshake() {
        PeerIdentity farm = PeerIdentity.of(handshake.clientSession()).orElseThrow();

        assertThat(farm.dnsNames()).containsExactly("localhost", "farm.example");
        assertThat(farm.ipAddresses()).containsExactly("127.0.0.1");
        assertThat(farm.names()).containsExactly("cn=localhost", "dns=localhost", "dns=farm.example",
                "ip=127.0.0.1", "subject=CN=localhost");
    }

    @Test
    void noSessionIsNoIdentity() {
        assertThat(PeerIdentity.of((javax.net.ssl.SSLSession) null)).isEmpty();
    }

    @Test
    void sessionWithoutVerifiedPeerIsNoIdentity() throws Exception {
        var engine = TlsContexts.server(pki.farmCertificate(), pki.farmKey(), pki.ca())
                .newEngine(ByteBufAllocator.DEFAULT);

        assertThat(PeerIdentity.of(engine.getSession())).isEmpty();
    }

    @Test
    void namesComeInPolicyOrder() throws Exception {
        PeerIdentity identity = identity(List.of("O = Cards", "CN = reader-host"),
                "IP:10.1.2.3, URI:spiffe://cards.example/farm, DNS:b.example, email:ops@cards.example, DNS:a.example,"
                        + " IP:::1");

        assertThat(identity.names()).containsExactly("cn=reader-host", "dns=b.example", "dns=a.example",
                "uri=spiffe://cards.example/farm", "ip=10.1.2.3", "ip=0:0:0:0:0:0:0:1",
                "subject=CN=reader-host,O=Cards");
    }

    @Test
    void commonNameIsUnescaped() throws Exception {
        PeerIdentity identity = identity(List.of("O = Cards, Inc.", "CN = Smith, J. + co"), "DNS:x.example");

        assertThat(identity.subject()).isEqualTo("CN=Smith\\, J. \\+ co,O=Cards\\, Inc.");
        assertThat(identity.commonName()).isEqualTo("Smith, J. + co");
    }

    @Test
    void commonNameKeepsNonAsciiCharacters() throws Exception {
        assertThat(identity(List.of("CN = J\u00fcrgen M\u00fcller"), "DNS:x.example").commonName())
                .isEqualTo("J\u00fcrgen M\u00fcller");
    }

    @Test
    void mostSpecificCommonNameCounts() throws Exception {
        assertThat(identity(List.of("1.CN = outer", "OU = unit", "2.CN = inner"), "DNS:x.example").commonName())
                .isEqualTo("inner");
    }

    @Test
    void withoutCommonNameTheFirstNameIsDns() throws Exception {
        PeerIdentity identity = identity(List.of("O = Cards"), "DNS:farm.example");

        assertThat(identity.commonName()).isEmpty();
        assertThat(identity.names()).containsExactly("dns=farm.example", "subject=O=Cards");
        assertThat(identity).hasToString("dns=farm.example");
    }

    @Test
    void listsCannotBeChanged() {
        PeerIdentity identity = new PeerIdentity("CN=a", "a", new java.util.ArrayList<>(List.of("a")), List.of(),
                List.of());

        assertThat(identity.dnsNames()).isUnmodifiable();
        assertThat(identity.names()).isUnmodifiable();
    }

    /**
     * The identity of a self-signed certificate made by openssl from a configuration file, written as UTF-8 whatever
     * the platform's encoding: subject entries most general first, and the subject alternative names.
     */
    private static PeerIdentity identity(List<String> subject, String alternativeNames) throws Exception {
        Path config = shared.resolve("identity.cnf");
        Path key = shared.resolve("identity.key");
        Path certificate = shared.resolve("identity.pem");
        Files.writeString(config, String.join("\n", "[ req ]", "distinguished_name = dn", "prompt = no", "utf8 = yes",
                "string_mask = utf8only", "x509_extensions = ext", "[ dn ]", String.join("\n", subject), "[ ext ]",
                "subjectAltName = " + alternativeNames, ""), StandardCharsets.UTF_8);
        pki.openssl("req", "-x509", "-config", config.toString(), "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:P-256", "-nodes", "-keyout", key.toString(), "-days", "1",
                "-out", certificate.toString());
        return PeerIdentity.of(PemFiles.readCertificateChain(certificate).get(0)).orElseThrow();
    }
}

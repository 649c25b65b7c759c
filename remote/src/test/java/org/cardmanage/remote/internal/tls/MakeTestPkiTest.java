package org.cardmanage.remote.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code make-test-pki.sh}, which people use to try remote readers out and the other tests use for their PKI. */
class MakeTestPkiTest {
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    @TempDir
    Path dir;

    @Test
    void helpExplainsUsage() {
        assertThat(TestPki.script(dir, "--help")).startsWith("Usage: make-test-pki.sh DIR")
                .contains("--farm-name NAME", "--client NAME", "--expired-client NAME", "--ca-only");
    }

    @Test
    void saysWhatItWroteAndWhichKeyTakesWhichFile() {
        Path pki = dir.resolve("pki");

        String output = TestPki.script(pki, "--client", "alice");

        assertThat(output.lines()).containsExactly("wrote " + pki + "/ca.key", "wrote " + pki + "/ca.pem",
                "wrote " + pki + "/farm.key", "wrote " + pki + "/farm.pem",
                "wrote " + pki + "/client-alice.key", "wrote " + pki + "/client-alice.pem",
                "hint: farm: tls.certificate = " + pki + "/farm.pem, tls.key = " + pki + "/farm.key, tls.ca = "
                        + pki + "/ca.pem",
                "hint: client alice: tls.certificate = " + pki + "/client-alice.pem, tls.key = " + pki
                        + "/client-alice.key, tls.ca = " + pki + "/ca.pem");
    }

    @Test
    void keysArePrivatePkcs8() throws Exception {
        TestPki pki = TestPki.make(dir.resolve("pki"), "--client", "alice");

        for (Path key : List.of(pki.file("ca.key"), pki.farmKey(), pki.clientKey("alice"))) {
            assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        }
    }

    @Test
    void farmCertificateIsForLocalhostAndTheGivenNames() throws Exception {
        TestPki pki = TestPki.make(dir.resolve("pki"), "--farm-name", "farm.example", "--farm-name", "10.0.0.7");

        PeerIdentity farm = PeerIdentity.of(certificate(pki.farmCertificate())).orElseThrow();

        assertThat(farm.dnsNames()).containsExactly("localhost", "farm.example");
        assertThat(farm.ipAddresses()).containsExactly("127.0.0.1", "10.0.0.7");
        assertThat(certificate(pki.farmCertificate()).getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
    }

    @Test
    void clientCertificateIsForItsName() throws Exception {
        TestPki pki = TestPki.make(dir.resolve("pki"), "--client", "alice");
        X509Certificate alice = certificate(pki.clientCertificate("alice"));

        assertThat(PeerIdentity.of(alice).orElseThrow().names())
                .containsExactly("cn=alice", "dns=alice", "subject=CN=alice");
        assertThat(alice.getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
    }

    @Test
    void expiredClientCertificateEndedInThePast() throws Exception {
        TestPki pki = TestPki.make(dir.resolve("pki"), "--expired-client", "old");

        assertThat(certificate(pki.clientCertificate("old")).getNotAfter()).isBefore(Date.from(Instant.now()));
    }

    @Test
    void secondRunReusesTheCa() throws Exception {
        TestPki pki = TestPki.make(dir.resolve("pki"), "--client", "alice");
        String ca = Files.readString(pki.ca());

        String output = TestPki.script(pki.dir(), "--client", "bob");

        assertThat(output).startsWith("reusing CA " + pki.ca());
        assertThat(Files.readString(pki.ca())).isEqualTo(ca);
        assertThat(certificate(pki.clientCertificate("bob")).getIssuerX500Principal())
                .isEqualTo(certificate(pki.ca()).getSubjectX500Principal());
        assertThat(pki.clientCertificate("alice")).exists();
    }

    @Test
    void anotherDirectoryHasAnUnrelatedCa() throws Exception {
        TestPki one = TestPki.make(dir.resolve("one"));
        TestPki two = TestPki.make(dir.resolve("two"));

        assertThat(certificate(one.ca()).getSubjectX500Principal())
                .isNotEqualTo(certificate(two.ca()).getSubjectX500Principal());
        assertThat(certificate(one.ca()).getPublicKey()).isNotEqualTo(certificate(two.ca()).getPublicKey());
    }

    @Test
    void caOnlyMakesNothingElse() throws Exception {
        Path pki = dir.resolve("pki");

        TestPki.script(pki, "--ca-only");

        try (Stream<Path> files = Files.list(pki)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("ca.pem", "ca.key");
        }
    }

    @Test
    void unknownOptionFails() {
        TestPki.Outcome outcome = TestPki.execute(List.of("bash", TestPki.SCRIPT.toString(), dir.toString(),
                "--bogus"), null);

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.output()).contains("unknown option --bogus");
    }

    private static X509Certificate certificate(Path file) throws TlsSetupException {
        return PemFiles.readCertificateChain(file).get(0);
    }
}

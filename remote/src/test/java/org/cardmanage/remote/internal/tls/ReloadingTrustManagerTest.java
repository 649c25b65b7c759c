package org.cardmanage.remote.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReloadingTrustManagerTest {
    /** What the JDK passes as authType in TLS 1.3, where the key exchange no longer depends on the certificate. */
    private static final String TLS13_AUTH_TYPE = "UNKNOWN";

    @TempDir
    static Path shared;
    @TempDir
    Path dir;

    private static TestPki pki;
    private static TestPki other;

    private final ManualClock clock = new ManualClock();
    private final RecordingLogger log = new RecordingLogger();
    private Path ca;
    private ReloadingTrustManager trust;

    @BeforeAll
    static void makePkis() {
        pki = TestPki.make(shared.resolve("pki"), "--client", "alice");
        other = TestPki.make(shared.resolve("other"), "--client", "mallory");
    }

    @BeforeEach
    void installCa() throws Exception {
        ca = dir.resolve("ca.pem");
        TestPki.install(pki.ca(), ca);
        trust = new ReloadingTrustManager(ca, clock, log);
    }

    @Test
    void trustsClientsOfItsCa() {
        assertThatCode(() -> checkClient(pki.clientCertificate("alice")))
                .doesNotThrowAnyException();
    }

    @Test
    void refusesClientsOfAnotherCa() {
        assertThatThrownBy(() -> checkClient(other.clientCertificate("mallory")))
                .isInstanceOf(CertificateException.class);
    }

    @Test
    void trustsServersOfItsCa() {
        assertThatCode(() -> checkServer(pki.farmCertificate()))
                .doesNotThrowAnyException();
    }

    @Test
    void refusesClientCertificateAsServer() {
        assertThatThrownBy(() -> checkServer(pki.clientCertificate("alice")))
                .isInstanceOf(CertificateException.class).hasMessageContaining("Extended key usage");
    }

    @Test
    void acceptedIssuersAreTheCaCertificates() throws Exception {
        assertThat(trust.getAcceptedIssuers()).containsExactly(chain(pki.ca()));
    }

    @Test
    void brokenCaFileAtStartIsRefused() {
        assertThatThrownBy(() -> new ReloadingTrustManager(pki.farmKey(), clock, log))
                .isInstanceOf(TlsSetupException.class).hasMessageStartingWith(pki.farmKey() + ": holds PRIVATE KEY");
    }

    @Test
    void replacedCaIsTrustedAfterTheCheckInterval() throws Exception {
        TestPki.install(other.ca(), ca);

        clock.passCheckInterval();

        assertThatCode(() -> checkClient(other.clientCertificate("mallory")))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> checkClient(pki.clientCertificate("alice")))
                .isInstanceOf(CertificateException.class);
        assertThat(log.records()).singleElement().asString().startsWith("INFO reloaded the trusted CA from");
    }

    @Test
    void brokenCaFileKeepsTheCaAndWarnsOnce() throws Exception {
        Files.writeString(ca, "-----BEGIN CERTIFICATE-----\nAAEC\n");

        clock.passCheckInterval();
        trust.getAcceptedIssuers();
        clock.passCheckInterval();

        assertThatCode(() -> checkClient(pki.clientCertificate("alice")))
                .doesNotThrowAnyException();
        assertThat(log.warnings()).singleElement().asString()
                .startsWith("WARNING cannot reload the trusted CA: " + ca + ": malformed PEM");
    }

    private void checkClient(Path certificate) throws Exception {
        trust.checkClientTrusted(chain(certificate), TLS13_AUTH_TYPE);
    }

    private void checkServer(Path certificate) throws Exception {
        trust.checkServerTrusted(chain(certificate), TLS13_AUTH_TYPE);
    }

    private static X509Certificate[] chain(Path file) throws TlsSetupException {
        return PemFiles.readCertificateChain(file).toArray(new X509Certificate[0]);
    }
}

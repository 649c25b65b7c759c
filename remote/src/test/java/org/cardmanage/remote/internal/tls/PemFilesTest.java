package org.cardmanage.remote.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemFilesTest {
    @TempDir
    static Path shared;
    @TempDir
    Path dir;

    private static TestPki pki;

    @BeforeAll
    static void makePki() {
        pki = TestPki.make(shared.resolve("pki"), "--client", "alice", "--expired-client", "old");
    }

    @Test
    void readsChainOfOneCertificate() throws Exception {
        List<X509Certificate> chain = PemFiles.readCertificateChain(pki.farmCertificate());

        assertThat(chain).singleElement()
                .satisfies(c -> assertThat(c.getSubjectX500Principal().getName()).isEqualTo("CN=localhost"));
    }

    @Test
    void readsChainWithItsIssuer() throws Exception {
        Path file = concat("chain.pem", pki.farmCertificate(), pki.ca());

        List<X509Certificate> chain = PemFiles.readCertificateChain(file);

        assertThat(chain).hasSize(2);
        assertThat(chain.get(0).getIssuerX500Principal()).isEqualTo(chain.get(1).getSubjectX500Principal());
    }

    @Test
    void readsCertificateAmidText() throws Exception {
        Path file = dir.resolve("text.pem");
        pki.openssl("x509", "-in", pki.farmCertificate().toString(), "-text", "-out", file.toString());

        assertThat(PemFiles.readCertificateChain(file)).hasSize(1);
    }

    @Test
    void readsFileWithWindowsLineEnds() throws Exception {
        Path file = write("crlf.pem", Files.readString(pki.farmCertificate()).replace("\n", "\r\n"));

        assertThat(PemFiles.readCertificateChain(file)).hasSize(1);
    }

    @Test
    void readsChainFromFileThatAlsoHoldsTheKey() throws Exception {
        Path file = concat("combined.pem", pki.farmKey(), pki.farmCertificate());

        assertThat(PemFiles.readCertificateChain(file)).hasSize(1);
        assertThat(PemFiles.readPrivateKey(file).getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void refusesChainOutOfOrder() throws Exception {
        Path file = concat("reversed.pem", pki.ca(), pki.farmCertificate());

        assertThatThrownBy(() -> PemFiles.readCertificateChain(file)).isInstanceOf(TlsSetupException.class)
                .hasMessageStartingWith(file + ": ").hasMessageContaining("is not the issuer of certificate 1");
    }

    @Test
    void missingFileIsNamed() {
        Path file = dir.resolve("nowhere.pem");

        assertThatThrownBy(() -> PemFiles.readCertificateChain(file)).isInstanceOf(TlsSetupException.class)
                .hasMessage(file + ": does not exist");
    }

    @Test
    void directoryIsUnreadable() {
        assertThatThrownBy(() -> PemFiles.readPrivateKey(dir)).isInstanceOf(TlsSetupException.class)
                .hasMessage(dir + ": cannot be read: it is a directory");
    }

    @Test
    void fileWithoutPemBlockIsRefused() throws Exception {
        Path file = write("empty.pem", "nothing here\n");

        assertThatThrownBy(() -> PemFiles.readCertificateChain(file)).isInstanceOf(TlsSetupException.class)
                .hasMessage(file + ": holds no PEM block; a certificate is expected");
        assertThatThrownBy(() -> PemFiles.readPrivateKey(file)).isInstanceOf(TlsSetupException.class)
                .hasMessage(file + ": holds no PEM block; a PRIVATE KEY block is expected");
        assertThatThrownBy(() -> PemFiles.readTrustAnchors(file)).isInstanceOf(TlsSetupException.class)
                .hasMessage(file + ": holds no PEM block; a CA certificate is expected");
    }

    @Test
    void truncatedFileIsRefused() throws Exception {
        String pem = Files.readString(pki.farmCertificate());
        Path file = write("truncated.pem", pem.substring(0, pem.length() / 2));

        assertThatThrownBy(() -> PemFiles.readCertificateChain(file)).isInstanceOf(TlsSetupException.class)
                .hasMessageStartingWith(file + ": malformed PEM").hasMessageContaining("truncated");
    }

    @Test
    void invalidBase64IsRefused() throws Exception {
        Path file = write("bad.pem", "-----BEGIN CERTIFICATE-----\nMIIB*not base64*\n-----END CERTIFICATE-----\n");

        assertThatThrownBy(() -> PemFiles.readCertificateChain(file)).isInstanceOf(TlsSetupException.class)
                .hasMessage(file + ": malformed PEM: the CERTIFICATE block is not valid base64");
    }

    @Test
    void certificateThatDoesNotParseIsRefused() throws Exception {
        Path file = write("junk.pem", "-----BEGIN CERTIFICATE-----\nAAECAwQFBgcICQ==\n-----END CERTIFICATE-----\n");

        assertThatThrownBy(() -> PemFiles.readCertificateChain(file)).isInstanceOf(TlsSetupException.class)
                .hasMessageStartingWith(file + ": certificate 1 cannot be parsed");
    }

    @Test
    void keyGivenAsCertificateIsRefused() {
        assertThatThrownBy(() -> PemFiles.readCertificateChain(pki.farmKey())).isInstanceOf(TlsSetupException.class)
                .hasMessage(pki.farmKey() + ": holds PRIVATE KEY but no CERTIFICATE; a certificate is expected");
    }

    @Test
    void certificateGivenAsKeyIsRefused() {
        assertThatThrownBy(() -> PemFiles.readPrivateKey(pki.farmCertificate()))
                .isInstanceOf(TlsSetupException.class).hasMessage(pki.farmCertificate()
                        + ": holds CERTIFICATE but no PRIVATE KEY (certificate and key files swapped?)");
    }

    @Test
    void readsPkcs8EcKey() throws Exception {
        assertThat(PemFiles.readPrivateKey(pki.farmKey()).getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void readsPkcs8RsaKey() throws Exception {
        Path file = dir.resolve("rsa.key");
        pki.openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", file.toString());

        assertThat(PemFiles.readPrivateKey(file).getAlgorithm()).isEqualTo("RSA");
    }

    @Test
    void readsTraditionalEcKey() throws Exception {
        Path file = dir.resolve("traditional-ec.key");
        pki.openssl("pkey", "-in", pki.farmKey().toString(), "-traditional", "-out", file.toString());
        assertThat(Files.readString(file)).startsWith("-----BEGIN EC PRIVATE KEY-----");

        Credentials credentials = PemFiles.readCredentials(pki.farmCertificate(), file, Instant.now());

        assertThat(credentials.privateKey().getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void readsTraditionalRsaKey() throws Exception {
        Path key = dir.resolve("traditional-rsa.key");
        Path certificate = dir.resolve("rsa.pem");
        pki.openssl("genrsa", "-traditional", "-out", key.toString(), "2048");
        pki.openssl("req", "-x509", "-new", "-key", key.toString(), "-subj", "/CN=rsa", "-days", "2",
                "-out", certificate.toString());
        assertThat(Files.readString(key)).startsWith("-----BEGIN RSA PRIVATE KEY-----");

        Credentials credentials = PemFiles.readCredentials(certificate, key, Instant.now());

        assertThat(credentials.privateKey().getAlgorithm()).isEqualTo("RSA");
    }

    @Test
    void readsEd25519Credentials() throws Exception {
        Path key = dir.resolve("ed.key");
        Path certificate = dir.resolve("ed.pem");
        pki.openssl("req", "-x509", "-newkey", "ed25519", "-nodes", "-keyout", key.toString(), "-subj", "/CN=ed",
                "-days", "2", "-out", certificate.toString());

        Credentials credentials = PemFiles.readCredentials(certificate, key, Instant.now());

        assertThat(credentials.privateKey().getAlgorithm()).startsWith("Ed");
    }

    @Test
    void encryptedKeyIsRefusedWithConversionHint() throws Exception {
        Path file = dir.resolve("encrypted.key");
        pki.openssl("pkcs8", "-topk8", "-v2", "aes-256-cbc", "-passout", "pass:secret", "-in",
                pki.farmKey().toString(), "-out", file.toString());

        assertThatThrownBy(() -> PemFiles.readPrivateKey(file)).isInstanceOf(TlsSetupException.class)
                .hasMessage(file + ": the private key is encrypted; store it unencrypted (mode 0600): "
                        + "openssl pkcs8 -topk8 -nocrypt -in " + file + " -out NEW.key");
    }

    @Test
    void encryptedTraditionalKeyIsRefusedWithConversionHint() throws Exception {
        Path file = dir.resolve("encrypted-traditional.key");
        pki.openssl("pkey", "-in", pki.farmKey().toString(), "-traditional", "-aes256", "-passout", "pass:secret",
                "-out", file.toString());

        assertThatThrownBy(() -> PemFiles.readPrivateKey(file)).isInstanceOf(TlsSetupException.class)
                .hasMessageContaining("is encrypted").hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
    }

    @Test
    void unsupportedKeyTypeIsRefusedWithConversionHint() throws Exception {
        Path file = dir.resolve("x25519.key");
        pki.openssl("genpkey", "-algorithm", "X25519", "-out", file.toString());

        assertThatThrownBy(() -> PemFiles.readPrivateKey(file)).isInstanceOf(TlsSetupException.class)
                .hasMessageStartingWith(file + ": the PRIVATE KEY block is not a valid private key")
                .hasMessageContaining("RSA, EC and EdDSA keys are supported")
                .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
        assertNoKeyMaterial(file);
    }

    @Test
    void twoKeysInOneFileAreRefused() throws Exception {
        Path file = concat("two.key", pki.farmKey(), pki.clientKey("alice"));

        assertThatThrownBy(() -> PemFiles.readPrivateKey(file)).isInstanceOf(TlsSetupException.class)
                .hasMessage(file + ": holds 2 private keys; one is expected");
    }

    @Test
    void keyOfAnotherCertificateIsRefused() {
        Path key = pki.clientKey("alice");

        assertThatThrownBy(() -> PemFiles.readCredentials(pki.farmCertificate(), key, Instant.now()))
                .isInstanceOf(TlsSetupException.class)
                .hasMessage(key + ": does not belong to the certificate in " + pki.farmCertificate()
                        + " (CN=localhost): they are not a pair");
        assertNoKeyMaterial(key);
    }

    @Test
    void keyOfAnotherTypeIsRefused() throws Exception {
        Path key = dir.resolve("rsa.key");
        pki.openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", key.toString());

        assertThatThrownBy(() -> PemFiles.readCredentials(pki.farmCertificate(), key, Instant.now()))
                .isInstanceOf(TlsSetupException.class).hasMessage(key + ": holds an RSA key but the certificate in "
                        + pki.farmCertificate() + " is for an EC key: they are not a pair");
    }

    @Test
    void expiredOwnCertificateIsRefused() {
        Path certificate = pki.clientCertificate("old");

        assertThatThrownBy(() -> PemFiles.readCredentials(certificate, pki.clientKey("old"), Instant.now()))
                .isInstanceOf(TlsSetupException.class)
                .hasMessageStartingWith(certificate + ": the certificate CN=old expired on ");
    }

    @Test
    void ownCertificateNotYetValidIsRefused() {
        Instant lastWeek = Instant.now().minus(Duration.ofDays(7));

        assertThatThrownBy(() -> PemFiles.readCredentials(pki.farmCertificate(), pki.farmKey(), lastWeek))
                .isInstanceOf(TlsSetupException.class)
                .hasMessageStartingWith(pki.farmCertificate() + ": the certificate CN=localhost is not valid before ")
                .hasMessageEndingWith("(is this host's clock right?)");
    }

    @Test
    void credentialsNeverPrintTheKey() throws Exception {
        Credentials credentials = PemFiles.readCredentials(pki.farmCertificate(), pki.farmKey(), Instant.now());

        assertThat(credentials.toString()).startsWith("Credentials[CN=localhost, valid until ")
                .doesNotContain(credentials.privateKey().toString());
    }

    @Test
    void readsTrustAnchors() throws Exception {
        assertThat(PemFiles.readTrustAnchors(pki.ca())).singleElement()
                .satisfies(ca -> assertThat(ca.getBasicConstraints()).isNotNegative());
    }

    @Test
    void trustAnchorsWithPrivateKeyAreRefused() throws Exception {
        Path file = concat("ca-and-key.pem", pki.ca(), pki.file("ca.key"));

        assertThatThrownBy(() -> PemFiles.readTrustAnchors(file)).isInstanceOf(TlsSetupException.class)
                .hasMessage(file + ": holds a private key besides the CA certificates; the trusted CA file must hold"
                        + " certificates only");
    }

    private Path concat(String name, Path... files) throws IOException {
        StringBuilder text = new StringBuilder();
        for (Path file : files) {
            text.append(Files.readString(file));
        }
        return write(name, text.toString());
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.US_ASCII);
    }

    /** No line of the key file's base64, and nothing of the decoded key's value, is in any message about it. */
    private static void assertNoKeyMaterial(Path keyFile) {
        Throwable failure = catchFailure(keyFile);
        List<String> lines = lines(keyFile).stream().filter(l -> !l.startsWith("-----")).toList();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            for (String line : lines) {
                assertThat(message).doesNotContain(line.substring(0, Math.min(16, line.length())));
            }
        }
    }

    private static Throwable catchFailure(Path keyFile) {
        try {
            PrivateKey key = PemFiles.readPrivateKey(keyFile);
            return catchCredentials(keyFile, key);
        } catch (TlsSetupException e) {
            return e;
        }
    }

    private static Throwable catchCredentials(Path keyFile, PrivateKey key) {
        try {
            PemFiles.readCredentials(pki.farmCertificate(), keyFile, Instant.now());
            throw new AssertionError("no failure for " + keyFile + " with a " + key.getAlgorithm() + " key");
        } catch (TlsSetupException e) {
            return e;
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}

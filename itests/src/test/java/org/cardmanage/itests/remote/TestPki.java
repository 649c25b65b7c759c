package org.cardmanage.itests.remote;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throw-away PKI for the remote tests, made by the remote module's own {@code make-test-pki.sh} (openssl) under
 * {@code target/remote-pki/NAME}: a CA, the farm's certificate (SAN localhost, 127.0.0.1) and client certificates
 * ({@code CN=NAME}, so the farm's identity {@code cn=NAME}). A PKI of another name has another CA. The files are made
 * once and reused while every one asked for exists.
 */
public final class TestPki {
    private static final String SCRIPT = "itests.pki.script";
    /** The clients of the main PKI: the tests' identities; {@code nobody} is named by no farm rule. */
    private static final List<String> CLIENTS = List.of("app-1", "app-a", "app-b", "app-good", "nobody");

    private static volatile TestPki main;
    private static volatile TestPki otherCa;

    private final Path dir;

    private TestPki(Path dir) {
        this.dir = dir;
    }

    /** @return the PKI of every test farm and its clients; {@code old-app}'s certificate has expired */
    public static synchronized TestPki main() {
        if (main == null) {
            main = of("main", CLIENTS, List.of("old-app"));
        }
        return main;
    }

    /** @return an unrelated CA with a client {@code app-a} of the same name as the main PKI's */
    public static synchronized TestPki otherCa() {
        if (otherCa == null) {
            otherCa = of("other-ca", List.of("app-a"), List.of());
        }
        return otherCa;
    }

    /**
     * @param name the PKI's folder under {@code target/remote-pki}; another name is another CA
     * @param clients the client certificates to have, valid
     * @param expiredClients the client certificates to have, expired since yesterday
     * @return the PKI, its files made if any was missing
     */
    public static TestPki of(String name, List<String> clients, List<String> expiredClients) {
        Path dir = Path.of(System.getProperty("itests.bundles", "target/bundles")).toAbsolutePath().getParent()
                .resolve("remote-pki").resolve(name);
        TestPki pki = new TestPki(dir);
        List<Path> wanted = new ArrayList<>(List.of(pki.ca(), pki.farmCertificate(), pki.farmKey()));
        List<String> all = new ArrayList<>(clients);
        all.addAll(expiredClients);
        all.forEach(client -> wanted.addAll(List.of(pki.certificate(client), pki.key(client))));
        if (!wanted.stream().allMatch(Files::isRegularFile)) {
            List<String> command = new ArrayList<>(List.of("bash", script(), dir.toString()));
            clients.forEach(client -> command.addAll(List.of("--client", client)));
            expiredClients.forEach(client -> command.addAll(List.of("--expired-client", client)));
            run(command);
        }
        return pki;
    }

    private static String script() {
        String script = System.getProperty(SCRIPT, "../remote/src/main/scripts/make-test-pki.sh");
        if (!Files.isRegularFile(Path.of(script))) {
            throw new AssertionError("make-test-pki.sh not found at " + script + " (system property " + SCRIPT + ")");
        }
        return script;
    }

    private static void run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output;
            try (InputStream in = process.getInputStream()) {
                output = in.readAllBytes();
            }
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError("make-test-pki.sh failed: " + command + "\n"
                        + new String(output, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new AssertionError("could not run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while making the test PKI", e);
        }
    }

    public Path ca() {
        return dir.resolve("ca.pem");
    }

    public Path farmCertificate() {
        return dir.resolve("farm.pem");
    }

    public Path farmKey() {
        return dir.resolve("farm.key");
    }

    public Path certificate(String client) {
        return dir.resolve("client-" + client + ".pem");
    }

    public Path key(String client) {
        return dir.resolve("client-" + client + ".key");
    }

    /**
     * A plain JDK TLS 1.3 context presenting a client's certificate and trusting a CA: for raw sockets that get
     * through the farm's handshake and then misbehave.
     *
     * @param client the client certificate to present
     * @param trusted the PKI whose CA the farm's certificate is checked against
     */
    public SSLContext jdkClientContext(String client, TestPki trusted) {
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            char[] password = "test".toCharArray();
            keys.setKeyEntry("client", privateKey(key(client)),
                    password, certificates(certificate(client)).toArray(new Certificate[0]));
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, password);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", certificates(trusted.ca()).get(0));
            TrustManagerFactory trustManagers =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trust);
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new AssertionError("cannot build a TLS context for client " + client, e);
        }
    }

    private static List<Certificate> certificates(Path pem) throws IOException, GeneralSecurityException {
        try (InputStream in = new ByteArrayInputStream(Files.readAllBytes(pem))) {
            return new ArrayList<>(CertificateFactory.getInstance("X.509").generateCertificates(in));
        }
    }

    /** Reads an unencrypted PKCS#8 EC key ({@code BEGIN PRIVATE KEY}), as make-test-pki.sh writes it. */
    private static PrivateKey privateKey(Path pem) throws IOException, GeneralSecurityException {
        String text = Files.readString(pem, StandardCharsets.US_ASCII)
                .replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(text)));
    }
}

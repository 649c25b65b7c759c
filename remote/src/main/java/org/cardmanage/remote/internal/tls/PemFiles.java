package org.cardmanage.remote.internal.tls;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.stream.Collectors;

import javax.security.auth.x500.X500Principal;

/**
 * Reads the TLS files of a farm or a client: a certificate chain ({@code tls.certificate}), its private key
 * ({@code tls.key}) and the CA certificates to trust ({@code tls.ca}), all PEM. Every fault is a
 * {@link TlsSetupException} naming the file and what is wrong with it.
 */
public final class PemFiles {
    private static final String CERTIFICATE = "CERTIFICATE";

    private PemFiles() {
    }

    /**
     * The certificate chain in a file: one or more {@code CERTIFICATE} blocks, the own certificate first, each further
     * one the issuer of the one before. Other blocks (a key kept in the same file) are ignored.
     *
     * @param file a PEM file
     * @return the chain, not empty
     * @throws TlsSetupException if the file is missing, unreadable, holds no certificate or a broken one, or the
     *         chain is out of order
     */
    public static List<X509Certificate> readCertificateChain(Path file) throws TlsSetupException {
        List<X509Certificate> chain = certificates(file, Pem.read(file), "a certificate");
        for (int i = 1; i < chain.size(); i++) {
            X500Principal issuer = chain.get(i - 1).getIssuerX500Principal();
            if (!issuer.equals(chain.get(i).getSubjectX500Principal())) {
                throw TlsSetupException.of(file, "certificate " + (i + 1) + " (" + subject(chain.get(i))
                        + ") is not the issuer of certificate " + i + " (" + subject(chain.get(i - 1))
                        + "): the own certificate comes first, then each issuer");
            }
        }
        return chain;
    }

    /**
     * The private key in a file: one {@code PRIVATE KEY} block (PKCS#8, unencrypted; RSA, EC or EdDSA). The
     * traditional OpenSSL forms {@code RSA PRIVATE KEY} and {@code EC PRIVATE KEY} are accepted too.
     *
     * @param file a PEM file
     * @return the key
     * @throws TlsSetupException if the file is missing, unreadable, holds no key, several keys, an encrypted key or
     *         one of an unsupported kind; the message tells how to convert it with {@code openssl pkcs8}
     */
    public static PrivateKey readPrivateKey(Path file) throws TlsSetupException {
        List<Pem.Block> blocks = Pem.read(file);
        List<Pem.Block> keys = blocks.stream().filter(b -> PrivateKeys.isPrivateKey(b.label())).toList();
        if (keys.isEmpty()) {
            throw TlsSetupException.of(file, blocks.isEmpty() ? "holds no PEM block; a PRIVATE KEY block is expected"
                    : "holds " + labels(blocks) + " but no PRIVATE KEY"
                            + (blocks.stream().anyMatch(b -> b.label().equals(CERTIFICATE))
                                    ? " (certificate and key files swapped?)" : ""));
        }
        if (keys.size() > 1) {
            throw TlsSetupException.of(file, "holds " + keys.size() + " private keys; one is expected");
        }
        return PrivateKeys.decode(file, keys.get(0));
    }

    /**
     * The CA certificates to trust: one or more {@code CERTIFICATE} blocks and nothing else.
     *
     * @param file a PEM file
     * @return the certificates, not empty
     * @throws TlsSetupException if the file is missing, unreadable, holds no certificate or a broken one, or holds
     *         a private key (a CA's key is never handed out with its certificate)
     */
    public static List<X509Certificate> readTrustAnchors(Path file) throws TlsSetupException {
        List<Pem.Block> blocks = Pem.read(file);
        List<X509Certificate> anchors = certificates(file, blocks, "a CA certificate");
        if (blocks.stream().anyMatch(b -> PrivateKeys.isPrivateKey(b.label()))) {
            throw TlsSetupException.of(file, "holds a private key besides the CA certificates; the trusted CA file"
                    + " must hold certificates only");
        }
        return anchors;
    }

    /**
     * The own certificate chain and its private key, checked: the key belongs to the first certificate and that
     * certificate is valid at {@code now}.
     *
     * @param certificateChain the PEM file of the chain, see {@link #readCertificateChain}
     * @param privateKey the PEM file of the key, see {@link #readPrivateKey}
     * @param now the time the certificate must be valid at
     * @return chain and key
     * @throws TlsSetupException if a file cannot be read, the key is not the certificate's, or the certificate is
     *         expired or not yet valid
     */
    public static Credentials readCredentials(Path certificateChain, Path privateKey, Instant now)
            throws TlsSetupException {
        List<X509Certificate> chain = readCertificateChain(certificateChain);
        PrivateKey key = readPrivateKey(privateKey);
        X509Certificate own = chain.get(0);
        KeyPairs.requireMatch(key, own, privateKey, certificateChain);
        try {
            own.checkValidity(Date.from(now));
        } catch (CertificateExpiredException e) {
            throw TlsSetupException.of(certificateChain, "the certificate " + subject(own) + " expired on "
                    + own.getNotAfter().toInstant());
        } catch (CertificateNotYetValidException e) {
            throw TlsSetupException.of(certificateChain, "the certificate " + subject(own) + " is not valid before "
                    + own.getNotBefore().toInstant() + " (is this host's clock right?)");
        }
        return new Credentials(chain, key);
    }

    private static List<X509Certificate> certificates(Path file, List<Pem.Block> blocks, String expected)
            throws TlsSetupException {
        CertificateFactory factory = x509();
        List<X509Certificate> certificates = new ArrayList<>();
        for (Pem.Block block : blocks) {
            if (block.label().equals(CERTIFICATE)) {
                try {
                    certificates.add((X509Certificate) factory.generateCertificate(
                            new ByteArrayInputStream(block.der())));
                } catch (CertificateException | ClassCastException e) {
                    throw TlsSetupException.of(file, "certificate " + (certificates.size() + 1)
                            + " cannot be parsed: " + e.getMessage(), e);
                }
            }
        }
        if (certificates.isEmpty()) {
            throw TlsSetupException.of(file, (blocks.isEmpty() ? "holds no PEM block"
                    : "holds " + labels(blocks) + " but no CERTIFICATE") + "; " + expected + " is expected");
        }
        return List.copyOf(certificates);
    }

    private static CertificateFactory x509() throws TlsSetupException {
        try {
            return CertificateFactory.getInstance("X.509");
        } catch (GeneralSecurityException e) {
            throw new TlsSetupException("this Java runtime has no X.509 certificate factory", e);
        }
    }

    private static String labels(List<Pem.Block> blocks) {
        return blocks.stream().map(Pem.Block::label).distinct().collect(Collectors.joining(", "));
    }

    static String subject(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
    }
}

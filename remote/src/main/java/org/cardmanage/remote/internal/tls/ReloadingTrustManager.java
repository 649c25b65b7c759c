package org.cardmanage.remote.internal.tls;

import java.io.IOException;
import java.lang.System.Logger;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts peers whose certificate chains lead to the CA certificates of a file, read again when it changes. Every check
 * is the JDK's PKIX trust manager built from those certificates, called with the same overload, so the engine and
 * socket forms keep what the JDK does there: the host name check of the endpoint identification algorithm set on the
 * engine ({@code HTTPS} on a gRPC client), the extended key usage of a TLS server or client, validity and algorithm
 * constraints.
 *
 * <p>The file is looked at at most once a second, on the handshake path; a replacement that cannot be used leaves the
 * CAs loaded before in use and is logged once as a warning.
 */
public final class ReloadingTrustManager extends X509ExtendedTrustManager {
    /** The JDK's trust manager for some CA certificates. */
    private record Anchors(List<X509Certificate> certificates, X509ExtendedTrustManager pkix) {
        @Override
        public String toString() {
            return certificates.stream().map(PemFiles::subject).collect(Collectors.joining("; ", "CAs [", "]"));
        }
    }

    private final Reloader<Anchors> anchors;

    /**
     * Reads the CA certificates.
     *
     * @param trustedCa the PEM file of the CA certificates to trust ({@code tls.ca})
     * @throws TlsSetupException if it cannot be used; see {@link PemFiles#readTrustAnchors}
     */
    public ReloadingTrustManager(Path trustedCa) throws TlsSetupException {
        this(trustedCa, System::nanoTime, TlsContexts.LOGGER);
    }

    ReloadingTrustManager(Path trustedCa, LongSupplier nanoClock, Logger logger) throws TlsSetupException {
        this.anchors = new Reloader<>("trusted CA", List.of(trustedCa), () -> load(trustedCa), nanoClock, logger);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        pkix().checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        pkix().checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        pkix().checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        pkix().checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        pkix().checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        pkix().checkServerTrusted(chain, authType, engine);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return pkix().getAcceptedIssuers();
    }

    private X509ExtendedTrustManager pkix() {
        return anchors.current().pkix();
    }

    private static Anchors load(Path trustedCa) throws TlsSetupException {
        List<X509Certificate> certificates = PemFiles.readTrustAnchors(trustedCa);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < certificates.size(); i++) {
                store.setCertificateEntry("ca-" + i, certificates.get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(store);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509ExtendedTrustManager) {
                    return new Anchors(certificates, (X509ExtendedTrustManager) manager);
                }
            }
            throw TlsSetupException.of(trustedCa, "the JDK's PKIX trust manager factory gave no X.509 trust manager");
        } catch (GeneralSecurityException | IOException e) {
            throw TlsSetupException.of(trustedCa, "cannot make a trust manager of its certificates: " + e, e);
        }
    }
}

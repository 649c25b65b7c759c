package org.cardmanage.remote.internal.tls;

import java.lang.System.Logger;
import java.net.Socket;
import java.nio.file.Path;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The own certificate chain and key, from a certificate and a key file, read again when they change: renewing a
 * certificate means replacing the two files, and the next handshake presents the new certificate. Files are looked at
 * at most once a second, on the handshake path; a replacement that cannot be used (unreadable, not a pair, expired)
 * leaves the certificate loaded before in use and is logged once as a warning.
 *
 * <p>There is one alias, which changes with every reload, so that a handshake that chose its alias before a reload
 * still gets the key and chain of that alias. Aliases are offered for the requested key type only; the issuers a peer
 * asks for are not filtered on: a certificate the peer does not trust fails with a clear alert from the peer rather
 * than an empty certificate message.
 */
public final class ReloadingKeyManager extends X509ExtendedKeyManager {
    private static final String ALIAS_PREFIX = "cardmanage-tls-";

    /** Credentials under one alias. */
    private record Identity(String alias, Credentials credentials) {
        @Override
        public String toString() {
            return credentials.toString();
        }
    }

    private final AtomicLong generation = new AtomicLong();
    private final Reloader<Identity> identities;

    /**
     * Reads the files, checking the key against the certificate and the certificate's validity.
     *
     * @param certificateChain the PEM file of the own certificate and its issuers ({@code tls.certificate})
     * @param privateKey the PEM file of its private key ({@code tls.key})
     * @throws TlsSetupException if the files cannot be used; see {@link PemFiles#readCredentials}
     */
    public ReloadingKeyManager(Path certificateChain, Path privateKey) throws TlsSetupException {
        this(certificateChain, privateKey, System::nanoTime, Clock.systemUTC(), TlsContexts.LOGGER);
    }

    ReloadingKeyManager(Path certificateChain, Path privateKey, LongSupplier nanoClock, Clock clock, Logger logger)
            throws TlsSetupException {
        this.identities = new Reloader<>("TLS certificate", List.of(certificateChain, privateKey),
                () -> new Identity(ALIAS_PREFIX + generation.incrementAndGet(),
                        PemFiles.readCredentials(certificateChain, privateKey, clock.instant())),
                nanoClock, logger);
    }

    /**
     * The own certificate as presented now, for status displays; does not look at the files.
     *
     * @return the first certificate of the chain in use
     */
    public X509Certificate certificate() {
        return identities.recent().get(0).credentials().certificate();
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return aliasFor(keyType);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return aliasFor(keyType);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return aliasFor(keyTypes);
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return aliasFor(keyTypes);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        String alias = aliasFor(keyType);
        return alias == null ? null : new String[] {alias};
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return getServerAliases(keyType, issuers);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        Identity identity = identity(alias);
        return identity == null ? null : identity.credentials().chain().toArray(new X509Certificate[0]);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        Identity identity = identity(alias);
        return identity == null ? null : identity.credentials().privateKey();
    }

    private String aliasFor(String... keyTypes) {
        if (keyTypes == null) {
            return null;
        }
        Identity identity = identities.current();
        String algorithm = identity.credentials().privateKey().getAlgorithm();
        for (String keyType : keyTypes) {
            if (keyType != null && fits(keyType, algorithm)) {
                return identity.alias();
            }
        }
        return null;
    }

    /** Whether a key of the algorithm serves a key type of JSSE ("EC", "RSA", "RSASSA-PSS", "EdDSA", "EC_RSA"). */
    private static boolean fits(String keyType, String algorithm) {
        int underscore = keyType.indexOf('_');
        String type = underscore < 0 ? keyType : keyType.substring(0, underscore);
        return type.equalsIgnoreCase(algorithm) || type.equals("EdDSA") && algorithm.startsWith("Ed");
    }

    private Identity identity(String alias) {
        if (alias == null) {
            return null;
        }
        for (Identity identity : identities.recent()) {
            if (identity.alias().equals(alias)) {
                return identity;
            }
        }
        return null;
    }
}

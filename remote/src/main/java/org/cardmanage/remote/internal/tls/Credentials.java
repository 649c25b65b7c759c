package org.cardmanage.remote.internal.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * An own certificate chain and its private key, as {@link PemFiles#readCredentials} checked them.
 *
 * @param chain the own certificate first, then its issuers; not empty
 * @param privateKey the key of the first certificate
 */
public record Credentials(List<X509Certificate> chain, PrivateKey privateKey) {
    /** Copies the chain; both must be given and the chain must not be empty. */
    public Credentials {
        chain = List.copyOf(chain);
        Objects.requireNonNull(privateKey, "privateKey");
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("an empty certificate chain");
        }
    }

    /** The own certificate: the first of the chain. */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** The subject and validity, never the key (a key's own {@code toString} may print its value). */
    @Override
    public String toString() {
        return "Credentials[" + PemFiles.subject(certificate()) + ", valid until "
                + certificate().getNotAfter().toInstant() + "]";
    }
}

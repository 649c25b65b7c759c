package org.cardmanage.remote.internal.tls;

import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.security.auth.x500.X500Principal;

/**
 * Who the peer of a verified TLS session is, from its certificate: what an access policy matches on.
 *
 * @param subject the subject's distinguished name in RFC 2253 form
 * @param commonName the most specific common name (CN) of the subject, "" if it has none
 * @param dnsNames the DNS names among the subject alternative names, in certificate order
 * @param uris the URIs among the subject alternative names (a SPIFFE ID, say)
 * @param ipAddresses the IP addresses among the subject alternative names, as the JDK writes them ({@code 127.0.0.1},
 *        {@code 0:0:0:0:0:0:0:1})
 */
public record PeerIdentity(String subject, String commonName, List<String> dnsNames, List<String> uris,
        List<String> ipAddresses) {
    private static final int SAN_DNS = 2;
    private static final int SAN_URI = 6;
    private static final int SAN_IP = 7;

    /** Copies the lists; nothing may be null. */
    public PeerIdentity {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(commonName, "commonName");
        dnsNames = List.copyOf(dnsNames);
        uris = List.copyOf(uris);
        ipAddresses = List.copyOf(ipAddresses);
    }

    /**
     * The identity of the peer of a session whose handshake verified the peer's certificate (a farm's sessions, as
     * it requires client certificates; a client's sessions).
     *
     * @param session a TLS session, as gRPC's {@code Grpc.TRANSPORT_ATTR_SSL_SESSION}; may be null
     * @return the identity from the peer's own certificate; empty without a session, without a peer certificate or
     *         if its subject alternative names cannot be parsed (no partial identity that a policy might match)
     */
    public static Optional<PeerIdentity> of(SSLSession session) {
        if (session == null) {
            return Optional.empty();
        }
        Certificate[] chain;
        try {
            chain = session.getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
        if (chain == null || chain.length == 0 || !(chain[0] instanceof X509Certificate)) {
            return Optional.empty();
        }
        return of((X509Certificate) chain[0]);
    }

    /**
     * The identity a certificate states, whether or not anything verified it.
     *
     * @param certificate a peer's own certificate
     * @return its identity; empty if its subject alternative names cannot be parsed
     */
    public static Optional<PeerIdentity> of(X509Certificate certificate) {
        Collection<List<?>> alternativeNames;
        try {
            alternativeNames = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return Optional.empty();
        }
        List<String> dns = new ArrayList<>();
        List<String> uris = new ArrayList<>();
        List<String> ips = new ArrayList<>();
        if (alternativeNames != null) {
            for (List<?> name : alternativeNames) {
                if (name.size() < 2 || !(name.get(0) instanceof Integer) || !(name.get(1) instanceof String)) {
                    continue;
                }
                String value = (String) name.get(1);
                switch ((Integer) name.get(0)) {
                    case SAN_DNS -> dns.add(value);
                    case SAN_URI -> uris.add(value);
                    case SAN_IP -> ips.add(value);
                    default -> {
                        // e-mail, directory and other names are not matched on
                    }
                }
            }
        }
        X500Principal subject = certificate.getSubjectX500Principal();
        return Optional.of(new PeerIdentity(subject.getName(X500Principal.RFC2253),
                DistinguishedNames.commonName(subject), dns, uris, ips));
    }

    /**
     * The names a policy matches, each prefixed with its kind, in this order: {@code cn=VALUE} (if there is a CN),
     * {@code dns=VALUE} for each DNS name, {@code uri=VALUE} for each URI, {@code ip=VALUE} for each IP address,
     * and {@code subject=RFC2253} last.
     *
     * @return the names, never empty
     */
    public List<String> names() {
        List<String> names = new ArrayList<>(2 + dnsNames.size() + uris.size() + ipAddresses.size());
        if (!commonName.isEmpty()) {
            names.add("cn=" + commonName);
        }
        dnsNames.forEach(name -> names.add("dns=" + name));
        uris.forEach(name -> names.add("uri=" + name));
        ipAddresses.forEach(name -> names.add("ip=" + name));
        names.add("subject=" + subject);
        return List.copyOf(names);
    }

    /** The short form for logs: the first of {@link #names()}. */
    @Override
    public String toString() {
        return names().get(0);
    }
}

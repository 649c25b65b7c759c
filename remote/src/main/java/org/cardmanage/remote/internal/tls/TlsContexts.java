package org.cardmanage.remote.internal.tls;

import java.lang.System.Logger;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;

/**
 * The gRPC {@link SslContext}s of the remote protocol: TLS 1.3 only, on the JDK's TLS implementation, with HTTP/2 by
 * ALPN, each side presenting a certificate from its {@link ReloadingKeyManager} and checking the other's with a
 * {@link ReloadingTrustManager}. The farm requires a client certificate; the client checks the farm's chain and that
 * the farm's certificate names the host it connected to (endpoint identification {@code HTTPS}: a DNS or IP subject
 * alternative name matching the target's authority). The farm issues no session tickets, so that no connection skips
 * the checks by resuming an earlier session.
 */
public final class TlsContexts {
    /** The only protocol version offered and accepted. */
    public static final String PROTOCOL = "TLSv1.3";
    /**
     * The farm's session lifetime, in seconds: above the 7 days that TLS 1.3 allows a session ticket (RFC 8446, 4.6.1),
     * so the JDK issues no tickets and no client resumes a session. Every connection then goes through the trust
     * manager: a CA file changed or a client certificate expired since applies to a client's next connection, not to
     * its first one after a day of resumed sessions. gRPC connections live long; a full handshake costs milliseconds.
     */
    static final long NO_SESSION_TICKETS = TimeUnit.DAYS.toSeconds(7) + 1;
    /** Where the managers log reloads and rejected files. */
    static final Logger LOGGER = System.getLogger("org.cardmanage.remote");

    private TlsContexts() {
    }

    /**
     * The farm's context: presents its certificate, requires one from every client and checks it against the CAs.
     *
     * @param certificateChain the PEM file of the farm's certificate and its issuers ({@code tls.certificate})
     * @param privateKey the PEM file of its private key ({@code tls.key})
     * @param trustedCa the PEM file of the CAs whose client certificates are accepted ({@code tls.ca})
     * @return a server context for {@code NettyServerBuilder.sslContext}
     * @throws TlsSetupException if a file cannot be used
     */
    public static SslContext server(Path certificateChain, Path privateKey, Path trustedCa)
            throws TlsSetupException {
        return server(new ReloadingKeyManager(certificateChain, privateKey), new ReloadingTrustManager(trustedCa));
    }

    /**
     * A client's context: presents its certificate and checks the farm's against the CAs and the target's name.
     *
     * @param certificateChain the PEM file of the client's certificate and its issuers ({@code tls.certificate})
     * @param privateKey the PEM file of its private key ({@code tls.key})
     * @param trustedCa the PEM file of the CAs whose farm certificates are accepted ({@code tls.ca})
     * @return a client context for {@code NettyChannelBuilder.sslContext}
     * @throws TlsSetupException if a file cannot be used
     */
    public static SslContext client(Path certificateChain, Path privateKey, Path trustedCa)
            throws TlsSetupException {
        return client(new ReloadingKeyManager(certificateChain, privateKey), new ReloadingTrustManager(trustedCa));
    }

    static SslContext server(ReloadingKeyManager keys, ReloadingTrustManager trust) throws TlsSetupException {
        return build(GrpcSslContexts.configure(SslContextBuilder.forServer(keys), SslProvider.JDK)
                .trustManager(trust)
                .clientAuth(ClientAuth.REQUIRE)
                .sessionTimeout(NO_SESSION_TICKETS));
    }

    static SslContext client(ReloadingKeyManager keys, ReloadingTrustManager trust) throws TlsSetupException {
        return build(GrpcSslContexts.configure(SslContextBuilder.forClient(), SslProvider.JDK)
                .keyManager(keys)
                .trustManager(trust)
                .endpointIdentificationAlgorithm("HTTPS"));
    }

    private static SslContext build(SslContextBuilder builder) throws TlsSetupException {
        try {
            return builder.protocols(PROTOCOL).build();
        } catch (SSLException e) {
            throw new TlsSetupException("cannot set up TLS: " + e.getMessage(), e);
        }
    }
}

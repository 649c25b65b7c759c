package org.cardmanage.remote.internal.farm;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The farm's settings, configuration PID {@code org.cardmanage.remote.farm}: without it nothing is served. The
 * component reads the raw properties through {@link FarmSettings}, which refuses anything it cannot read; this
 * interface only describes them to metatype (the web console, Karaf's config commands).
 */
@ObjectClassDefinition(
        id = FarmConfiguration.PID,
        name = "cardmanage remote farm",
        description = "Serves this host's readers to application hosts over gRPC with mutual TLS "
                + "(contract cardmanage.remote.v1). Opt-in: nothing listens without this configuration.")
@interface FarmConfiguration {
    String PID = "org.cardmanage.remote.farm";

    @AttributeDefinition(name = "Host name", description = "The farm's name as clients see it in GetFarm; empty: "
            + "this machine's host name.")
    String host_name() default "";

    @AttributeDefinition(name = "Bind address", description = "The one address the farm listens on (an IP "
            + "address or a name that resolves to one). Loopback by default; 0.0.0.0 only if you mean every "
            + "interface.")
    String bind_address() default "127.0.0.1";

    @AttributeDefinition(name = "Port", description = "TCP port, 1..65535.")
    int port() default 8201;

    @AttributeDefinition(name = "Lease (ms)", description = "A session without a call or renewal for this long is "
            + "closed with RESET.")
    long lease_ms() default 10_000L;

    @AttributeDefinition(name = "Certificate (PEM)", description = "The farm's certificate chain, PEM; re-read "
            + "when the file changes.")
    String tls_certificate() default "";

    @AttributeDefinition(name = "Private key (PEM)", description = "The farm's private key, PKCS#8 PEM.")
    String tls_key() default "";

    @AttributeDefinition(name = "Client CA (PEM)", description = "The CA certificates that sign client "
            + "certificates; a client without a certificate they verify is refused before any call.")
    String tls_ca() default "";

    @AttributeDefinition(name = "Insecure, loopback only", description = "true: plaintext without client "
            + "certificates, for trying out on one machine; refused unless the bind address is a loopback "
            + "address. Clients are then the identity 'anonymous'.")
    boolean insecure_loopback_only() default false;

    @AttributeDefinition(name = "Client rules", description = "Who may do what, first matching rule wins, no rule: "
            + "denied. A rule is 'IDENTITY | readers=GLOB,GLOB | sessions=N | exclusive.ms=N | "
            + "verify.per.minute=N'; IDENTITY is cn=NAME, dns=NAME, uri=URI, ip=ADDRESS, subject=RFC2253-DN or "
            + "anonymous. One value may hold several rules separated by ';'.")
    String[] clients() default {};

    @AttributeDefinition(name = "Max connections", description = "Connections beyond this are closed at once.")
    int max_connections() default 64;

    @AttributeDefinition(name = "Max calls per connection", description = "Concurrent calls (HTTP/2 streams) one "
            + "connection may have.")
    int max_calls_per_connection() default 16;

    @AttributeDefinition(name = "Max message (bytes)", description = "The largest request accepted.")
    int max_message_bytes() default 1_048_576;

    @AttributeDefinition(name = "Max call time (ms)", description = "The longest any call may run, whatever "
            + "deadline its client set.")
    long max_call_ms() default 60_000L;

    @AttributeDefinition(name = "Idle connection timeout (ms)", description = "A connection without a call for "
            + "this long is closed.")
    long idle_timeout_ms() default 120_000L;

    @AttributeDefinition(name = "Handshake timeout (ms)", description = "A connection that has not completed its "
            + "TLS handshake in this time is closed.")
    long handshake_timeout_ms() default 5_000L;
}

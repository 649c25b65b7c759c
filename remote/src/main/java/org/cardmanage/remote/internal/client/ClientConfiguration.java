package org.cardmanage.remote.internal.client;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One farm this application host uses: factory configuration {@code org.cardmanage.remote.client}, one per farm
 * (for example the file {@code org.cardmanage.remote.client~lab.cfg}). The component reads the raw properties through
 * {@link ClientSettings}, which refuses whatever it cannot read; this interface only describes them to metatype (the
 * web console, Karaf's config commands).
 */
@ObjectClassDefinition(
        id = ClientConfiguration.FACTORY_PID,
        name = "cardmanage remote farm (client)",
        description = "Uses the readers of one card farm over gRPC with mutual TLS: each farm reader becomes a local "
                + "reader named FARM/READER while the farm answers.")
@interface ClientConfiguration {
    String FACTORY_PID = "org.cardmanage.remote.client";

    @AttributeDefinition(name = "Address", description = "The farm: HOST:PORT or [IPv6]:PORT.")
    String address();

    @AttributeDefinition(name = "Farm name", description = "The FARM in the local reader names FARM/READER, "
            + "[A-Za-z0-9][A-Za-z0-9._-]{0,62}; empty: the host of the address.")
    String farm_name() default "";

    @AttributeDefinition(name = "Server name", description = "The name the farm's certificate must carry; empty: "
            + "the host of the address.")
    String server_name() default "";

    @AttributeDefinition(name = "Certificate (PEM)", description = "This host's client certificate chain, PEM.")
    String tls_certificate() default "";

    @AttributeDefinition(name = "Private key (PEM)", description = "This host's private key, PKCS#8 PEM.")
    String tls_key() default "";

    @AttributeDefinition(name = "Farm CA (PEM)", description = "The CA certificates that sign the farm's "
            + "certificate.")
    String tls_ca() default "";

    @AttributeDefinition(name = "Insecure, loopback only", description = "true: plaintext without certificates, "
            + "for trying out on one machine; refused unless the address resolves to loopback addresses only.")
    boolean insecure_loopback_only() default false;

    @AttributeDefinition(name = "Call timeout (ms)", description = "The deadline of every call to the farm, "
            + "100..600000; a call without an answer in time fails with CardTimeoutException.")
    long call_timeout_ms() default 5_000L;

    @AttributeDefinition(name = "Max message (bytes)", description = "The largest answer accepted, "
            + "1024..67108864; a bigger answer fails that call only.")
    int max_message_bytes() default 4_194_304;
}

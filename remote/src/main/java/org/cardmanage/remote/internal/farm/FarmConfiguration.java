package org.cardmanage.remote.internal.farm;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The farm's settings, configuration PID {@code org.cardmanage.remote.farm}: without it nothing is exported. */
@ObjectClassDefinition(
        id = FarmConfiguration.PID,
        name = "cardmanage remote farm",
        description = "Exports this host's readers as a remote reader service over Aries RSA (TCP). Opt-in: "
                + "nothing is exported without this configuration.")
@interface FarmConfiguration {
    String PID = "org.cardmanage.remote.farm";

    @AttributeDefinition(name = "Host name", description = "The HOST in HOST/READER on application hosts; empty: "
            + "this machine's host name.")
    String host_name() default "";

    @AttributeDefinition(name = "Bind address", description = "Where the service listens (Aries RSA TCP "
            + "aries.tcp.bindAddress). Loopback by default. Aries RSA 1.16.1 itself listens on all interfaces: see "
            + "README, Remote readers.")
    String bind_address() default "127.0.0.1";

    @AttributeDefinition(name = "Advertised address", description = "The address application hosts connect to "
            + "(aries.rsa.hostname); empty: the bind address.")
    String advertised_address() default "";

    @AttributeDefinition(name = "Port", description = "TCP port of the remote reader service.")
    int port() default 8201;

    @AttributeDefinition(name = "Lease (ms)", description = "A session without a call or renewal for this long is "
            + "detached with RESET; application hosts drop this farm's readers after this long without an answer.")
    long lease_ms() default 10_000L;

    @AttributeDefinition(name = "Threads", description = "Listener threads of the TCP provider (aries.rsa.numThreads).")
    int threads() default 10;
}

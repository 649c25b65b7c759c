package org.cardmanage.remote.internal.client;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The application host's settings, configuration PID {@code org.cardmanage.remote.client} (optional). */
@ObjectClassDefinition(
        id = ClientConfiguration.PID,
        name = "cardmanage remote client",
        description = "Turns every imported remote reader service into local readers named HOST/READER.")
@interface ClientConfiguration {
    String PID = "org.cardmanage.remote.client";

    @AttributeDefinition(name = "Call timeout (ms)", description = "The bound of every call to a farm; a call that "
            + "does not answer in time fails with CardTimeoutException.")
    long call_timeout_ms() default 5000L;

    @AttributeDefinition(name = "Client name", description = "How farms name this host in their session lists; "
            + "empty: this framework's UUID.")
    String client_name() default "";
}

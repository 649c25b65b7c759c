package org.cardmanage.driver.sim.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The simulator's own settings, configuration PID {@code org.cardmanage.driver.sim}. */
@ObjectClassDefinition(
        id = SimConfiguration.PID,
        name = "cardmanage simulated readers",
        description = "The default simulated reader and how simulated cards misbehave.")
@interface SimConfiguration {

    String PID = "org.cardmanage.driver.sim";

    @AttributeDefinition(name = "Default reader", description = "Start with one simulated reader holding a card.")
    boolean default_reader() default true;

    @AttributeDefinition(name = "Default reader name")
    String default_reader_name() default "Sim Reader 0";

    @AttributeDefinition(name = "Default card", description = "Card profile in the default reader: demo, demo-t0 or "
            + "none.")
    String default_card() default "demo";

    @AttributeDefinition(name = "Mute timeout (ms)", description = "How long a transmit to a muted card waits before "
            + "it fails with a timeout.", min = "1")
    long mute_timeout_ms() default 30_000;
}

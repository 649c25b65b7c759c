package org.cardmanage.driver.sim.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** One configured simulated reader, factory PID {@code org.cardmanage.driver.sim.reader}. */
@ObjectClassDefinition(
        id = SimReaderConfiguration.FACTORY_PID,
        name = "cardmanage simulated reader",
        description = "A simulated reader, with or without a card.")
@interface SimReaderConfiguration {

    String FACTORY_PID = "org.cardmanage.driver.sim.reader";

    @AttributeDefinition(name = "Reader name", description = "Unique among all readers of the framework.")
    String name();

    @AttributeDefinition(name = "Card", description = "Card profile inserted at start: demo (T=1), demo-t0 (T=0) or "
            + "none.")
    String card() default "demo";

    @AttributeDefinition(name = "Latency (µs)", description = "Delay added to every transmit.", min = "0")
    long latency_us() default 0;
}

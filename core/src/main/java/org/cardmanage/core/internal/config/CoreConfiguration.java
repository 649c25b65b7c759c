package org.cardmanage.core.internal.config;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** The core's settings, configuration PID {@code org.cardmanage.core}. */
@ObjectClassDefinition(
        id = CoreConfiguration.PID,
        name = "cardmanage core",
        description = "Arbitration, lock and cleanup settings of the card manager.")
public @interface CoreConfiguration {

    /** The configuration PID. */
    String PID = "org.cardmanage.core";

    @AttributeDefinition(
            name = "Lock idle bound (ms)",
            description = "A lock left without a transmit for this long is released with RESET; its holder is told.",
            min = "1")
    long lock_idle_timeout_ms() default 5000;

    @AttributeDefinition(
            name = "Transmit wait (ms)",
            description = "How long a transmit, control or detach waits while another attachment holds the card.",
            min = "0")
    long transmit_wait_ms() default 5000;

    @AttributeDefinition(
            name = "Abandon disposition",
            description = "What happens to the card when the core detaches the attachments of a bundle that went away.",
            options = {
                @Option(label = "Reset (clears security state)", value = "RESET"),
                @Option(label = "Leave", value = "LEAVE"),
                @Option(label = "Unpower", value = "UNPOWER")
            })
    String abandon_disposition() default "RESET";

    @AttributeDefinition(
            name = "Response chaining",
            description = "Answer 61xx with GET RESPONSE and re-send on 6Cxx for every attachment that allows it.")
    boolean response_chaining() default true;

    @AttributeDefinition(
            name = "APDU trace",
            description = "Log every command and response (PIN data of VERIFY, CHANGE REFERENCE DATA and RESET RETRY "
                    + "COUNTER is redacted).")
    boolean trace() default false;
}

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

    @AttributeDefinition(
            name = "Driver call bound (ms)",
            description = "A driver call (transmit, control, begin or end of a transaction) that runs longer is cut "
                    + "short: its thread is interrupted and its caller gets a CardTimeoutException. A backstop for "
                    + "drivers that do not bound their own calls; 0 switches it off.",
            min = "0")
    long driver_call_timeout_ms() default 60_000;

    @AttributeDefinition(
            name = "Reader access policy",
            description = "Rules '[allow|deny] BUNDLE-GLOB = READER-GLOB' (globs with * and ?), checked in order on "
                    + "every attach and reconnect; the first rule matching the attaching bundle and the reader name "
                    + "decides, else the access default. The bundle glob matches SYMBOLIC-NAME or, when it holds a "
                    + "'/', SYMBOLIC-NAME/PRINCIPAL of a bundle attaching for a principal (e.g. 'allow "
                    + "org.cardmanage.remote/cn=app-1 = Sim*' admits that one client of the remote bundle; write "
                    + "spaces around that '='); a glob without '/' covers the bundle and every principal it attaches "
                    + "for. One value may hold several rules separated by ';'. A policy that cannot be read denies "
                    + "every attach until it is fixed.")
    String[] access_policy() default {};

    @AttributeDefinition(
            name = "Access default",
            description = "The decision when no access policy rule matches.",
            options = {
                @Option(label = "Allow", value = "allow"),
                @Option(label = "Deny", value = "deny")
            })
    String access_default() default "allow";
}

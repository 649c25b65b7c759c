package org.cardmanage.core.internal.config;

import java.time.Duration;

import org.cardmanage.api.Disposition;

/**
 * The core's settings as checked values. Immutable; the core swaps the whole object when the configuration changes, so
 * one operation always sees one consistent set.
 */
public record CoreSettings(
        Duration lockIdleTimeout,
        Duration transmitWait,
        Disposition abandonDisposition,
        boolean responseChaining,
        boolean trace,
        Duration driverCallTimeout,
        AccessPolicy accessPolicy) {

    /** The settings with no configuration. */
    public static final CoreSettings DEFAULTS = new CoreSettings(Duration.ofSeconds(5), Duration.ofSeconds(5),
            Disposition.RESET, true, false, Duration.ofSeconds(60), AccessPolicy.ALLOW_ALL);

    /** @return these settings with another access policy */
    public CoreSettings withAccessPolicy(AccessPolicy policy) {
        return new CoreSettings(lockIdleTimeout, transmitWait, abandonDisposition, responseChaining, trace,
                driverCallTimeout, policy);
    }

}

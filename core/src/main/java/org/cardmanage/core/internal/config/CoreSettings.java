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

    /** The settings as before the driver call bound and the access policy existed, with their defaults. */
    public CoreSettings(Duration lockIdleTimeout, Duration transmitWait, Disposition abandonDisposition,
            boolean responseChaining, boolean trace) {
        this(lockIdleTimeout, transmitWait, abandonDisposition, responseChaining, trace, Duration.ofSeconds(60),
                AccessPolicy.ALLOW_ALL);
    }

    /** @return these settings with another access policy */
    public CoreSettings withAccessPolicy(AccessPolicy policy) {
        return new CoreSettings(lockIdleTimeout, transmitWait, abandonDisposition, responseChaining, trace,
                driverCallTimeout, policy);
    }

    /** @return these settings with another driver call bound; zero switches the watchdog off */
    public CoreSettings withDriverCallTimeout(Duration bound) {
        return new CoreSettings(lockIdleTimeout, transmitWait, abandonDisposition, responseChaining, trace, bound,
                accessPolicy);
    }

    /**
     * Checks and converts a configuration.
     *
     * @param config the configuration
     * @return the settings
     * @throws IllegalArgumentException naming the bad property
     */
    public static CoreSettings from(CoreConfiguration config) {
        if (config.lock_idle_timeout_ms() <= 0) {
            throw new IllegalArgumentException(
                    "lock.idle.timeout.ms must be positive, was " + config.lock_idle_timeout_ms());
        }
        if (config.transmit_wait_ms() < 0) {
            throw new IllegalArgumentException("transmit.wait.ms must not be negative, was " + config.transmit_wait_ms());
        }
        Disposition abandon = Disposition.parse(config.abandon_disposition());
        if (abandon == Disposition.EJECT) {
            throw new IllegalArgumentException("abandon.disposition EJECT is not allowed: use RESET, LEAVE or UNPOWER");
        }
        if (config.driver_call_timeout_ms() < 0) {
            throw new IllegalArgumentException(
                    "driver.call.timeout.ms must not be negative, was " + config.driver_call_timeout_ms());
        }
        return new CoreSettings(
                Duration.ofMillis(config.lock_idle_timeout_ms()),
                Duration.ofMillis(config.transmit_wait_ms()),
                abandon,
                config.response_chaining(),
                config.trace(),
                Duration.ofMillis(config.driver_call_timeout_ms()),
                AccessPolicy.parse(config.access_policy(), config.access_default()));
    }
}

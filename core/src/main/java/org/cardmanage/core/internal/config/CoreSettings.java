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
        boolean trace) {

    /** The settings with no configuration. */
    public static final CoreSettings DEFAULTS =
            new CoreSettings(Duration.ofSeconds(5), Duration.ofSeconds(5), Disposition.RESET, true, false);

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
        return new CoreSettings(
                Duration.ofMillis(config.lock_idle_timeout_ms()),
                Duration.ofMillis(config.transmit_wait_ms()),
                abandon,
                config.response_chaining(),
                config.trace());
    }
}

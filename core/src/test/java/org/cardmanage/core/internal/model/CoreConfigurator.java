package org.cardmanage.core.internal.model;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.cardmanage.api.Disposition;
import org.cardmanage.core.internal.CardCore;
import org.cardmanage.core.internal.testsupport.TestCore;

/**
 * Changes the core's configuration as ConfigAdmin and SCR do, through its {@code @Modified} method, with the properties
 * a {@code .cfg} file would give.
 *
 * <p>The model's settings keep every step short: a transmit or reconnect against another attachment's lock gives up
 * after {@value #TRANSMIT_WAIT_MS} ms; locks are never released for idleness within a sequence (60 s).
 */
final class CoreConfigurator {
    static final long TRANSMIT_WAIT_MS = 2;
    static final long LOCK_IDLE_MS = 60_000;
    /**
     * The transmit wait while a bundle stops: long, so that a stop that waited for another bundle's lock would hang
     * past the hang detector instead of passing unnoticed after a few milliseconds.
     */
    static final long STOPPING_TRANSMIT_WAIT_MS = 30_000;

    private final CardCore core;

    CoreConfigurator(CardCore core) {
        this.core = core;
    }

    /** @return the settings the model's core starts with: those of {@link #readable} with RESET */
    static Map<String, Object> initialSettings() {
        return TestCore.settings().transmitWait(Duration.ofMillis(TRANSMIT_WAIT_MS))
                .lockIdleTimeout(Duration.ofMillis(LOCK_IDLE_MS)).abandonDisposition(Disposition.RESET).build();
    }

    static Map<String, Object> readable(Disposition abandon) {
        return readable(abandon, TRANSMIT_WAIT_MS);
    }

    static Map<String, Object> readable(Disposition abandon, long transmitWaitMillis) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("transmit.wait.ms", String.valueOf(transmitWaitMillis));
        properties.put("lock.idle.timeout.ms", String.valueOf(LOCK_IDLE_MS));
        properties.put("abandon.disposition", abandon.name());
        return properties;
    }

    /** @return a configuration the core cannot read: a transmit wait that is no number */
    static Map<String, Object> unreadable(Disposition abandon) {
        Map<String, Object> properties = readable(abandon);
        properties.put("transmit.wait.ms", "banana");
        return properties;
    }

    void apply(Map<String, Object> properties) {
        core.modified(properties);
    }
}

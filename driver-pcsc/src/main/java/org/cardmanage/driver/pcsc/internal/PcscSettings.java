package org.cardmanage.driver.pcsc.internal;

import java.time.Duration;
import java.util.List;

/**
 * The driver's settings as checked values.
 *
 * @param libraryPath libpcsclite's path, or empty for the JDK's default
 * @param filter which readers to offer
 * @param callTimeout the bound of one PC/SC call
 * @param monitorWait the bound of one wait for a reader change
 * @param serviceRetry the pause between attempts to reach pcscd
 * @param pollInterval the pause between polls where the monitor cannot wait for changes
 * @param callerThread whether PC/SC calls run on the caller's thread rather than each reader's worker
 */
record PcscSettings(String libraryPath, ReaderFilter filter, Duration callTimeout, Duration monitorWait,
        Duration serviceRetry, Duration pollInterval, boolean callerThread) {

    /** The settings without configuration. */
    static final PcscSettings DEFAULTS = new PcscSettings("", new ReaderFilter(List.of("*"), List.of()),
            Duration.ofSeconds(5), Duration.ofMillis(250), Duration.ofMillis(100), Duration.ofMillis(250), false);

    /**
     * @throws IllegalArgumentException naming the bad property
     */
    static PcscSettings from(PcscConfiguration config) {
        return new PcscSettings(
                config.library_path() == null ? "" : config.library_path().trim(),
                new ReaderFilter(list(config.include()), list(config.exclude())),
                positive("call.timeout.ms", config.call_timeout_ms()),
                positive("monitor.wait.ms", config.monitor_wait_ms()),
                positive("service.retry.ms", config.service_retry_ms()),
                positive("poll.interval.ms", config.poll_interval_ms()),
                callerThread(config.call_thread()));
    }

    private static boolean callerThread(String value) {
        String mode = value == null ? "worker" : value.trim();
        if (mode.equalsIgnoreCase("worker") || mode.isEmpty()) {
            return false;
        }
        if (mode.equalsIgnoreCase("caller")) {
            return true;
        }
        throw new IllegalArgumentException("call.thread must be worker or caller, was '" + value + "'");
    }

    private static List<String> list(String[] values) {
        return values == null ? List.of() : List.of(values);
    }

    private static Duration positive(String name, long millis) {
        if (millis <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + millis);
        }
        return Duration.ofMillis(millis);
    }
}

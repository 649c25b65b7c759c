package org.cardmanage.driver.pcsc.internal;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The driver's settings as checked values.
 *
 * @param backend the binding to PC/SC
 * @param libraryPath the native PC/SC library's path, or empty for the platform's default
 * @param filter which readers to offer
 * @param callTimeout the bound of one PC/SC call when the caller gives none
 * @param monitorWait the bound of one wait for a reader change
 * @param serviceRetry the pause between attempts to reach pcscd
 * @param pollInterval the JDK backend's presence polling interval
 */
record PcscSettings(Backend backend, String libraryPath, ReaderFilter filter, Duration callTimeout,
        Duration monitorWait, Duration serviceRetry, Duration pollInterval) {

    /** The binding to PC/SC. */
    enum Backend {
        /** libpcsclite (winscard.dll, PCSC.framework) through JNA. */
        NATIVE,
        /** The JDK's javax.smartcardio provider. */
        JDK
    }

    /** The settings without configuration. */
    static final PcscSettings DEFAULTS = new PcscSettings(Backend.NATIVE, "", new ReaderFilter(List.of("*"), List.of()),
            Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofMillis(250));

    /**
     * @throws IllegalArgumentException naming the bad property and its value
     */
    static PcscSettings from(PcscConfiguration config) {
        return new PcscSettings(
                backend(config.backend()),
                config.library_path() == null ? "" : config.library_path().trim(),
                new ReaderFilter(list(config.include()), list(config.exclude())),
                positive("call.timeout.ms", config.call_timeout_ms()),
                positive("monitor.wait.ms", config.monitor_wait_ms()),
                positive("service.retry.ms", config.service_retry_ms()),
                positive("poll.interval.ms", config.poll_interval_ms()));
    }

    private static Backend backend(String value) {
        String name = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return switch (name) {
            case "", "native" -> Backend.NATIVE;
            case "jdk" -> Backend.JDK;
            default -> throw new IllegalArgumentException("backend must be native or jdk, was '" + value + "'");
        };
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

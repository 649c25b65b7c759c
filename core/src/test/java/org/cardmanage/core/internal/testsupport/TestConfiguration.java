package org.cardmanage.core.internal.testsupport;

import java.lang.annotation.Annotation;

import org.cardmanage.core.internal.config.CoreConfiguration;

/** A {@link CoreConfiguration} as ConfigAdmin and SCR would hand it over; {@link #defaults()} has the metatype defaults. */
public record TestConfiguration(long lockIdle, long transmitWait, String abandon, boolean chaining, boolean trace)
        implements CoreConfiguration {

    public static TestConfiguration defaults() {
        return new TestConfiguration(5000, 5000, "RESET", true, false);
    }

    public TestConfiguration withLockIdle(long value) {
        return new TestConfiguration(value, transmitWait, abandon, chaining, trace);
    }

    public TestConfiguration withTransmitWait(long value) {
        return new TestConfiguration(lockIdle, value, abandon, chaining, trace);
    }

    public TestConfiguration withAbandon(String value) {
        return new TestConfiguration(lockIdle, transmitWait, value, chaining, trace);
    }

    @Override
    public long lock_idle_timeout_ms() {
        return lockIdle;
    }

    @Override
    public long transmit_wait_ms() {
        return transmitWait;
    }

    @Override
    public String abandon_disposition() {
        return abandon;
    }

    @Override
    public boolean response_chaining() {
        return chaining;
    }

    @Override
    public boolean trace() {
        return trace;
    }

    @Override
    public Class<? extends Annotation> annotationType() {
        return CoreConfiguration.class;
    }
}

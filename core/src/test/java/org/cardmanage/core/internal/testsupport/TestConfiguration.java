package org.cardmanage.core.internal.testsupport;

import java.lang.annotation.Annotation;

import org.cardmanage.core.internal.config.CoreConfiguration;

/** A {@link CoreConfiguration} as ConfigAdmin and SCR would hand it over; {@link #defaults()} has the metatype defaults. */
public record TestConfiguration(long lockIdle, long transmitWait, String abandon, boolean chaining, boolean trace,
        long driverCallTimeout, String[] accessPolicy, String accessDefault) implements CoreConfiguration {

    /** The first five settings; the driver call bound and the access policy at their defaults. */
    public TestConfiguration(long lockIdle, long transmitWait, String abandon, boolean chaining, boolean trace) {
        this(lockIdle, transmitWait, abandon, chaining, trace, 60_000, new String[0], "allow");
    }

    public static TestConfiguration defaults() {
        return new TestConfiguration(5000, 5000, "RESET", true, false, 60_000, new String[0], "allow");
    }

    public TestConfiguration withLockIdle(long value) {
        return new TestConfiguration(value, transmitWait, abandon, chaining, trace, driverCallTimeout, accessPolicy,
                accessDefault);
    }

    public TestConfiguration withTransmitWait(long value) {
        return new TestConfiguration(lockIdle, value, abandon, chaining, trace, driverCallTimeout, accessPolicy,
                accessDefault);
    }

    public TestConfiguration withAbandon(String value) {
        return new TestConfiguration(lockIdle, transmitWait, value, chaining, trace, driverCallTimeout, accessPolicy,
                accessDefault);
    }

    public TestConfiguration withDriverCallTimeout(long value) {
        return new TestConfiguration(lockIdle, transmitWait, abandon, chaining, trace, value, accessPolicy,
                accessDefault);
    }

    public TestConfiguration withAccess(String defaultDecision, String... rules) {
        return new TestConfiguration(lockIdle, transmitWait, abandon, chaining, trace, driverCallTimeout, rules,
                defaultDecision);
    }

    @Override
    public long driver_call_timeout_ms() {
        return driverCallTimeout;
    }

    @Override
    public String[] access_policy() {
        return accessPolicy.clone();
    }

    @Override
    public String access_default() {
        return accessDefault;
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

package org.cardmanage.core.internal.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.cardmanage.api.Disposition;

/**
 * Reads the core's configuration ({@value CoreConfiguration#PID}) from its raw properties, strictly: every value must
 * be read entirely, or the whole configuration is refused and the core fails closed ({@link #read}). Properties come
 * from ConfigAdmin as typed values or, from a {@code .cfg} file, as strings; both are accepted when they mean exactly
 * one thing. A time takes whole milliseconds, 0 to {@value #MAX_MILLIS} (one day): no unit suffix, no fraction, no
 * overflow anywhere later.
 */
public final class ConfigurationReader {
    /** The largest time any core setting takes, in milliseconds: one day. */
    public static final long MAX_MILLIS = 86_400_000L;

    private static final Pattern WHOLE_NUMBER = Pattern.compile("[+-]?\\d{1,19}");

    private ConfigurationReader() {
    }

    /** A property that could not be read: which, its value, and what it should be. */
    public static final class InvalidProperty extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidProperty(String property, Object value, String expected) {
            super(property + " = " + describe(value) + ": expected " + expected, null, false, false);
        }

        private static String describe(Object value) {
            if (value instanceof Object[] array) {
                return java.util.Arrays.toString(array);
            }
            return value instanceof String text ? "'" + text + "'" : String.valueOf(value);
        }
    }

    /**
     * @param properties the component's properties (absent keys take their defaults)
     * @return the settings; if any property cannot be read, settings whose access policy denies every attach and
     *     names the property, its value and what is expected ({@link AccessPolicy#problem()})
     */
    public static CoreSettings read(Map<String, ?> properties) {
        try {
            CoreSettings defaults = CoreSettings.DEFAULTS;
            Duration lockIdle = millis(properties, "lock.idle.timeout.ms", defaults.lockIdleTimeout(), 1);
            Duration transmitWait = millis(properties, "transmit.wait.ms", defaults.transmitWait(), 0);
            Disposition abandon = abandonDisposition(properties.get("abandon.disposition"));
            boolean chaining = bool(properties, "response.chaining", defaults.responseChaining());
            boolean trace = bool(properties, "trace", defaults.trace());
            Duration driverCall = millis(properties, "driver.call.timeout.ms", defaults.driverCallTimeout(), 0);
            String[] rules = strings(properties, "access.policy");
            Object decision = properties.get("access.default");
            if (decision != null && !(decision instanceof String text
                    && (text.trim().equalsIgnoreCase("allow") || text.trim().equalsIgnoreCase("deny")))) {
                throw new InvalidProperty("access.default", decision, "allow or deny");
            }
            AccessPolicy policy = AccessPolicy.parse(rules, decision == null ? "allow" : (String) decision);
            return new CoreSettings(lockIdle, transmitWait, abandon, chaining, trace, driverCall, policy);
        } catch (InvalidProperty e) {
            return CoreSettings.DEFAULTS.withAccessPolicy(AccessPolicy.denyAll(e.getMessage()));
        }
    }

    private static Duration millis(Map<String, ?> properties, String key, Duration fallback, long min)
            throws InvalidProperty {
        Object value = properties.get(key);
        if (value == null) {
            return fallback;
        }
        String expected = "a whole number of milliseconds from " + min + " to " + MAX_MILLIS + ", without a unit";
        long millis;
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            millis = ((Number) value).longValue();
        } else if (value instanceof String text && WHOLE_NUMBER.matcher(text.trim()).matches()) {
            try {
                millis = Long.parseLong(text.trim());
            } catch (NumberFormatException tooLarge) {
                throw new InvalidProperty(key, value, expected);
            }
        } else {
            throw new InvalidProperty(key, value, expected);
        }
        if (millis < min || millis > MAX_MILLIS) {
            throw new InvalidProperty(key, value, expected);
        }
        return Duration.ofMillis(millis);
    }

    private static boolean bool(Map<String, ?> properties, String key, boolean fallback) throws InvalidProperty {
        Object value = properties.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean flag) {
            return flag;
        }
        if (value instanceof String text) {
            if (text.trim().equalsIgnoreCase("true")) {
                return true;
            }
            if (text.trim().equalsIgnoreCase("false")) {
                return false;
            }
        }
        throw new InvalidProperty(key, value, "true or false");
    }

    private static Disposition abandonDisposition(Object value) throws InvalidProperty {
        if (value == null) {
            return CoreSettings.DEFAULTS.abandonDisposition();
        }
        String expected = "RESET, LEAVE or UNPOWER";
        if (!(value instanceof String text)) {
            throw new InvalidProperty("abandon.disposition", value, expected);
        }
        try {
            Disposition disposition = Disposition.parse(text);
            if (disposition == Disposition.EJECT) {
                throw new InvalidProperty("abandon.disposition", value, expected);
            }
            return disposition;
        } catch (IllegalArgumentException e) {
            throw new InvalidProperty("abandon.disposition", value, expected);
        }
    }

    private static String[] strings(Map<String, ?> properties, String key) throws InvalidProperty {
        Object value = properties.get(key);
        if (value == null) {
            return new String[0];
        }
        if (value instanceof String text) {
            return new String[] {text};
        }
        List<Object> items = new ArrayList<>();
        if (value instanceof Object[] array) {
            items.addAll(List.of(array));
        } else if (value instanceof Collection<?> collection) {
            items.addAll(collection);
        } else {
            throw new InvalidProperty(key, value, "rules as text");
        }
        String[] rules = new String[items.size()];
        for (int i = 0; i < rules.length; i++) {
            if (!(items.get(i) instanceof String rule)) {
                throw new InvalidProperty(key, value, "rules as text");
            }
            rules[i] = rule;
        }
        return rules;
    }
}

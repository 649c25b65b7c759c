package org.cardmanage.remote.internal.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Reads configuration properties strictly: a value of the wrong type or out of range is an
 * {@link InvalidSettingException} naming the property and what it takes; a missing one takes its default. A
 * {@code .cfg} file gives strings, ConfigAdmin and {@code .config} files typed values: both are read.
 */
public final class SettingsReader {
    private final Map<String, ?> properties;

    public SettingsReader(Map<String, ?> properties) {
        this.properties = properties;
    }

    public String string(String key, String fallback) {
        Object value = properties.get(key);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof String text)) {
            throw new InvalidSettingException(key, value, "a text");
        }
        return text.trim();
    }

    public long number(String key, long fallback, long min, long max) {
        Object value = properties.get(key);
        if (value == null) {
            return fallback;
        }
        long number;
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            number = ((Number) value).longValue();
        } else if (value instanceof String text && text.trim().matches("-?[0-9]{1,18}")) {
            number = Long.parseLong(text.trim());
        } else {
            throw new InvalidSettingException(key, value, "a whole number " + min + " … " + max);
        }
        if (number < min || number > max) {
            throw new InvalidSettingException(key, value, "a whole number " + min + " … " + max);
        }
        return number;
    }

    public boolean bool(String key, boolean fallback) {
        Object value = properties.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String text && (text.trim().equals("true") || text.trim().equals("false"))) {
            return Boolean.parseBoolean(text.trim());
        }
        throw new InvalidSettingException(key, value, "true or false");
    }

    public List<String> strings(String key) {
        Object value = properties.get(key);
        List<String> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        if (value instanceof String text) {
            out.add(text);
        } else if (value instanceof String[] array) {
            out.addAll(List.of(array));
        } else if (value instanceof Collection<?> collection && collection.stream().allMatch(String.class::isInstance)) {
            collection.forEach(v -> out.add((String) v));
        } else {
            throw new InvalidSettingException(key, value, "text or a list of texts");
        }
        return out;
    }

    /** A property that cannot be read; its message names the property, the value's shape and what it takes. */
    public static final class InvalidSettingException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public InvalidSettingException(String key, Object value, String expected) {
            super(key + " must be " + expected + ", was " + shown(value));
        }

        public InvalidSettingException(String key, String problem) {
            super(key + ": " + problem);
        }

        private static String shown(Object value) {
            String text = String.valueOf(value);
            return "'" + (text.length() > 80 ? text.substring(0, 80) + "…" : text) + "'";
        }
    }
}

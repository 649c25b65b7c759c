package org.cardmanage.core.internal.reader;

import java.util.Map;

import org.cardmanage.api.Atr;
import org.cardmanage.core.internal.CoreLog;
import org.cardmanage.spi.ReaderTransport;

/**
 * A reader's state as its transport's service properties tell it. Lenient in what it accepts (drivers may write
 * strings or numbers), strict in what it believes: an unreadable ATR is logged, not trusted.
 */
public record ReaderProperties(String readerName, String driverName, boolean cardPresent, Atr atr, Long insertion) {

    /**
     * @return the reader's state, or null if the properties name no reader
     */
    public static ReaderProperties from(Map<String, ?> properties) {
        Object name = properties.get(ReaderTransport.READER_NAME);
        if (!(name instanceof String readerName) || readerName.isBlank()) {
            return null;
        }
        Object driver = properties.get(ReaderTransport.DRIVER_NAME);
        String driverName = driver == null ? "unknown" : driver.toString();
        boolean present = isTrue(properties.get(ReaderTransport.CARD_PRESENT));
        Atr atr = null;
        Object atrValue = properties.get(ReaderTransport.CARD_ATR);
        if (present && atrValue != null && !atrValue.toString().isBlank()) {
            try {
                atr = Atr.parseHex(atrValue.toString());
            } catch (IllegalArgumentException e) {
                CoreLog.warn("reader '" + readerName + "' of driver '" + driverName + "' publishes a malformed ATR "
                        + atrValue + ": " + e.getMessage());
            }
        }
        return new ReaderProperties(readerName, driverName, present, atr, toLong(properties.get(ReaderTransport.CARD_INSERTION)));
    }

    private static boolean isTrue(Object value) {
        return value instanceof Boolean b ? b : value != null && Boolean.parseBoolean(value.toString());
    }

    private static Long toLong(Object value) {
        if (value instanceof Number number) {
            return number.longValue();
        }
        if (value != null) {
            try {
                return Long.parseLong(value.toString().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}

package org.cardmanage.remote.internal.client;

import org.cardmanage.remote.internal.wire.Reader;

/**
 * What a farm says about a reader, checked before it becomes a local service's properties: a farm is a peer on the
 * network, not code this framework trusts. Rules:
 * <ul>
 * <li>a reader name has 1..{@value #MAX_NAME} UTF-16 characters, no ISO control character and no lone surrogate;</li>
 * <li>a driver name has at most {@value #MAX_DRIVER} such characters (it may be empty);</li>
 * <li>an ATR is absent or has 2..33 bytes (ISO/IEC 7816-3: TS, T0 and at most 31 more); its structure is the
 * core's to judge, which logs and ignores a malformed one.</li>
 * </ul>
 */
final class ReaderCheck {
    static final int MAX_NAME = 128;
    static final int MAX_DRIVER = 64;
    static final int MIN_ATR = 2;
    static final int MAX_ATR = 33;

    private ReaderCheck() {
    }

    /** @return why the reader cannot be used, or null if it can */
    static String problem(Reader reader) {
        String name = reader.getName();
        if (name.isEmpty() || name.length() > MAX_NAME) {
            return "its name has " + name.length() + " characters, not 1.." + MAX_NAME;
        }
        String nameProblem = textProblem(name);
        if (nameProblem != null) {
            return "its name " + nameProblem;
        }
        String driver = reader.getDriver();
        if (driver.length() > MAX_DRIVER) {
            return "its driver name has " + driver.length() + " characters, not 0.." + MAX_DRIVER;
        }
        String driverProblem = textProblem(driver);
        if (driverProblem != null) {
            return "its driver name " + driverProblem;
        }
        int atr = reader.getAtr().size();
        if (atr != 0 && (atr < MIN_ATR || atr > MAX_ATR)) {
            return "its ATR has " + atr + " bytes, not " + MIN_ATR + ".." + MAX_ATR;
        }
        return null;
    }

    private static String textProblem(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                return "holds a control character";
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "holds a lone surrogate";
            }
        }
        return null;
    }
}

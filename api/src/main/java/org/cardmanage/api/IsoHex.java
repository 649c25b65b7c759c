package org.cardmanage.api;

/**
 * Hex formatting and parsing shared by the ISO 7816 value types. Formatting is uppercase; parsing accepts the
 * separators people paste from logs and specifications (spaces, tabs, line breaks, colons).
 */
final class IsoHex {

    private static final char[] DIGITS = "0123456789ABCDEF".toCharArray();

    private IsoHex() {
    }

    /**
     * Formats bytes as uppercase hex pairs separated by single spaces, e.g. {@code 00 A4 04 00}.
     *
     * @return the hex text, empty for an empty range
     */
    static String spaced(byte[] bytes, int offset, int length) {
        if (length == 0) {
            return "";
        }
        // Sized exactly: 3 chars per byte minus the missing trailing space.
        char[] out = new char[length * 3 - 1];
        int o = 0;
        for (int i = offset; i < offset + length; i++) {
            if (o > 0) {
                out[o++] = ' ';
            }
            out[o++] = DIGITS[(bytes[i] >> 4) & 0xF];
            out[o++] = DIGITS[bytes[i] & 0xF];
        }
        return new String(out);
    }

    /** @return {@link #spaced(byte[], int, int)} of the whole array */
    static String spaced(byte[] bytes) {
        return spaced(bytes, 0, bytes.length);
    }

    /** @return a byte count for messages: "1 byte", "5 bytes" */
    static String count(int n) {
        return n == 1 ? "1 byte" : n + " bytes";
    }

    /** @return uppercase hex pairs without separators, e.g. {@code 3B8F80} */
    static String compact(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = DIGITS[(bytes[i] >> 4) & 0xF];
            out[2 * i + 1] = DIGITS[bytes[i] & 0xF];
        }
        return new String(out);
    }

    /** @return one byte as two uppercase hex digits, e.g. {@code 3B} */
    static String pair(int value) {
        return new String(new char[] {DIGITS[(value >> 4) & 0xF], DIGITS[value & 0xF]});
    }

    /** @return a status word as four uppercase hex digits, e.g. {@code 6A82} */
    static String word(int value) {
        return pair(value >> 8) + pair(value);
    }

    /**
     * Parses hex text. Pairs of hex digits (either case) form bytes; spaces, tabs, line breaks and colons may separate
     * bytes but may not split one.
     *
     * @param text the hex text
     * @param what what the text describes, for the exception message (e.g. "ATR")
     * @return the bytes, possibly empty
     * @throws IllegalArgumentException if the text is null, has a character that is neither a hex digit nor a
     *         separator, or has a digit that is not paired
     */
    static byte[] parse(String text, String what) {
        if (text == null) {
            throw new IllegalArgumentException(what + " hex string is null");
        }
        byte[] buffer = new byte[(text.length() + 1) / 2];
        int count = 0;
        int high = -1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int digit = Character.digit(c, 16);
            if (digit >= 0 && c < 128) {
                if (high < 0) {
                    high = digit;
                } else {
                    buffer[count++] = (byte) ((high << 4) | digit);
                    high = -1;
                }
            } else if (c == ' ' || c == ':' || c == '\t' || c == '\n' || c == '\r') {
                if (high >= 0) {
                    throw unpaired(what, i - 1, text);
                }
            } else {
                throw new IllegalArgumentException(
                        what + " hex string has invalid character '" + c + "' at index " + i
                                + ": expected hex digits separated by spaces or colons");
            }
        }
        if (high >= 0) {
            throw unpaired(what, text.length() - 1, text);
        }
        return count == buffer.length ? buffer : java.util.Arrays.copyOf(buffer, count);
    }

    private static IllegalArgumentException unpaired(String what, int index, String text) {
        return new IllegalArgumentException(what + " hex string has an unpaired hex digit '" + text.charAt(index)
                + "' at index " + index + ": every byte needs two digits");
    }
}

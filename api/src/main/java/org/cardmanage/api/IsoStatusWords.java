package org.cardmanage.api;

/**
 * The ISO/IEC 7816-4 §5.6 status word table: an English meaning for each interindustry SW1 SW2 value, with fallbacks
 * by SW1 for values the table does not list.
 */
final class IsoStatusWords {

    private IsoStatusWords() {
    }

    /**
     * Returns the meaning of a status word.
     *
     * @param sw the status word, 0x0000..0xFFFF
     * @return the English meaning, never null; "unknown status" for values outside the interindustry ranges
     * @throws IllegalArgumentException if sw is outside 0x0000..0xFFFF
     */
    static String meaning(int sw) {
        checkRange(sw);
        int sw1 = sw >> 8;
        int sw2 = sw & 0xFF;
        // Status words whose SW2 carries a number.
        if (sw1 == 0x61) {
            return "more data available: " + bytes(sw2 == 0 ? 256 : sw2);
        }
        if (sw1 == 0x6C) {
            return "wrong length: expected " + (sw2 == 0 ? 256 : sw2);
        }
        if ((sw & 0xFFF0) == 0x63C0) {
            int retries = sw2 & 0x0F;
            return "verification failed: " + retries + (retries == 1 ? " retry left" : " retries left");
        }
        String exact = exact(sw);
        return exact != null ? exact : bySw1(sw1);
    }

    /**
     * Checks a status word is 16 bits.
     *
     * @throws IllegalArgumentException if it is not
     */
    static void checkRange(int sw) {
        if (sw < 0 || sw > 0xFFFF) {
            // Negative values read better in decimal than as 8 hex digits.
            String shown = sw < 0 ? Integer.toString(sw)
                    : "0x" + Integer.toHexString(sw).toUpperCase(java.util.Locale.ROOT);
            throw new IllegalArgumentException("status word " + shown + " out of range 0x0000..0xFFFF");
        }
    }

    private static String bytes(int n) {
        return n == 1 ? "1 byte" : n + " bytes";
    }

    private static String exact(int sw) {
        return switch (sw) {
            case 0x9000 -> "OK";
            // 62xx: warning, non-volatile memory unchanged
            case 0x6281 -> "part of returned data may be corrupted";
            case 0x6282 -> "end of file reached before reading Le bytes";
            case 0x6283 -> "selected file deactivated";
            case 0x6284 -> "file control information not formatted according to ISO 7816-4";
            case 0x6285 -> "selected file in termination state";
            case 0x6286 -> "no input data available from a sensor on the card";
            // 63xx: warning, non-volatile memory changed
            case 0x6381 -> "file filled up by the last write";
            // 64xx-66xx: execution errors
            case 0x6401 -> "immediate response required by the card";
            case 0x6581 -> "memory failure";
            // 67xx-6Fxx: checking errors
            case 0x6700 -> "wrong length";
            case 0x6881 -> "logical channel not supported";
            case 0x6882 -> "secure messaging not supported";
            case 0x6883 -> "last command of the chain expected";
            case 0x6884 -> "command chaining not supported";
            case 0x6981 -> "command incompatible with file structure";
            case 0x6982 -> "security status not satisfied";
            case 0x6983 -> "authentication method blocked";
            case 0x6984 -> "reference data not usable";
            case 0x6985 -> "conditions of use not satisfied";
            case 0x6986 -> "command not allowed: no current EF";
            case 0x6987 -> "expected secure messaging data objects missing";
            case 0x6988 -> "incorrect secure messaging data objects";
            case 0x6A80 -> "incorrect parameters in the command data field";
            case 0x6A81 -> "function not supported";
            case 0x6A82 -> "file not found";
            case 0x6A83 -> "record not found";
            case 0x6A84 -> "not enough memory space in the file";
            case 0x6A85 -> "Nc inconsistent with TLV structure";
            case 0x6A86 -> "incorrect parameters P1-P2";
            case 0x6A87 -> "Nc inconsistent with parameters P1-P2";
            case 0x6A88 -> "reference data not found";
            case 0x6A89 -> "file already exists";
            case 0x6A8A -> "DF name already exists";
            case 0x6B00 -> "wrong parameters P1-P2";
            case 0x6D00 -> "instruction not supported";
            case 0x6E00 -> "class not supported";
            case 0x6F00 -> "no information given";
            default -> null;
        };
    }

    private static String bySw1(int sw1) {
        return switch (sw1) {
            case 0x62 -> "warning, state of non-volatile memory unchanged";
            case 0x63 -> "warning, state of non-volatile memory changed";
            case 0x64 -> "execution error";
            case 0x65 -> "execution error, state of non-volatile memory changed";
            case 0x66 -> "execution error, security related";
            case 0x68 -> "functions in CLA not supported";
            case 0x69 -> "command not allowed";
            case 0x6A -> "wrong parameters P1-P2";
            case 0x67, 0x6B, 0x6D, 0x6E, 0x6F -> "checking error";
            default -> "unknown status";
        };
    }
}

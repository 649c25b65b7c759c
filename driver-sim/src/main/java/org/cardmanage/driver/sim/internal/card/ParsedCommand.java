package org.cardmanage.driver.sim.internal.card;

import java.util.Arrays;

/**
 * A command APDU split into header, command data and Ne, following the ISO 7816-4 (5.1) cases 1, 2S, 3S, 4S,
 * 2E, 3E and 4E.
 *
 * @param ne the maximum number of response bytes expected: {@link #NO_LE} when the Le field is absent, 256 for a
 *           short Le of 00 and 65536 for an extended Le of 0000
 */
record ParsedCommand(int cla, int ins, int p1, int p2, byte[] data, int ne, boolean extended) {

    static final int NO_LE = -1;

    private static final byte[] NONE = new byte[0];

    /** Lc present (case 3 or 4); Lc can never be zero, so this is the same as "has command data". */
    boolean hasData() {
        return data.length > 0;
    }

    /** Le present (case 2 or 4). */
    boolean hasLe() {
        return ne != NO_LE;
    }

    /**
     * Parses a raw command APDU.
     *
     * @return the parsed command, or {@code null} when the length fields do not match the APDU's length
     */
    static ParsedCommand parse(byte[] apdu) {
        int n = apdu.length;
        if (n < 4) {
            return null;
        }
        int cla = apdu[0] & 0xFF;
        int ins = apdu[1] & 0xFF;
        int p1 = apdu[2] & 0xFF;
        int p2 = apdu[3] & 0xFF;
        if (n == 4) { // case 1
            return new ParsedCommand(cla, ins, p1, p2, NONE, NO_LE, false);
        }
        int b5 = apdu[4] & 0xFF;
        if (n == 5) { // case 2S
            return new ParsedCommand(cla, ins, p1, p2, NONE, b5 == 0 ? 256 : b5, false);
        }
        if (b5 != 0) { // case 3S or 4S, b5 is Lc
            if (n == 5 + b5) {
                return new ParsedCommand(cla, ins, p1, p2, Arrays.copyOfRange(apdu, 5, n), NO_LE, false);
            }
            if (n == 6 + b5) {
                int le = apdu[n - 1] & 0xFF;
                return new ParsedCommand(cla, ins, p1, p2, Arrays.copyOfRange(apdu, 5, n - 1), le == 0 ? 256 : le,
                        false);
            }
            return null;
        }
        // b5 == 00 starts an extended length field
        if (n < 7) {
            return null;
        }
        int x = ((apdu[5] & 0xFF) << 8) | (apdu[6] & 0xFF);
        if (n == 7) { // case 2E
            return new ParsedCommand(cla, ins, p1, p2, NONE, x == 0 ? 65536 : x, true);
        }
        if (x == 0) { // an extended Lc of 0000 is not allowed
            return null;
        }
        if (n == 7 + x) { // case 3E
            return new ParsedCommand(cla, ins, p1, p2, Arrays.copyOfRange(apdu, 7, n), NO_LE, true);
        }
        if (n == 9 + x) { // case 4E
            int le = ((apdu[n - 2] & 0xFF) << 8) | (apdu[n - 1] & 0xFF);
            return new ParsedCommand(cla, ins, p1, p2, Arrays.copyOfRange(apdu, 7, n - 2), le == 0 ? 65536 : le,
                    true);
        }
        return null;
    }
}

package org.cardmanage.api;

/**
 * Encoding, decoding and validation of ISO/IEC 7816-4 §5.1 command APDUs (the seven encodings 1, 2S, 3S, 4S, 2E,
 * 3E, 4E; decoding per ISO/IEC 7816-3 §12.1.3). Kept apart from {@link CommandApdu} so the public class stays a
 * readable value type.
 */
final class IsoCommandCodec {

    /** Largest Nc (command data length), the extended Lc maximum. */
    static final int MAX_NC = 65535;
    /** Largest Ne (expected response length), encoded as extended Le 00 00. */
    static final int MAX_NE = 65536;
    /** Largest Nc a short Lc can carry. */
    static final int SHORT_MAX_NC = 255;
    /** Largest Ne a short Le can carry (encoded as 00). */
    static final int SHORT_MAX_NE = 256;

    /** An encoding this codec owns (never shared with callers) and what it says. */
    record Encoded(byte[] bytes, int nc, int ne, boolean extended) {
    }

    private IsoCommandCodec() {
    }

    /**
     * Validates the fields and encodes a command APDU.
     *
     * @param forceExtended whether to use the extended form even when the short form would do; ignored for case 1,
     *        which has no length fields
     * @throws IllegalArgumentException if any field is out of range
     */
    static Encoded encode(int cla, int ins, int p1, int p2, byte[] data, int offset, int length, int ne,
            boolean forceExtended) {
        checkHeader(cla, ins, p1, p2);
        checkData(data, offset, length);
        checkNe(ne);
        int nc = length;
        boolean extended = (nc > 0 || ne > 0) && (forceExtended || nc > SHORT_MAX_NC || ne > SHORT_MAX_NE);
        int size = 4;
        if (nc > 0) {
            size += (extended ? 3 : 1) + nc;
        }
        if (ne > 0) {
            // Case 4E shares the leading 00 with Lc, so its Le is 2 bytes; case 2E needs 00 + 2 bytes.
            size += extended ? (nc > 0 ? 2 : 3) : 1;
        }
        byte[] b = new byte[size];
        b[0] = (byte) cla;
        b[1] = (byte) ins;
        b[2] = (byte) p1;
        b[3] = (byte) p2;
        int pos = 4;
        if (extended) {
            b[pos++] = 0;
        }
        if (nc > 0) {
            if (extended) {
                b[pos++] = (byte) (nc >> 8);
            }
            b[pos++] = (byte) nc;
            System.arraycopy(data, offset, b, pos, nc);
            pos += nc;
        }
        if (ne > 0) {
            // The (byte) casts encode the maxima as zero: 256 -> 00, 65536 -> 00 00.
            if (extended) {
                b[pos++] = (byte) (ne >> 8);
            }
            b[pos] = (byte) ne;
        }
        return new Encoded(b, nc, ne, extended);
    }

    /**
     * Decodes a command APDU from a copy of the given bytes.
     *
     * @throws IllegalArgumentException if the bytes are null or not one of the seven valid encodings
     */
    static Encoded decode(byte[] apdu) {
        if (apdu == null) {
            throw new IllegalArgumentException("APDU is null");
        }
        int len = apdu.length;
        if (len < 4) {
            throw new IllegalArgumentException(
                    "APDU truncated: " + IsoHex.count(len) + ", a command needs at least 4 (CLA INS P1 P2)");
        }
        // Copy first so a caller mutating its array cannot make the checked and the kept bytes differ.
        byte[] b = apdu.clone();
        checkCla(b[0] & 0xFF);
        if (len == 4) {
            return new Encoded(b, 0, 0, false);
        }
        int p3 = b[4] & 0xFF;
        if (len == 5) {
            return new Encoded(b, 0, p3 == 0 ? SHORT_MAX_NE : p3, false);
        }
        return p3 != 0 ? decodeShort(b, p3) : decodeExtended(b);
    }

    private static Encoded decodeShort(byte[] b, int lc) {
        int rest = b.length - 5;
        if (rest == lc) {
            return new Encoded(b, lc, 0, false);
        }
        if (rest == lc + 1) {
            int le = b[b.length - 1] & 0xFF;
            return new Encoded(b, lc, le == 0 ? SHORT_MAX_NE : le, false);
        }
        if (rest < lc) {
            throw new IllegalArgumentException("Lc is " + lc + " but " + dataFollow(rest));
        }
        throw new IllegalArgumentException("Lc is " + lc + " but " + rest + " bytes follow: expected " + lc
                + " (data) or " + (lc + 1) + " (data and Le), " + (rest - lc - 1) + " trailing");
    }

    private static Encoded decodeExtended(byte[] b) {
        int len = b.length;
        if (len < 7) {
            // Only a 6-byte APDU gets here: P3 = 00 and one more byte.
            throw new IllegalArgumentException("APDU of 6 bytes has P3 = 00 followed by 1 byte: "
                    + "a short Lc must be 1..255 and an extended length (00 xx yy) needs 7 bytes");
        }
        int l = ((b[5] & 0xFF) << 8) | (b[6] & 0xFF);
        if (len == 7) {
            return new Encoded(b, 0, l == 0 ? MAX_NE : l, true);
        }
        int rest = len - 7;
        if (l == 0) {
            throw new IllegalArgumentException("extended Lc is 0 (00 00 00) but " + IsoHex.count(rest)
                    + " follow: an extended Lc must be 1..65535");
        }
        if (rest == l) {
            return new Encoded(b, l, 0, true);
        }
        if (rest == l + 2) {
            int le = ((b[len - 2] & 0xFF) << 8) | (b[len - 1] & 0xFF);
            return new Encoded(b, l, le == 0 ? MAX_NE : le, true);
        }
        if (rest < l) {
            throw new IllegalArgumentException("extended Lc is " + l + " but " + dataFollow(rest));
        }
        if (rest == l + 3 && b[7 + l] == 0) {
            throw new IllegalArgumentException("extended Le after " + l + " data bytes is 3 bytes (00 xx yy): "
                    + "in case 4E Le is 2 bytes, the leading 00 is sent once before Lc");
        }
        if (rest == l + 1) {
            throw new IllegalArgumentException("extended Lc is " + l + " but " + rest + " bytes follow: "
                    + "a 1-byte Le cannot follow an extended Lc, expected " + l + " (data) or " + (l + 2)
                    + " (data and 2-byte Le)");
        }
        throw new IllegalArgumentException("extended Lc is " + l + " but " + rest + " bytes follow: expected " + l
                + " (data) or " + (l + 2) + " (data and 2-byte Le), " + (rest - l - 2) + " trailing");
    }

    private static String dataFollow(int n) {
        return n == 1 ? "1 data byte follows" : n + " data bytes follow";
    }

    /**
     * Checks CLA, INS, P1 and P2 are bytes and CLA is not the invalid FF.
     *
     * @throws IllegalArgumentException if one is not
     */
    static void checkHeader(int cla, int ins, int p1, int p2) {
        checkByte("CLA", cla);
        checkCla(cla);
        checkByte("INS", ins);
        checkByte("P1", p1);
        checkByte("P2", p2);
    }

    private static void checkCla(int cla) {
        if (cla == 0xFF) {
            throw new IllegalArgumentException("CLA FF is invalid (reserved for PPS)");
        }
    }

    private static void checkByte(String name, int value) {
        if (value < 0 || value > 0xFF) {
            throw new IllegalArgumentException(name + " " + value + " out of range 0..255");
        }
    }

    /**
     * Checks Ne is 0..65536.
     *
     * @throws IllegalArgumentException if it is not
     */
    static void checkNe(int ne) {
        if (ne < 0 || ne > MAX_NE) {
            throw new IllegalArgumentException("Le " + ne + " out of range 0.." + MAX_NE);
        }
    }

    private static void checkData(byte[] data, int offset, int length) {
        if (data == null) {
            throw new IllegalArgumentException("command data is null");
        }
        if (offset < 0 || length < 0 || offset > data.length - length) {
            throw new IllegalArgumentException("command data range offset " + offset + " length " + length
                    + " is outside the " + data.length + "-byte array");
        }
        if (length > MAX_NC) {
            throw new IllegalArgumentException(
                    "command data is " + length + " bytes, at most " + MAX_NC + " allowed");
        }
    }
}

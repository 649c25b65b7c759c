package org.cardmanage.api;

import java.util.Arrays;

/**
 * An ISO/IEC 7816-4 §5.1 response APDU: optional response data followed by the two-byte status word trailer
 * SW1 SW2.
 *
 * <p>The data length is not limited, so the data of several responses chained by GET RESPONSE may be joined into one
 * value. Instances are immutable; every byte array passed in or returned is copied. Every rejection is an
 * {@link IllegalArgumentException} whose message says what was wrong, null arguments included.
 *
 * @since 1.0
 */
public final class ResponseApdu {

    private final byte[] bytes;

    /**
     * Creates a response from its bytes: the data followed by SW1 SW2.
     *
     * @param bytes the response, at least 2 bytes, copied
     * @throws IllegalArgumentException if bytes is null or shorter than 2 bytes
     */
    public ResponseApdu(byte[] bytes) {
        if (bytes == null) {
            throw new IllegalArgumentException("response APDU is null");
        }
        this.bytes = bytes.clone();
        // Checked on the copy so a concurrent change of the caller's array cannot slip through.
        if (this.bytes.length < 2) {
            throw new IllegalArgumentException("response APDU truncated: " + IsoHex.count(this.bytes.length)
                    + ", a response needs at least 2 (SW1 SW2)");
        }
    }

    // Takes ownership of an array built here and already checked; the flag only tells the constructors apart.
    private ResponseApdu(byte[] owned, boolean owner) {
        this.bytes = owned;
    }

    /**
     * Creates a response from data and a status word.
     *
     * @param data the response data, possibly empty, copied
     * @param sw the status word, 0x0000..0xFFFF
     * @return the response
     * @throws IllegalArgumentException if data is null or sw is out of range
     */
    public static ResponseApdu of(byte[] data, int sw) {
        if (data == null) {
            throw new IllegalArgumentException("response data is null");
        }
        IsoStatusWords.checkRange(sw);
        byte[] b = Arrays.copyOf(data, data.length + 2);
        b[b.length - 2] = (byte) (sw >> 8);
        b[b.length - 1] = (byte) sw;
        return new ResponseApdu(b, true);
    }

    /**
     * Parses a response written in hex, e.g. {@code "6F 10 84 08 ... 90 00"}; spaces, tabs, line breaks and colons
     * may separate bytes.
     *
     * @param hex the hex text
     * @return the response
     * @throws IllegalArgumentException if hex is null, not hex, or encodes fewer than 2 bytes
     */
    public static ResponseApdu parseHex(String hex) {
        byte[] b = IsoHex.parse(hex, "response APDU");
        if (b.length < 2) {
            throw new IllegalArgumentException(
                    "response APDU truncated: " + IsoHex.count(b.length) + ", a response needs at least 2 (SW1 SW2)");
        }
        return new ResponseApdu(b, true);
    }

    /**
     * Returns the English meaning of a status word per the ISO/IEC 7816-4 §5.6 table, e.g. "OK" for 9000, "file not
     * found" for 6A82, "verification failed: 2 retries left" for 63C2; a generic meaning by SW1 for values the table
     * does not list, "unknown status" outside the interindustry ranges.
     *
     * @param sw the status word, 0x0000..0xFFFF
     * @return the meaning, never null
     * @throws IllegalArgumentException if sw is out of range
     */
    public static String statusMeaning(int sw) {
        return IsoStatusWords.meaning(sw);
    }

    /** @return a copy of the response data, without SW1 SW2; empty if there is none */
    public byte[] data() {
        return Arrays.copyOf(bytes, bytes.length - 2);
    }

    /** @return the number of response data bytes */
    public int dataLength() {
        return bytes.length - 2;
    }

    /** @return the status word SW1 SW2 as an int, 0x0000..0xFFFF */
    public int sw() {
        return (sw1() << 8) | sw2();
    }

    /** @return SW1, 0..255 */
    public int sw1() {
        return bytes[bytes.length - 2] & 0xFF;
    }

    /** @return SW2, 0..255 */
    public int sw2() {
        return bytes[bytes.length - 1] & 0xFF;
    }

    /** @return a copy of the whole response: data followed by SW1 SW2 */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** @return whether the status word is 9000 */
    public boolean isSuccess() {
        return sw() == 0x9000;
    }

    /** @return whether the processing completed normally: 9000 or 61xx */
    public boolean isNormal() {
        return sw() == 0x9000 || sw1() == 0x61;
    }

    /** @return whether the processing completed with a warning: 62xx or 63xx */
    public boolean isWarning() {
        int sw1 = sw1();
        return sw1 == 0x62 || sw1 == 0x63;
    }

    /** @return whether the card has more response data for GET RESPONSE: 61xx */
    public boolean hasMoreData() {
        return sw1() == 0x61;
    }

    /**
     * Returns how many more bytes the card has for GET RESPONSE.
     *
     * @return SW2 of 61xx, 1..256 (SW2 00 means 256)
     * @throws IllegalStateException if the status word is not 61xx
     */
    public int moreDataLength() {
        if (!hasMoreData()) {
            throw new IllegalStateException("status word " + IsoHex.word(sw()) + " is not 61xx (more data available)");
        }
        return sw2() == 0 ? 256 : sw2();
    }

    /** @return whether the card rejected the Le field and gave the right one: 6Cxx */
    public boolean isWrongLength() {
        return sw1() == 0x6C;
    }

    /**
     * Returns the Ne the card asks the command to be re-sent with.
     *
     * @return SW2 of 6Cxx, 1..256 (SW2 00 means 256)
     * @throws IllegalStateException if the status word is not 6Cxx
     */
    public int correctLength() {
        if (!isWrongLength()) {
            throw new IllegalStateException("status word " + IsoHex.word(sw()) + " is not 6Cxx (wrong length)");
        }
        return sw2() == 0 ? 256 : sw2();
    }

    /**
     * Returns the English meaning of this response's status word; see {@link #statusMeaning(int)}.
     *
     * @return the meaning, never null
     */
    public String statusMeaning() {
        return IsoStatusWords.meaning(sw());
    }

    /** Two responses are equal when their bytes (data and status word) are equal. */
    @Override
    public boolean equals(Object other) {
        return other instanceof ResponseApdu that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** @return the data then the status word in uppercase hex with spaces, e.g. {@code 6F 10 ... 90 00} */
    @Override
    public String toString() {
        return IsoHex.spaced(bytes);
    }
}

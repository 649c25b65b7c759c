package org.cardmanage.api;

import java.util.Arrays;

/**
 * An ISO/IEC 7816-4 §5.1 command APDU: the header CLA INS P1 P2, optional command data (Nc bytes, 0..65535) and an
 * optional expected response length Ne (0 = no Le field, 1..65536).
 *
 * <p>The encoding is short (1-byte Lc and Le) when Nc &le; 255 and Ne &le; 256, else extended (00 followed by 2-byte
 * Lc and/or Le); {@link #extended(int, int, int, int, byte[], int)} forces the extended form. Ne 256 is encoded as
 * short Le 00 and Ne 65536 as extended Le 00 00. The four cases are: 1 (no data, no Le), 2 (Le only), 3 (data only),
 * 4 (data and Le).
 *
 * <p>A parsed APDU keeps its form: {@code CommandApdu.parse(b).bytes()} equals {@code b} for every valid encoding,
 * including an extended encoding of small values. Equality is therefore by encoding.
 *
 * <p>Instances are immutable; every byte array passed in or returned is copied. Every rejection is an
 * {@link IllegalArgumentException} whose message says what was wrong, null arguments included.
 *
 * @since 1.0
 */
public final class CommandApdu {

    // Shared: an empty array cannot be modified.
    private static final byte[] NO_DATA = new byte[0];

    private final byte[] encoding;
    private final int nc;
    private final int ne;
    private final boolean extended;

    /**
     * Creates a case 1 command: header only.
     *
     * @param cla the class byte, 0..254 (FF is invalid)
     * @param ins the instruction byte, 0..255
     * @param p1 parameter byte 1, 0..255
     * @param p2 parameter byte 2, 0..255
     * @throws IllegalArgumentException if a byte is out of range or CLA is FF
     */
    public CommandApdu(int cla, int ins, int p1, int p2) {
        this(IsoCommandCodec.encode(cla, ins, p1, p2, NO_DATA, 0, 0, 0, false));
    }

    /**
     * Creates a case 2 command: header and Le.
     *
     * @param cla the class byte, 0..254 (FF is invalid)
     * @param ins the instruction byte, 0..255
     * @param p1 parameter byte 1, 0..255
     * @param p2 parameter byte 2, 0..255
     * @param ne the expected response length, 0..65536; 0 means no Le field (case 1)
     * @throws IllegalArgumentException if a byte or Ne is out of range or CLA is FF
     */
    public CommandApdu(int cla, int ins, int p1, int p2, int ne) {
        this(IsoCommandCodec.encode(cla, ins, p1, p2, NO_DATA, 0, 0, ne, false));
    }

    /**
     * Creates a case 3 command: header and command data.
     *
     * @param cla the class byte, 0..254 (FF is invalid)
     * @param ins the instruction byte, 0..255
     * @param p1 parameter byte 1, 0..255
     * @param p2 parameter byte 2, 0..255
     * @param data the command data, 0..65535 bytes, copied; empty means no data (case 1)
     * @throws IllegalArgumentException if a byte is out of range, CLA is FF, or data is null or too long
     */
    public CommandApdu(int cla, int ins, int p1, int p2, byte[] data) {
        this(IsoCommandCodec.encode(cla, ins, p1, p2, data, 0, data == null ? 0 : data.length, 0, false));
    }

    /**
     * Creates a case 4 command: header, command data and Le. With empty data it is case 2, with Ne 0 case 3, with
     * both case 1.
     *
     * @param cla the class byte, 0..254 (FF is invalid)
     * @param ins the instruction byte, 0..255
     * @param p1 parameter byte 1, 0..255
     * @param p2 parameter byte 2, 0..255
     * @param data the command data, 0..65535 bytes, copied
     * @param ne the expected response length, 0..65536; 0 means no Le field
     * @throws IllegalArgumentException if a byte or Ne is out of range, CLA is FF, or data is null or too long
     */
    public CommandApdu(int cla, int ins, int p1, int p2, byte[] data, int ne) {
        this(IsoCommandCodec.encode(cla, ins, p1, p2, data, 0, data == null ? 0 : data.length, ne, false));
    }

    /**
     * Creates a command whose data is a range of an array; otherwise as
     * {@link #CommandApdu(int, int, int, int, byte[], int)}.
     *
     * @param cla the class byte, 0..254 (FF is invalid)
     * @param ins the instruction byte, 0..255
     * @param p1 parameter byte 1, 0..255
     * @param p2 parameter byte 2, 0..255
     * @param data the array holding the command data, copied
     * @param dataOffset where the command data starts in {@code data}
     * @param dataLength Nc, 0..65535
     * @param ne the expected response length, 0..65536; 0 means no Le field
     * @throws IllegalArgumentException if a byte or Ne is out of range, CLA is FF, data is null, or the range is
     *         outside the array or longer than 65535
     */
    public CommandApdu(int cla, int ins, int p1, int p2, byte[] data, int dataOffset, int dataLength, int ne) {
        this(IsoCommandCodec.encode(cla, ins, p1, p2, data, dataOffset, dataLength, ne, false));
    }

    /**
     * Decodes a command APDU; same as {@link #parse(byte[])}.
     *
     * @param apdu the encoding, copied
     * @throws IllegalArgumentException if apdu is null or not a valid encoding
     */
    public CommandApdu(byte[] apdu) {
        this(IsoCommandCodec.decode(apdu));
    }

    private CommandApdu(IsoCommandCodec.Encoded encoded) {
        this.encoding = encoded.bytes();
        this.nc = encoded.nc();
        this.ne = encoded.ne();
        this.extended = encoded.extended();
    }

    /**
     * Creates a command in the extended form even if Nc &le; 255 and Ne &le; 256, e.g. for a card that requires it.
     * A command with neither data nor Le (case 1) has no length fields, so it stays the 4-byte header.
     *
     * @param cla the class byte, 0..254 (FF is invalid)
     * @param ins the instruction byte, 0..255
     * @param p1 parameter byte 1, 0..255
     * @param p2 parameter byte 2, 0..255
     * @param data the command data, 0..65535 bytes, copied
     * @param ne the expected response length, 0..65536; 0 means no Le field
     * @return the command
     * @throws IllegalArgumentException if a byte or Ne is out of range, CLA is FF, or data is null or too long
     */
    public static CommandApdu extended(int cla, int ins, int p1, int p2, byte[] data, int ne) {
        return new CommandApdu(
                IsoCommandCodec.encode(cla, ins, p1, p2, data, 0, data == null ? 0 : data.length, ne, true));
    }

    /**
     * Decodes a command APDU in any of the seven ISO/IEC 7816-3 §12.1.3 encodings (1, 2S, 3S, 4S, 2E, 3E, 4E),
     * keeping its form.
     *
     * @param apdu the encoding, copied
     * @return the command
     * @throws IllegalArgumentException if apdu is null, shorter than 4 bytes, has CLA FF, has a length field that
     *         does not match the bytes that follow (including a short Lc of 00 followed by bytes and an extended Lc of
     *         00 00), or has trailing bytes
     */
    public static CommandApdu parse(byte[] apdu) {
        return new CommandApdu(IsoCommandCodec.decode(apdu));
    }

    /**
     * Decodes a command APDU written in hex, e.g. {@code "00 A4 04 00 07 A0 00 00 00 03 10 10 00"}; spaces, tabs,
     * line breaks and colons may separate bytes.
     *
     * @param hex the hex text
     * @return the command
     * @throws IllegalArgumentException if hex is null, not hex, or not a valid encoding (see {@link #parse(byte[])})
     */
    public static CommandApdu parseHex(String hex) {
        return parse(IsoHex.parse(hex, "command APDU"));
    }

    /** @return the class byte CLA, 0..254 */
    public int cla() {
        return encoding[0] & 0xFF;
    }

    /** @return the instruction byte INS, 0..255 */
    public int ins() {
        return encoding[1] & 0xFF;
    }

    /** @return parameter byte P1, 0..255 */
    public int p1() {
        return encoding[2] & 0xFF;
    }

    /** @return parameter byte P2, 0..255 */
    public int p2() {
        return encoding[3] & 0xFF;
    }

    /** @return a copy of the command data, empty in cases 1 and 2 */
    public byte[] data() {
        // The data starts after the header and Lc; a command without data has no Lc at all.
        int start = nc == 0 ? 4 : extended ? 7 : 5;
        return nc == 0 ? NO_DATA : Arrays.copyOfRange(encoding, start, start + nc);
    }

    /** @return Nc, the number of command data bytes, 0..65535 */
    public int nc() {
        return nc;
    }

    /** @return Ne, the expected response length, 0 (no Le field) or 1..65536 */
    public int ne() {
        return ne;
    }

    /** @return whether the encoding uses extended length fields; false in case 1 */
    public boolean isExtended() {
        return extended;
    }

    /** @return the ISO/IEC 7816-3 case: 1 (no data, no Le), 2 (Le only), 3 (data only) or 4 (data and Le) */
    public int apduCase() {
        if (nc == 0) {
            return ne == 0 ? 1 : 2;
        }
        return ne == 0 ? 3 : 4;
    }

    /** @return a copy of the encoding */
    public byte[] bytes() {
        return encoding.clone();
    }

    /** @return the number of bytes of the encoding, 4..65544 */
    public int length() {
        return encoding.length;
    }

    /**
     * Returns a copy of this command with another Ne and the same header and data, e.g. to re-send after 6Cxx. The
     * form is chosen anew: short if Nc &le; 255 and Ne &le; 256, else extended.
     *
     * @param newNe the expected response length, 0..65536; 0 means no Le field
     * @return the new command
     * @throws IllegalArgumentException if newNe is out of range
     */
    public CommandApdu withNe(int newNe) {
        // The data starts after the header and Lc; a command without data has no Lc at all.
        int start = nc == 0 ? 4 : extended ? 7 : 5;
        return new CommandApdu(IsoCommandCodec.encode(cla(), ins(), p1(), p2(), encoding, start, nc, newNe, false));
    }

    /**
     * Returns the logical channel the class byte addresses (ISO/IEC 7816-4 §5.4.1): CLA 00..1F (first
     * interindustry values) carry channels 0..3 in bits b2-b1, CLA 40..7F (further interindustry values) channels
     * 4..19 as 4 + bits b4-b1. Proprietary and reserved classes (20..3F, 80..FE) report 0.
     *
     * @return the logical channel number, 0..19
     */
    public int logicalChannel() {
        int cla = cla();
        if (cla < 0x20) {
            return cla & 0x03;
        }
        if (cla >= 0x40 && cla < 0x80) {
            return 4 + (cla & 0x0F);
        }
        return 0;
    }

    /** @return whether CLA bit b8 is set, i.e. the class is proprietary (CLA 80..FE) */
    public boolean isProprietaryClass() {
        return (encoding[0] & 0x80) != 0;
    }

    /**
     * Two commands are equal when their encodings are equal; a short and an extended encoding of the same values
     * differ.
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof CommandApdu that && Arrays.equals(encoding, that.encoding);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encoding);
    }

    /** @return the encoding in uppercase hex with spaces, e.g. {@code 00 A4 04 00 02 3F 00} */
    @Override
    public String toString() {
        return IsoHex.spaced(encoding);
    }
}

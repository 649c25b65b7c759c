package org.cardmanage.core.internal.testsupport;

import java.util.HexFormat;

import org.cardmanage.api.CommandApdu;

/** Hex shorthands for APDUs in tests. */
public final class Apdus {
    /** SELECT the MF by id: a plain case 3 command. */
    public static final CommandApdu SELECT_MF = CommandApdu.parseHex("00 A4 00 00 02 3F 00");

    private Apdus() {
    }

    /** @return the bytes of a compact or spaced hex string */
    public static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    /** @return the compact upper-case hex of the bytes, as {@link FakeReader} records them */
    public static String hex(byte[] bytes) {
        return HexFormat.of().withUpperCase().formatHex(bytes);
    }

    /** @return the recorded form of a transmit of this command */
    public static String transmitted(CommandApdu command) {
        return "transmit " + hex(command.bytes());
    }
}

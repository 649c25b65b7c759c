package org.cardmanage.core.internal.model;

import org.cardmanage.api.CommandApdu;

/**
 * The two commands of the model's security card: VERIFY, whose "PIN" names who sends it, and a read of a protected
 * data object, which the card answers only while a PIN is verified.
 */
final class CardCommands {
    static final int SW_OK = 0x9000;
    static final int SW_SECURITY_STATUS_NOT_SATISFIED = 0x6982;

    /** GET DATA of object 0100, which the card keeps behind the PIN. */
    static final CommandApdu READ_PROTECTED = CommandApdu.parseHex("00 CA 01 00 00");

    private static final int INS_VERIFY = 0x20;
    private static final int INS_GET_DATA = 0xCA;

    private CardCommands() {
    }

    /**
     * @param verifier who verifies; the card remembers it, so the model can tell whose security state a read found
     * @return VERIFY of the global PIN 81, with the verifier's number as the PIN
     */
    static CommandApdu verify(int verifier) {
        return new CommandApdu(0x00, INS_VERIFY, 0x00, 0x81, new byte[] {(byte) (verifier >> 8), (byte) verifier});
    }

    static boolean isVerify(byte[] command) {
        return command.length >= 7 && command[0] == 0x00 && command[1] == INS_VERIFY && command[4] == 2;
    }

    /** @return the verifier's number a {@link #verify} command carries */
    static int verifierOf(byte[] command) {
        return (command[5] & 0xFF) << 8 | command[6] & 0xFF;
    }

    static boolean isReadProtected(byte[] command) {
        return command.length >= 4 && command[0] == 0x00 && (command[1] & 0xFF) == INS_GET_DATA && command[2] == 0x01
                && command[3] == 0x00;
    }

    static byte[] status(int sw) {
        return new byte[] {(byte) (sw >> 8), (byte) sw};
    }
}

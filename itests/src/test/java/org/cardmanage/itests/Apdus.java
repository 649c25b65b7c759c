package org.cardmanage.itests;

import org.cardmanage.api.Attachment;
import org.cardmanage.api.CardException;
import org.cardmanage.api.CommandApdu;
import org.cardmanage.api.ResponseApdu;

/** The simulated card's commands the scenarios use (see driver-sim's SimulatedCard and CardFileSystem). */
public final class Apdus {
    /** SELECT the MF by FID, no response data. */
    public static final CommandApdu SELECT_MF = CommandApdu.parseHex("00 A4 00 0C 02 3F 00");
    /** SELECT the MF asking for its FCP: a case-4 command, which a T=0 card answers with 61xx. */
    public static final CommandApdu SELECT_MF_WITH_FCP = CommandApdu.parseHex("00 A4 00 00 02 3F 00 00");
    /** SELECT EF 2F01 (600 bytes, byte i = i &amp; 0xFF) under the current DF. */
    public static final CommandApdu SELECT_EF_2F01 = CommandApdu.parseHex("00 A4 02 0C 02 2F 01");
    /** SELECT EF 5001 (read needs the PIN) by path from the MF: DF 5000, EF 5001. */
    public static final CommandApdu SELECT_EF_5001 = CommandApdu.parseHex("00 A4 08 0C 04 50 00 50 01");
    /** READ BINARY of the whole of EF 5001 (64 bytes). */
    public static final CommandApdu READ_5001 = CommandApdu.parseHex("00 B0 00 00 40");
    /** VERIFY PIN reference 81 with the right PIN, "1234". */
    public static final CommandApdu VERIFY_PIN = CommandApdu.parseHex("00 20 00 81 04 31 32 33 34");

    /** Size of EF 2F01. */
    public static final int EF_2F01_SIZE = 600;
    /** 6982: security status not satisfied. */
    public static final int SW_SECURITY_NOT_SATISFIED = 0x6982;
    /** 9000. */
    public static final int SW_OK = 0x9000;

    private Apdus() {
    }

    /** READ BINARY at an offset of the current EF. */
    public static CommandApdu readBinary(int offset, int length) {
        return new CommandApdu(0x00, 0xB0, offset >> 8, offset & 0xFF, length);
    }

    /** Selects EF 5001 and reads it; returns the READ BINARY status word (9000 when the PIN is verified, else 6982). */
    public static int readSecretFile(Attachment attachment) throws CardException {
        ResponseApdu select = attachment.transmit(SELECT_EF_5001);
        if (select.sw() != SW_OK) {
            throw new AssertionError("SELECT EF 5001 on " + attachment.readerName() + " answered " + select);
        }
        return attachment.transmit(READ_5001).sw();
    }

    /** Verifies the PIN, failing the test unless the card answers 9000. */
    public static void verifyPin(Attachment attachment) throws CardException {
        ResponseApdu response = attachment.transmit(VERIFY_PIN);
        if (response.sw() != SW_OK) {
            throw new AssertionError("VERIFY PIN on " + attachment.readerName() + " answered " + response);
        }
    }

    /** @return the status word as 4 hex digits, for messages */
    public static String sw(int sw) {
        return String.format("%04X", sw);
    }
}

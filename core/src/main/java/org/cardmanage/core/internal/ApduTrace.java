package org.cardmanage.core.internal;

import org.cardmanage.api.CommandApdu;
import org.cardmanage.api.ResponseApdu;

/**
 * Formats APDUs for the trace log. The data of commands that carry PINs or PUKs (VERIFY, CHANGE REFERENCE DATA,
 * ENABLE and DISABLE VERIFICATION REQUIREMENT, RESET RETRY COUNTER, in any class) is never written: only its length
 * is.
 */
public final class ApduTrace {

    private ApduTrace() {
    }

    public static boolean carriesSecret(CommandApdu command) {
        int ins = command.ins();
        return command.nc() > 0
                && (ins == 0x20 || ins == 0x21 || ins == 0x24 || ins == 0x26 || ins == 0x28 || ins == 0x2C);
    }

    public static String format(CommandApdu command) {
        if (!carriesSecret(command)) {
            return command.toString();
        }
        return String.format("%02X %02X %02X %02X [%d bytes of reference data redacted]%s", command.cla(),
                command.ins(), command.p1(), command.p2(), command.nc(),
                command.ne() > 0 ? " Le=" + command.ne() : "");
    }

    public static String line(String readerName, String attachmentId, CommandApdu command, ResponseApdu response,
            long nanos) {
        return String.format("%s %s > %s < %s (%s) %d us", readerName, attachmentId, format(command), response,
                response.statusMeaning(), nanos / 1000);
    }
}

package org.cardmanage.driver.pcsc.internal.jdk;

import org.cardmanage.driver.pcsc.internal.port.Pcsc;
import org.cardmanage.driver.pcsc.internal.port.PcscException;

/**
 * The command APDUs {@code CardChannel.transmit} would refuse or rewrite, refused here before anything is sent: the
 * basic channel sets the CLA's logical channel bits to 0, rejects MANAGE CHANNEL and commands shorter than 4 bytes, and
 * cannot send extended length on T=0. A PC/SC transmit would send them as they are; the JDK cannot, so they fail.
 */
final class JdkApdus {
    private static final int INS_MANAGE_CHANNEL = 0x70;

    private JdkApdus() {
    }

    /**
     * @return a copy of the command, for the JDK to write into
     * @throws PcscException {@link Pcsc#SCARD_E_INVALID_PARAMETER} for fewer than 4 bytes (no APDU),
     *     {@link Pcsc#SCARD_E_UNSUPPORTED_FEATURE} for MANAGE CHANNEL or a CLA naming another logical channel
     */
    static byte[] checked(byte[] command) throws PcscException {
        if (command == null || command.length < 4) {
            throw new PcscException("SCardTransmit", Pcsc.SCARD_E_INVALID_PARAMETER);
        }
        int cla = command[0] & 0xFF;
        boolean interindustry = (cla & 0x80) == 0 && (cla & 0xE0) != 0x20;
        if (interindustry && ((command[1] & 0xFF) == INS_MANAGE_CHANNEL || (cla & 0x43) != 0)) {
            throw new PcscException("SCardTransmit", Pcsc.SCARD_E_UNSUPPORTED_FEATURE);
        }
        return command.clone();
    }

    /**
     * @param cardProtocol the protocol the card was connected with
     * @param protocol the protocol the caller's send PCI names
     * @throws PcscException {@link Pcsc#SCARD_E_PROTO_MISMATCH} if they differ,
     *     {@link Pcsc#SCARD_E_UNSUPPORTED_FEATURE} for extended length on T=0
     */
    static void checkProtocol(int cardProtocol, int protocol, byte[] apdu) throws PcscException {
        if (cardProtocol != Pcsc.SCARD_PROTOCOL_UNDEFINED && protocol != cardProtocol) {
            throw new PcscException("SCardTransmit", Pcsc.SCARD_E_PROTO_MISMATCH);
        }
        if (cardProtocol == Pcsc.SCARD_PROTOCOL_T0 && apdu.length >= 7 && apdu[4] == 0) {
            throw new PcscException("SCardTransmit", Pcsc.SCARD_E_UNSUPPORTED_FEATURE);
        }
    }
}

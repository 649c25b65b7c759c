package org.cardmanage.driver.pcsc.internal.jdk;

import org.cardmanage.driver.pcsc.internal.port.Pcsc;
import org.cardmanage.driver.pcsc.internal.port.PcscException;

/**
 * What of PC/SC's share modes, protocols and dispositions {@code CardTerminal.connect(String)} and
 * {@code Card.disconnect(boolean)} can express, and the refusal for the rest.
 */
final class JdkModes {
    /** The protocol string {@code CardTerminal.connect} takes for a direct connection. */
    static final String DIRECT = "DIRECT";

    private JdkModes() {
    }

    /**
     * @return the argument of {@code CardTerminal.connect}: {@code T=0}, {@code T=1}, {@code *} or {@code DIRECT}
     * @throws PcscException {@link Pcsc#SCARD_E_UNSUPPORTED_FEATURE} for EXCLUSIVE and for RAW alone (the JDK connects
     *     only SHARED or DIRECT, only T=0/T=1), {@link Pcsc#SCARD_E_INVALID_VALUE} for an unknown mode or no protocol
     */
    static String jdkProtocol(String function, int shareMode, int preferredProtocols) throws PcscException {
        switch (shareMode) {
            case Pcsc.SCARD_SHARE_DIRECT:
                return DIRECT;
            case Pcsc.SCARD_SHARE_EXCLUSIVE:
                throw new PcscException(function, Pcsc.SCARD_E_UNSUPPORTED_FEATURE);
            case Pcsc.SCARD_SHARE_SHARED:
                break;
            default:
                throw new PcscException(function, Pcsc.SCARD_E_INVALID_VALUE);
        }
        boolean t0 = (preferredProtocols & Pcsc.SCARD_PROTOCOL_T0) != 0;
        boolean t1 = (preferredProtocols & Pcsc.SCARD_PROTOCOL_T1) != 0;
        if (t0 && t1) {
            return "*";
        } else if (t0) {
            return "T=0";
        } else if (t1) {
            return "T=1";
        } else if ((preferredProtocols & Pcsc.SCARD_PROTOCOL_RAW) != 0) {
            throw new PcscException(function, Pcsc.SCARD_E_UNSUPPORTED_FEATURE);
        }
        throw new PcscException(function, Pcsc.SCARD_E_INVALID_VALUE);
    }

    /** @return the {@link Pcsc} protocol of {@code Card.getProtocol()} ({@code T=0}, {@code T=1}), else undefined */
    static int protocol(String jdkProtocol) {
        if ("T=0".equalsIgnoreCase(jdkProtocol)) {
            return Pcsc.SCARD_PROTOCOL_T0;
        } else if ("T=1".equalsIgnoreCase(jdkProtocol)) {
            return Pcsc.SCARD_PROTOCOL_T1;
        }
        return Pcsc.SCARD_PROTOCOL_UNDEFINED; // a DIRECT connection: "Unknown protocol 0"
    }

    /**
     * @return true for {@link Pcsc#SCARD_RESET_CARD}, false for {@link Pcsc#SCARD_LEAVE_CARD}
     * @throws PcscException {@link Pcsc#SCARD_E_UNSUPPORTED_FEATURE} for UNPOWER and EJECT, which the JDK cannot
     *     express, {@link Pcsc#SCARD_E_INVALID_VALUE} for anything else
     */
    static boolean reset(String function, int disposition) throws PcscException {
        switch (disposition) {
            case Pcsc.SCARD_LEAVE_CARD:
                return false;
            case Pcsc.SCARD_RESET_CARD:
                return true;
            case Pcsc.SCARD_UNPOWER_CARD:
            case Pcsc.SCARD_EJECT_CARD:
                throw new PcscException(function, Pcsc.SCARD_E_UNSUPPORTED_FEATURE);
            default:
                throw new PcscException(function, Pcsc.SCARD_E_INVALID_VALUE);
        }
    }
}

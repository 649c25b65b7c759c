package org.cardmanage.driver.pcsc.internal.session;

import java.util.Set;

import org.cardmanage.api.Atr;
import org.cardmanage.api.Protocol;
import org.cardmanage.api.ShareMode;
import org.cardmanage.driver.pcsc.internal.port.Pcsc;

/** The API's protocols and ATRs as PC/SC numbers and bytes, and back. */
final class Protocols {

    private Protocols() {
    }

    /** @return the {@code SCARD_PROTOCOL_*} mask to ask for; DIRECT asks for none, an empty set for T=0 or T=1 */
    static int mask(ShareMode mode, Set<Protocol> protocols, String readerName) {
        if (mode == ShareMode.DIRECT) {
            return Pcsc.SCARD_PROTOCOL_UNDEFINED;
        }
        int mask = 0;
        for (Protocol protocol : protocols) {
            mask |= protocol.pcscValue();
        }
        return mask == 0 ? Pcsc.SCARD_PROTOCOL_T0 | Pcsc.SCARD_PROTOCOL_T1 : mask;
    }

    static Protocol of(int pcscValue) {
        return switch (pcscValue) {
            case Pcsc.SCARD_PROTOCOL_T0 -> Protocol.T0;
            case Pcsc.SCARD_PROTOCOL_T1 -> Protocol.T1;
            case Pcsc.SCARD_PROTOCOL_RAW -> Protocol.RAW;
            default -> null;
        };
    }

    static Atr parseAtr(byte[] bytes) {
        if (bytes.length == 0) {
            return null;
        }
        try {
            return Atr.parse(bytes);
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }
}

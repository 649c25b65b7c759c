package org.cardmanage.driver.pcsc.internal;

import org.cardmanage.driver.pcsc.internal.port.Connection;
import org.cardmanage.driver.pcsc.internal.port.Pcsc;
import org.cardmanage.driver.pcsc.internal.port.PcscException;
import org.cardmanage.driver.pcsc.internal.port.PcscPort;
import org.cardmanage.driver.pcsc.internal.session.ContextPool;

/**
 * Reads a new card's ATR by connecting to it (SHARED, then LEAVE), for the jdk backend, whose card events carry no ATR.
 * The native backend never needs it: pcscd reports the ATR with the event.
 */
final class AtrProbe {

    private AtrProbe() {
    }

    /** @return the ATR, or an empty array if the card cannot be reached now */
    static byte[] read(PcscPort port, ContextPool contexts, String reader) {
        ContextPool.Lease lease;
        try {
            lease = contexts.lease();
        } catch (PcscException e) {
            return new byte[0];
        }
        try {
            Connection connection = port.connect(lease.context(), reader, Pcsc.SCARD_SHARE_SHARED,
                    Pcsc.SCARD_PROTOCOL_T0 | Pcsc.SCARD_PROTOCOL_T1);
            try {
                return port.status(connection.handle()).atr();
            } finally {
                port.disconnect(connection.handle(), Pcsc.SCARD_LEAVE_CARD);
            }
        } catch (PcscException | RuntimeException e) {
            return new byte[0];
        } finally {
            contexts.giveBack(lease);
        }
    }
}

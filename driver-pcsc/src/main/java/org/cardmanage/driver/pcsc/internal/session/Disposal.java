package org.cardmanage.driver.pcsc.internal.session;

import org.cardmanage.api.NotSupportedException;
import org.cardmanage.driver.pcsc.internal.port.CardStatus;
import org.cardmanage.driver.pcsc.internal.port.Pcsc;
import org.cardmanage.driver.pcsc.internal.port.PcscException;
import org.cardmanage.driver.pcsc.internal.port.PcscPort;
import org.cardmanage.driver.pcsc.internal.port.ReaderStateQuery;

/**
 * UNPOWER and EJECT as readers really carry them out: pcscd ignores a reader that cannot power a card down or eject
 * it and answers success, so the capability is asked first (power) or the result looked at afterwards (eject), and a
 * reader that cannot is reported with {@link NotSupportedException}.
 */
final class Disposal {
    /** How long an ejected card may take to leave the reader. */
    private static final long EJECT_WAIT_MILLIS = 1_000;

    private Disposal() {
    }

    /**
     * @return false only where the reader says it cannot power a present card down ({@code
     *     SCARD_ATTR_POWER_MGMT_SUPPORT} = 0); pcscd ignores a power-down the reader refuses, so this is asked first
     */
    static boolean canPowerDown(PcscPort port, long h) {
        try {
            byte[] support = port.getAttribute(h, Pcsc.SCARD_ATTR_POWER_MGMT_SUPPORT);
            for (byte b : support) {
                if (b != 0) {
                    return true;
                }
            }
            return support.length == 0;
        } catch (PcscException unknown) {
            return true; // the reader does not say: pcscd tries
        }
    }

    static NotSupportedException cannotPowerDown(String readerName, String operation, String outcome) {
        return new NotSupportedException("reader '" + readerName + "': " + operation + " with UNPOWER failed: the "
                + "reader cannot power a card down (SCARD_ATTR_POWER_MGMT_SUPPORT is 0); " + outcome);
    }

    /**
     * pcscd sends the reader an eject command and ignores a reader that cannot: the card then stays. Whether it went
     * is asked of pcscd on the session's own context, waiting at most one second.
     */
    static boolean stillPresent(PcscPort port, String readerName, long context) {
        ReaderStateQuery[] query = {new ReaderStateQuery(readerName, Pcsc.SCARD_STATE_UNAWARE)};
        try {
            port.getStatusChange(context, 0, query);
            int state = query[0].eventState() & ~Pcsc.SCARD_STATE_CHANGED;
            if ((state & Pcsc.SCARD_STATE_PRESENT) == 0) {
                return false;
            }
            query[0].currentState(state);
            port.getStatusChange(context, EJECT_WAIT_MILLIS, query);
            return (query[0].eventState() & Pcsc.SCARD_STATE_PRESENT) != 0;
        } catch (PcscException e) {
            return false; // the reader or pcscd went: the card is not here to be used
        }
    }

    /** @return whether the handle's card is still there after an eject (SCardStatus says W_REMOVED_CARD if not) */
    static boolean stillHere(PcscPort port, long h) {
        try {
            CardStatus status = port.status(h);
            return (status.state() & Pcsc.SCARD_PRESENT) != 0;
        } catch (PcscException e) {
            return e.code() != Pcsc.SCARD_W_REMOVED_CARD && e.code() != Pcsc.SCARD_E_NO_SMARTCARD;
        }
    }

    static NotSupportedException notEjected(String readerName, String operation, String outcome) {
        return new NotSupportedException("reader '" + readerName + "': " + operation + " with EJECT had no effect: "
                + "the card is still in the reader (pcscd ignores a reader that cannot eject); " + outcome);
    }

    static boolean unsupported(PcscException e) {
        return e.code() == Pcsc.SCARD_E_UNSUPPORTED_FEATURE || e.code() == Pcsc.SCARD_E_UNSUPPORTED_FEATURE_WINDOWS
                || e.code() == Pcsc.SCARD_E_CANT_DISPOSE;
    }
}

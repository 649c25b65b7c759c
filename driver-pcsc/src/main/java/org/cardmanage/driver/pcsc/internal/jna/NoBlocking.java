package org.cardmanage.driver.pcsc.internal.jna;

import java.lang.System.Logger.Level;
import java.util.Optional;

/**
 * pcsc-lite's {@code PCSCLITE_NO_BLOCKING}: with it set, {@code SCardTransmit} and {@code SCardReconnect} on a card
 * that another handle holds in a transaction fail at once with {@code SCARD_E_SHARING_VIOLATION} instead of retrying
 * every 100 ms inside the library until the transaction ends. pcsc-lite reads the variable once per process, when it
 * first initialises (at the first {@code SCardEstablishContext}), so it is set through the C library before the PC/SC
 * library is loaded; it then holds for everything in the process that uses libpcsclite, {@code javax.smartcardio}
 * included.
 */
final class NoBlocking {
    /** The variable's name. */
    static final String VARIABLE = "PCSCLITE_NO_BLOCKING";

    private static final System.Logger LOG = System.getLogger("org.cardmanage.driver.pcsc");

    private NoBlocking() {
    }

    /**
     * Sets the variable unless it is set; logs one warning if it is not and cannot be.
     *
     * @param loadedBefore where the PC/SC library is already mapped into the process (by the JDK's provider or
     *     another library), which may have read its environment already; empty if it is not, or this system does not
     *     tell
     * @return whether the variable holds for this process: set before this call, or set now while no PC/SC library was
     *     loaded
     */
    static boolean request(Optional<String> loadedBefore) {
        try {
            if (LibC.getenv(VARIABLE) != null) {
                return true;
            }
            if (loadedBefore.isPresent()) {
                warn(loadedBefore.get() + " was loaded into this process before the driver's PC/SC backend and may"
                        + " have read its environment already");
                return false;
            }
            if (LibC.setenv(VARIABLE, "1", 0) != 0) {
                warn("setenv failed");
                return false;
            }
            return true;
        } catch (LinkageError e) {
            warn("the C library's setenv is not reachable through JNA (" + e + ")");
            return false;
        }
    }

    private static void warn(String why) {
        LOG.log(Level.WARNING, VARIABLE + " is not set: " + why + ". A PC/SC call on a card that another program"
                + " holds in a transaction waits inside libpcsclite until that transaction ends.");
    }
}

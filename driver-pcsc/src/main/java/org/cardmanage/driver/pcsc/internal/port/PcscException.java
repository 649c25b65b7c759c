package org.cardmanage.driver.pcsc.internal.port;

/**
 * A winscard function returned something other than {@code SCARD_S_SUCCESS}. The message is the function and the code's
 * name only: a port never puts command or response data in it.
 */
public final class PcscException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int code;

    /**
     * @param function the winscard function, e.g. {@code SCardTransmit}
     * @param code the PC/SC return code
     */
    public PcscException(String function, int code) {
        super(function + ": " + Pcsc.codeName(code));
        this.code = code;
    }

    /** @return the PC/SC return code, e.g. {@link Pcsc#SCARD_E_SHARING_VIOLATION} */
    public int code() {
        return code;
    }

    /** @return the code's name, e.g. {@code SCARD_E_SHARING_VIOLATION} */
    public String codeName() {
        return Pcsc.codeName(code);
    }
}

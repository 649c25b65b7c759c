package org.cardmanage.api.service;

import org.cardmanage.api.ScardError;

/**
 * The card rejected a PIN or PUK (status word {@code 63Cx}); {@link #retriesLeft()} says how many tries remain before
 * the reference is blocked. Carries {@link ScardError#SCARD_W_SECURITY_VIOLATION}. The message names the reference and
 * the reader, never the value that was tried.
 *
 * @since 1.0
 */
public class WrongPinException extends CardStatusException {
    private static final long serialVersionUID = 1L;

    private final int retriesLeft;

    /**
     * @param message which reference was rejected, naming the reader (never the PIN)
     * @param sw the status word, e.g. {@code 0x63C2}
     * @param retriesLeft the tries that remain, 0 when the reference is now blocked
     */
    public WrongPinException(String message, int sw, int retriesLeft) {
        super(ScardError.SCARD_W_WRONG_CHV, message, sw);
        this.retriesLeft = retriesLeft;
    }

    /** @return the tries that remain; 0 means the reference is now blocked */
    public int retriesLeft() {
        return retriesLeft;
    }
}

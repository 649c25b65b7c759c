package org.cardmanage.api;

/**
 * The operation needs a card and the reader holds none ({@code SCARD_E_NO_SMARTCARD}).
 *
 * @since 1.0
 */
public class NoCardException extends CardException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong, naming the reader */
    public NoCardException(String message) {
        super(ScardError.SCARD_E_NO_SMARTCARD, message);
    }

    /**
     * @param message what went wrong, naming the reader
     * @param cause the underlying failure, or null
     */
    public NoCardException(String message, Throwable cause) {
        super(ScardError.SCARD_E_NO_SMARTCARD, message, cause);
    }
}

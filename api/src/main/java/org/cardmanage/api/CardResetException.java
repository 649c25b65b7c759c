package org.cardmanage.api;

/**
 * The card was reset by someone else, or a lock was released with RESET after its idle bound ({@code SCARD_W_RESET_CARD}): any security state the caller set up is gone.
 *
 * @since 1.0
 */
public class CardResetException extends CardException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong, naming the reader */
    public CardResetException(String message) {
        super(ScardError.SCARD_W_RESET_CARD, message);
    }

    /**
     * @param message what went wrong, naming the reader
     * @param cause the underlying failure, or null
     */
    public CardResetException(String message, Throwable cause) {
        super(ScardError.SCARD_W_RESET_CARD, message, cause);
    }
}

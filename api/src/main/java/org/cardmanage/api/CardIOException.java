package org.cardmanage.api;

/**
 * Communication with the card or reader failed: the card did not answer, answered with a malformed response, or the
 * driver failed in an unexpected way ({@code SCARD_F_COMM_ERROR} unless a more precise code is given).
 *
 * @since 1.0
 */
public class CardIOException extends CardException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong, naming the reader */
    public CardIOException(String message) {
        super(ScardError.SCARD_F_COMM_ERROR, message);
    }

    /**
     * @param message what went wrong, naming the reader
     * @param cause the underlying failure, or null
     */
    public CardIOException(String message, Throwable cause) {
        super(ScardError.SCARD_F_COMM_ERROR, message, cause);
    }

    /**
     * @param error a more precise PC/SC code, e.g. {@link ScardError#SCARD_W_UNRESPONSIVE_CARD}
     * @param message what went wrong, naming the reader
     * @param cause the underlying failure, or null
     */
    public CardIOException(ScardError error, String message, Throwable cause) {
        super(error, message, cause);
    }
}

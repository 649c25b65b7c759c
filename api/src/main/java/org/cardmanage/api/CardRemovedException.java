package org.cardmanage.api;

/**
 * The card this attachment or handle refers to was removed or replaced ({@code SCARD_W_REMOVED_CARD}). A handle never attaches to another card, even one inserted in the same reader.
 *
 * @since 1.0
 */
public class CardRemovedException extends CardException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong, naming the reader */
    public CardRemovedException(String message) {
        super(ScardError.SCARD_W_REMOVED_CARD, message);
    }

    /**
     * @param message what went wrong, naming the reader
     * @param cause the underlying failure, or null
     */
    public CardRemovedException(String message, Throwable cause) {
        super(ScardError.SCARD_W_REMOVED_CARD, message, cause);
    }
}

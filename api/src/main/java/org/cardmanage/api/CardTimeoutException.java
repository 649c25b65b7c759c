package org.cardmanage.api;

/**
 * A bounded wait ended before the operation could complete ({@code SCARD_E_TIMEOUT}): a lock stayed held, no matching card appeared, or a driver did not answer in time.
 *
 * @since 1.0
 */
public class CardTimeoutException extends CardException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong, naming the reader */
    public CardTimeoutException(String message) {
        super(ScardError.SCARD_E_TIMEOUT, message);
    }

    /**
     * @param message what went wrong, naming the reader
     * @param cause the underlying failure, or null
     */
    public CardTimeoutException(String message, Throwable cause) {
        super(ScardError.SCARD_E_TIMEOUT, message, cause);
    }
}

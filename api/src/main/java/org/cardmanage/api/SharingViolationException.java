package org.cardmanage.api;

/**
 * The card or reader is held by another attachment in a way that excludes this one ({@code SCARD_E_SHARING_VIOLATION}).
 *
 * @since 1.0
 */
public class SharingViolationException extends CardException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong, naming the reader */
    public SharingViolationException(String message) {
        super(ScardError.SCARD_E_SHARING_VIOLATION, message);
    }

    /**
     * @param message what went wrong, naming the reader
     * @param cause the underlying failure, or null
     */
    public SharingViolationException(String message, Throwable cause) {
        super(ScardError.SCARD_E_SHARING_VIOLATION, message, cause);
    }
}

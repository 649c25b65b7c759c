package org.cardmanage.api;

/**
 * The attachment was detached (by its owner, an operator or because its owner bundle went away) and cannot be used ({@code SCARD_E_INVALID_HANDLE}).
 *
 * @since 1.0
 */
public class AttachmentClosedException extends CardException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong, naming the reader */
    public AttachmentClosedException(String message) {
        super(ScardError.SCARD_E_INVALID_HANDLE, message);
    }

    /**
     * @param message what went wrong, naming the reader
     * @param cause the underlying failure, or null
     */
    public AttachmentClosedException(String message, Throwable cause) {
        super(ScardError.SCARD_E_INVALID_HANDLE, message, cause);
    }
}

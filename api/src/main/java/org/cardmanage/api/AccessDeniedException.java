package org.cardmanage.api;

/**
 * The calling bundle may not perform the operation: it does not own the attachment, or the reader access policy denies it ({@code SCARD_W_SECURITY_VIOLATION}).
 *
 * @since 1.0
 */
public class AccessDeniedException extends CardException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong, naming the reader */
    public AccessDeniedException(String message) {
        super(ScardError.SCARD_W_SECURITY_VIOLATION, message);
    }

    /**
     * @param message what went wrong, naming the reader
     * @param cause the underlying failure, or null
     */
    public AccessDeniedException(String message, Throwable cause) {
        super(ScardError.SCARD_W_SECURITY_VIOLATION, message, cause);
    }
}

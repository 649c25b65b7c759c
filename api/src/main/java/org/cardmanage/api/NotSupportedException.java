package org.cardmanage.api;

/**
 * The reader, driver or card does not support the requested operation or interface ({@code SCARD_E_UNSUPPORTED_FEATURE}).
 *
 * @since 1.0
 */
public class NotSupportedException extends CardException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong, naming the reader */
    public NotSupportedException(String message) {
        super(ScardError.SCARD_E_UNSUPPORTED_FEATURE, message);
    }

    /**
     * @param message what went wrong, naming the reader
     * @param cause the underlying failure, or null
     */
    public NotSupportedException(String message, Throwable cause) {
        super(ScardError.SCARD_E_UNSUPPORTED_FEATURE, message, cause);
    }
}

package org.cardmanage.api;

/**
 * No reader of the given name is known ({@code SCARD_E_UNKNOWN_READER}).
 *
 * @since 1.0
 */
public class UnknownReaderException extends CardException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong, naming the reader */
    public UnknownReaderException(String message) {
        super(ScardError.SCARD_E_UNKNOWN_READER, message);
    }

    /**
     * @param message what went wrong, naming the reader
     * @param cause the underlying failure, or null
     */
    public UnknownReaderException(String message, Throwable cause) {
        super(ScardError.SCARD_E_UNKNOWN_READER, message, cause);
    }
}

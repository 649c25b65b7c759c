package org.cardmanage.api;

/**
 * The reader went away (its driver stopped or was updated, or it was unplugged) or cannot be used now ({@code SCARD_E_READER_UNAVAILABLE}). An attachment revoked this way can be {@linkplain Attachment#reconnect reconnected} once a reader of the same name is back.
 *
 * @since 1.0
 */
public class ReaderUnavailableException extends CardException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong, naming the reader */
    public ReaderUnavailableException(String message) {
        super(ScardError.SCARD_E_READER_UNAVAILABLE, message);
    }

    /**
     * @param message what went wrong, naming the reader
     * @param cause the underlying failure, or null
     */
    public ReaderUnavailableException(String message, Throwable cause) {
        super(ScardError.SCARD_E_READER_UNAVAILABLE, message, cause);
    }
}

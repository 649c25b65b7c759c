package org.cardmanage.api;

/**
 * The checked exception of every card operation: it carries the {@link ScardError} that PC/SC would have returned.
 * Subclasses name the common cases so callers can catch what they can handle.
 *
 * @since 1.0
 */
public class CardException extends Exception {
    private static final long serialVersionUID = 1L;

    private final ScardError error;

    /**
     * @param error the PC/SC code
     * @param message what went wrong, naming the reader where there is one
     */
    public CardException(ScardError error, String message) {
        this(error, message, null);
    }

    /**
     * @param error the PC/SC code
     * @param message what went wrong, naming the reader where there is one
     * @param cause the underlying failure, or null
     */
    public CardException(ScardError error, String message, Throwable cause) {
        super(message + " [" + (error == null ? ScardError.SCARD_F_UNKNOWN_ERROR : error).describe() + "]", cause);
        this.error = error == null ? ScardError.SCARD_F_UNKNOWN_ERROR : error;
    }

    /** @return the PC/SC code of this failure */
    public ScardError error() {
        return error;
    }
}

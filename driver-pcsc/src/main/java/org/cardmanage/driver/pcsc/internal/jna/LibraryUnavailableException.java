package org.cardmanage.driver.pcsc.internal.jna;

/**
 * The native PC/SC backend cannot be used: the PC/SC library (or JNA's native part) is missing or does not fit. The
 * message is for the operator and says what is missing and what to do, e.g. {@code libpcsclite.so.1 not found:
 * install libpcsclite1 (Debian) or set library.path}; the cause is JNA's error where there is one. Unchecked: it
 * happens once, when the driver opens its backend, which turns it into the driver's own failure.
 */
public final class LibraryUnavailableException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is missing and what to do
     * @param cause JNA's error, or {@code null}
     */
    public LibraryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

package org.cardmanage.remote.internal.tls;

import java.nio.file.Path;

/**
 * TLS material cannot be used: a certificate, key or CA file is missing, unreadable, of the wrong kind, expired, or
 * the key does not belong to the certificate. The message names the file and the fault and never holds key material,
 * so it can go to a log or a configuration status as it is.
 */
public final class TlsSetupException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong, naming the file
     */
    public TlsSetupException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong, naming the file
     * @param cause the underlying failure
     */
    public TlsSetupException(String message, Throwable cause) {
        super(message, cause);
    }

    static TlsSetupException of(Path file, String problem) {
        return new TlsSetupException(file + ": " + problem);
    }

    static TlsSetupException of(Path file, String problem, Throwable cause) {
        return new TlsSetupException(file + ": " + problem, cause);
    }
}

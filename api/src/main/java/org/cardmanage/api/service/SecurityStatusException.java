package org.cardmanage.api.service;

import org.cardmanage.api.ScardError;

/**
 * The card refused a command because its security conditions are not met (status word {@code 6982}, security status
 * not satisfied): e.g. reading a file that needs the PIN before the PIN was verified. Carries
 * {@link ScardError#SCARD_W_SECURITY_VIOLATION}.
 *
 * @since 1.0
 */
public class SecurityStatusException extends CardStatusException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what was refused, naming the reader
     * @param sw the status word, usually {@code 0x6982}
     */
    public SecurityStatusException(String message, int sw) {
        super(ScardError.SCARD_W_CARD_NOT_AUTHENTICATED, message, sw);
    }
}

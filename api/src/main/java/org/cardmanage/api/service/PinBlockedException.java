package org.cardmanage.api.service;

import org.cardmanage.api.ScardError;

/**
 * The PIN (or PUK) reference is blocked: its retry counter is exhausted (status word {@code 6983}, authentication
 * method blocked), so the card refuses even the right value. A blocked PIN can be unblocked with
 * {@link PinVerification#unblock}; a blocked PUK usually cannot. Carries {@link ScardError#SCARD_W_SECURITY_VIOLATION}.
 *
 * @since 1.0
 */
public class PinBlockedException extends CardStatusException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message which reference is blocked, naming the reader
     * @param sw the status word, usually {@code 0x6983}
     */
    public PinBlockedException(String message, int sw) {
        super(ScardError.SCARD_W_CHV_BLOCKED, message, sw);
    }
}

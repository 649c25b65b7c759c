package org.cardmanage.api.service;

import org.cardmanage.api.ScardError;

/**
 * The file or application a {@link FileAccess} call named does not exist on the card (status word {@code 6A82}).
 *
 * @since 1.0
 */
public class CardFileNotFoundException extends CardStatusException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message which file was not found, naming the reader
     * @param sw the status word, usually {@code 0x6A82}
     */
    public CardFileNotFoundException(String message, int sw) {
        super(ScardError.SCARD_E_FILE_NOT_FOUND, message, sw);
    }
}

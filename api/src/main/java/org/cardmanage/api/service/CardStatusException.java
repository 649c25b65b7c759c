package org.cardmanage.api.service;

import org.cardmanage.api.CardException;
import org.cardmanage.api.ResponseApdu;
import org.cardmanage.api.ScardError;

/**
 * The card refused a command of a card service with an ISO 7816-4 status word that no more specific exception of this
 * package describes, e.g. {@code 6A83} (record not found) or {@code 6B00} (offset outside the EF). The status word is
 * kept, so a caller can look at it.
 *
 * @since 1.0
 */
public class CardStatusException extends CardException {
    private static final long serialVersionUID = 1L;

    private final int sw;

    /**
     * @param message what was refused, naming the reader (never a PIN or other secret)
     * @param sw the status word, {@code 0x0000..0xFFFF}
     */
    public CardStatusException(String message, int sw) {
        this(ScardError.SCARD_E_UNEXPECTED, message, sw);
    }

    /**
     * For subclasses that carry a more precise PC/SC code.
     *
     * @param error the PC/SC code
     * @param message what was refused, naming the reader (never a PIN or other secret)
     * @param sw the status word, {@code 0x0000..0xFFFF}
     */
    protected CardStatusException(ScardError error, String message, int sw) {
        super(error, message + " (SW " + hex(sw) + ": " + meaning(sw) + ")");
        this.sw = sw;
    }

    /** @return the status word the card answered, e.g. {@code 0x6A83} */
    public int sw() {
        return sw;
    }

    private static String hex(int sw) {
        return String.format("%04X", sw & 0xFFFF);
    }

    private static String meaning(int sw) {
        try {
            return ResponseApdu.statusMeaning(sw);
        } catch (IllegalArgumentException outOfRange) {
            return "unknown status";
        }
    }
}

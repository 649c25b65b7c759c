package org.cardmanage.api;

/**
 * What happens to the card when an attachment lets go of it (PC/SC {@code SCARD_*_CARD} dispositions of
 * {@code SCardDisconnect}, {@code SCardEndTransaction} and {@code SCardReconnect}).
 *
 * @since 1.0
 */
public enum Disposition {
    /** Leave the card as it is ({@code SCARD_LEAVE_CARD}). */
    LEAVE(0),
    /** Warm-reset the card: its security state is lost ({@code SCARD_RESET_CARD}). */
    RESET(1),
    /** Power the card down ({@code SCARD_UNPOWER_CARD}). */
    UNPOWER(2),
    /** Eject the card, if the reader can ({@code SCARD_EJECT_CARD}). */
    EJECT(3);

    private final int pcscValue;

    Disposition(int pcscValue) {
        this.pcscValue = pcscValue;
    }

    /** @return the PC/SC {@code SCARD_*_CARD} value */
    public int pcscValue() {
        return pcscValue;
    }

    /**
     * Parses a disposition name, case-insensitively ({@code leave}, {@code RESET}, …).
     *
     * @param name the name
     * @return the disposition
     * @throws IllegalArgumentException if the name is null or names no disposition
     */
    public static Disposition parse(String name) {
        if (name == null) {
            throw new IllegalArgumentException("disposition name is null");
        }
        for (Disposition disposition : values()) {
            if (disposition.name().equalsIgnoreCase(name.trim())) {
                return disposition;
            }
        }
        throw new IllegalArgumentException("unknown disposition '" + name + "': expected leave, reset, unpower or eject");
    }
}

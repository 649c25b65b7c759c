package org.cardmanage.api;

/**
 * How an attachment shares its reader or card with others (PC/SC {@code SCARD_SHARE_*}).
 *
 * @since 1.0
 */
public enum ShareMode {
    /** Others may attach to the same card at the same time ({@code SCARD_SHARE_SHARED}). */
    SHARED(2),
    /** No other attachment may exist while this one lives ({@code SCARD_SHARE_EXCLUSIVE}). */
    EXCLUSIVE(1),
    /** Direct connection to the reader, needs no card ({@code SCARD_SHARE_DIRECT}); for {@code control} codes. */
    DIRECT(3);

    private final int pcscValue;

    ShareMode(int pcscValue) {
        this.pcscValue = pcscValue;
    }

    /** @return the PC/SC {@code SCARD_SHARE_*} value */
    public int pcscValue() {
        return pcscValue;
    }
}

package org.cardmanage.api;

/**
 * The state of the card in a reader as {@code SCardStatus} reports it ({@code SCARD_ABSENT} … {@code SCARD_SPECIFIC}).
 *
 * @since 1.0
 */
public enum CardState {
    /** No card in the reader. */
    ABSENT,
    /** A card is in the reader but not in position for use. */
    PRESENT,
    /** A card is in position but not powered. */
    SWALLOWED,
    /** The card is powered but the reader does not know its mode. */
    POWERED,
    /** The card was reset and waits for PTS negotiation. */
    NEGOTIABLE,
    /** The card was reset and a protocol is in use. */
    SPECIFIC
}

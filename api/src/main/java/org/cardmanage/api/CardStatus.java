package org.cardmanage.api;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@link Attachment#status()} reports ({@code SCardStatus}): the reader, the card state, the protocol in use and
 * the ATR.
 *
 * @since 1.0
 */
public final class CardStatus {
    private final String readerName;
    private final CardState state;
    private final Protocol protocol;
    private final Atr atr;

    /**
     * @param readerName the reader
     * @param state the card state
     * @param protocol the active protocol, or null when none (a direct attachment, no card)
     * @param atr the card's ATR, or null when there is no card
     * @throws IllegalArgumentException if readerName or state is null
     */
    public CardStatus(String readerName, CardState state, Protocol protocol, Atr atr) {
        if (readerName == null || state == null) {
            throw new IllegalArgumentException("reader name and card state must not be null");
        }
        this.readerName = readerName;
        this.state = state;
        this.protocol = protocol;
        this.atr = atr;
    }

    /** @return the reader name */
    public String readerName() {
        return readerName;
    }

    /** @return the card state */
    public CardState state() {
        return state;
    }

    /** @return the active protocol; empty for a direct attachment without a negotiated protocol */
    public Optional<Protocol> protocol() {
        return Optional.ofNullable(protocol);
    }

    /** @return the ATR of the card; empty if there is no card */
    public Optional<Atr> atr() {
        return Optional.ofNullable(atr);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CardStatus that
                && readerName.equals(that.readerName)
                && state == that.state
                && protocol == that.protocol
                && Objects.equals(atr, that.atr);
    }

    @Override
    public int hashCode() {
        return Objects.hash(readerName, state, protocol, atr);
    }

    @Override
    public String toString() {
        return "CardStatus[" + readerName + ", " + state + ", protocol=" + (protocol == null ? "none" : protocol)
                + ", atr=" + (atr == null ? "none" : atr) + "]";
    }
}

package org.cardmanage.api;

import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of one reader as {@link CardManager#readers()} saw it ({@code SCardListReaders} with
 * {@code SCardGetStatusChange}'s reader state).
 *
 * @since 1.0
 */
public final class ReaderInfo {
    private final String name;
    private final String driver;
    private final CardHandle card;

    /**
     * @param name the reader name, unique in the framework
     * @param driver the name of the driver that provides it
     * @param card the card now in the reader, or null if it is empty
     * @throws IllegalArgumentException if the name or driver is null
     */
    public ReaderInfo(String name, String driver, CardHandle card) {
        if (name == null || driver == null) {
            throw new IllegalArgumentException("reader name and driver name must not be null");
        }
        this.name = name;
        this.driver = driver;
        this.card = card;
    }

    /** @return the reader name */
    public String name() {
        return name;
    }

    /** @return the name of the driver providing the reader, e.g. {@code sim} or {@code pcsc} */
    public String driver() {
        return driver;
    }

    /** @return true if a card is in the reader */
    public boolean cardPresent() {
        return card != null;
    }

    /** @return a handle to the card now in the reader, for {@link CardManager#attachByHandle}; empty if none */
    public Optional<CardHandle> card() {
        return Optional.ofNullable(card);
    }

    /** @return the ATR of the card now in the reader; empty if none */
    public Optional<Atr> atr() {
        return card == null ? Optional.empty() : Optional.ofNullable(card.atr());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ReaderInfo that
                && name.equals(that.name)
                && driver.equals(that.driver)
                && Objects.equals(card, that.card);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, driver, card);
    }

    @Override
    public String toString() {
        return "ReaderInfo[" + name + ", driver=" + driver + ", card=" + (card == null ? "none" : card.atr()) + "]";
    }
}

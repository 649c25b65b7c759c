package org.cardmanage.api;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Which cards a {@link CardManager#locate locate} call looks for, as {@code ISCardLocate} /
 * {@code SCardLocateCards} match them: an optional reader-name glob and an optional ATR value under a mask. A
 * filter with neither matches every card.
 *
 * <p>The reader glob uses {@code *} for any sequence of characters (also none) and {@code ?} for exactly one; it is
 * case-sensitive and must match the whole name; there is no escape character. A card's ATR matches when it has the
 * same length as the value and {@code (atr[i] & mask[i]) == (value[i] & mask[i])} for every i.
 *
 * <p>Instances are immutable; every byte array passed in or returned is copied. Every rejection is an
 * {@link IllegalArgumentException} whose message says what was wrong, null arguments included.
 *
 * @since 1.0
 */
public final class CardFilter {

    private static final int MIN_ATR = 2;
    private static final int MAX_ATR = 33;
    private static final CardFilter ANY = new CardFilter(null, null, null, null);

    private final String readerPattern;
    private final IsoGlob readerGlob;
    private final byte[] atrValue;
    private final byte[] atrMask;

    private CardFilter(String readerPattern, IsoGlob readerGlob, byte[] atrValue, byte[] atrMask) {
        this.readerPattern = readerPattern;
        this.readerGlob = readerGlob;
        this.atrValue = atrValue;
        this.atrMask = atrMask;
    }

    /**
     * Returns the filter that matches every card in every reader.
     *
     * @return the filter without constraints
     */
    public static CardFilter any() {
        return ANY;
    }

    /**
     * Returns a filter matching cards whose ATR equals a value under a mask, in any reader.
     *
     * @param value the ATR value, 2..33 bytes, copied
     * @param mask the mask, as long as the value, copied; a 1 bit means the ATR bit must equal the value bit
     * @return the filter
     * @throws IllegalArgumentException if value or mask is null, their lengths differ, or they are not 2..33 bytes
     */
    public static CardFilter atr(byte[] value, byte[] mask) {
        return ANY.withAtr(value, mask);
    }

    /**
     * Returns a filter matching cards whose ATR equals a value under a mask, both written in hex, e.g.
     * {@code atrHex("3B 8F 80 01", "FF FF FF FF")}; spaces, tabs, line breaks and colons may separate bytes.
     *
     * @param value the ATR value in hex
     * @param mask the mask in hex
     * @return the filter
     * @throws IllegalArgumentException if value or mask is null or not hex, or for the reasons of
     *         {@link #atr(byte[], byte[])}
     */
    public static CardFilter atrHex(String value, String mask) {
        byte[] v = IsoHex.parse(value, "ATR value");
        byte[] m = IsoHex.parse(mask, "ATR mask");
        checkAtr(v, m);
        return new CardFilter(null, null, v, m);
    }

    /**
     * Returns a copy of this filter with the ATR constraint replaced.
     *
     * @param value the ATR value, 2..33 bytes, copied
     * @param mask the mask, as long as the value, copied
     * @return the new filter, with this filter's reader pattern
     * @throws IllegalArgumentException if value or mask is null, their lengths differ, or they are not 2..33 bytes
     */
    public CardFilter withAtr(byte[] value, byte[] mask) {
        if (value == null) {
            throw new IllegalArgumentException("ATR value is null");
        }
        if (mask == null) {
            throw new IllegalArgumentException("ATR mask is null");
        }
        byte[] v = value.clone();
        byte[] m = mask.clone();
        checkAtr(v, m);
        return new CardFilter(readerPattern, readerGlob, v, m);
    }

    private static void checkAtr(byte[] value, byte[] mask) {
        if (value.length != mask.length) {
            throw new IllegalArgumentException("ATR value is " + IsoHex.count(value.length) + " but mask is "
                    + IsoHex.count(mask.length) + ": they must be equally long");
        }
        if (value.length < MIN_ATR || value.length > MAX_ATR) {
            throw new IllegalArgumentException("ATR value is " + IsoHex.count(value.length) + ", an ATR has "
                    + MIN_ATR + ".." + MAX_ATR);
        }
    }

    /**
     * Returns a copy of this filter with the reader pattern replaced.
     *
     * @param glob the reader-name glob, e.g. {@code "Sim*"}
     * @return the new filter, with this filter's ATR constraint
     * @throws IllegalArgumentException if glob is null or empty
     */
    public CardFilter withReaderPattern(String glob) {
        return new CardFilter(glob, IsoGlob.compile(glob), atrValue, atrMask);
    }

    /**
     * Tells whether a reader name satisfies the reader pattern.
     *
     * @param readerName the reader name
     * @return true if the pattern matches the whole name or there is no pattern
     * @throws IllegalArgumentException if readerName is null
     */
    public boolean matchesReader(String readerName) {
        if (readerName == null) {
            throw new IllegalArgumentException("reader name is null");
        }
        return readerGlob == null || readerGlob.matches(readerName);
    }

    /**
     * Tells whether an ATR satisfies the ATR constraint.
     *
     * @param atr the card's ATR, or null when there is none (no card)
     * @return true if there is no ATR constraint; false for a null ATR or one of another length; else whether every
     *         masked bit equals the value's
     */
    public boolean matchesAtr(Atr atr) {
        if (atrValue == null) {
            return true;
        }
        if (atr == null) {
            return false;
        }
        byte[] a = atr.rawBytes();
        if (a.length != atrValue.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (((a[i] ^ atrValue[i]) & atrMask[i]) != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Tells whether a card in a reader passes this filter: both {@link #matchesReader(String)} and
     * {@link #matchesAtr(Atr)}.
     *
     * @param readerName the reader name
     * @param atr the card's ATR, or null when there is none
     * @return whether both match
     * @throws IllegalArgumentException if readerName is null
     */
    public boolean matches(String readerName, Atr atr) {
        return matchesReader(readerName) && matchesAtr(atr);
    }

    /** @return the reader-name glob, or empty if any reader matches */
    public Optional<String> readerPattern() {
        return Optional.ofNullable(readerPattern);
    }

    /** @return a copy of the ATR value, or empty if any ATR matches */
    public Optional<byte[]> atrValue() {
        return atrValue == null ? Optional.empty() : Optional.of(atrValue.clone());
    }

    /** @return a copy of the ATR mask, or empty if any ATR matches */
    public Optional<byte[]> atrMask() {
        return atrMask == null ? Optional.empty() : Optional.of(atrMask.clone());
    }

    /** Two filters are equal when their reader patterns, ATR values and ATR masks are equal. */
    @Override
    public boolean equals(Object other) {
        return other instanceof CardFilter that
                && Objects.equals(readerPattern, that.readerPattern)
                && Arrays.equals(atrValue, that.atrValue)
                && Arrays.equals(atrMask, that.atrMask);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Objects.hashCode(readerPattern) + Arrays.hashCode(atrValue)) + Arrays.hashCode(atrMask);
    }

    /** @return e.g. {@code CardFilter[reader=Sim*, atr=3B8F8001/FFFF00FF]}, {@code CardFilter[any]} */
    @Override
    public String toString() {
        if (readerPattern == null && atrValue == null) {
            return "CardFilter[any]";
        }
        StringBuilder s = new StringBuilder("CardFilter[");
        if (readerPattern != null) {
            s.append("reader=").append(readerPattern);
        }
        if (atrValue != null) {
            s.append(readerPattern != null ? ", " : "").append("atr=").append(IsoHex.compact(atrValue))
                    .append('/').append(IsoHex.compact(atrMask));
        }
        return s.append(']').toString();
    }
}

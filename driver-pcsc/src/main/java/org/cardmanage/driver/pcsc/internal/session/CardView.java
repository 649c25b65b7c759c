package org.cardmanage.driver.pcsc.internal.session;

/**
 * The monitor's view of a reader's card at one moment.
 *
 * @param present whether a card is in the reader
 * @param insertion the insertion counter of that card (the last card's while empty)
 * @param atr its ATR as pcscd reported it, empty if none
 */
public record CardView(boolean present, long insertion, byte[] atr) {
    /** An empty reader that never had a card. */
    public static final CardView EMPTY = new CardView(false, 0, new byte[0]);

    public CardView {
        atr = atr == null ? new byte[0] : atr.clone();
    }

    @Override
    public byte[] atr() {
        return atr.clone();
    }
}

package org.cardmanage.driver.pcsc.internal;

import org.cardmanage.driver.pcsc.internal.port.Pcsc;

/**
 * What the monitor knows of one reader at one moment.
 *
 * @param present whether a card is in the reader
 * @param events pcscd's event counter for the reader (it counts insertions and removals), or -1 where unknown; a
 *     change while a card stays present means it was replaced between two looks
 * @param atr the card's ATR as pcscd reported it, empty if none (yet)
 */
record ReaderState(boolean present, int events, byte[] atr) {

    ReaderState {
        atr = atr == null ? new byte[0] : atr.clone();
    }

    ReaderState(boolean present, int events) {
        this(present, events, new byte[0]);
    }

    /** @return the state that an {@code SCardGetStatusChange} event state and ATR describe */
    static ReaderState of(int eventState, byte[] atr) {
        boolean present = (eventState & Pcsc.SCARD_STATE_PRESENT) != 0;
        return new ReaderState(present, Pcsc.eventCounter(eventState), present ? atr : new byte[0]);
    }

    static ReaderState of(int eventState) {
        return of(eventState, new byte[0]);
    }

    @Override
    public byte[] atr() {
        return atr.clone();
    }

    /** @return whether going from {@code before} to this state means that a (new) card arrived */
    boolean isNewCardSince(ReaderState before) {
        if (!present) {
            return false;
        }
        return before == null || !before.present || (events >= 0 && before.events >= 0 && events != before.events);
    }
}

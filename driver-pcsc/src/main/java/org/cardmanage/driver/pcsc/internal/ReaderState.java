package org.cardmanage.driver.pcsc.internal;

/**
 * What the monitor knows of one reader at one moment.
 *
 * @param present whether a card is in the reader
 * @param events pcscd's event counter for the reader (it counts insertions and removals), or -1 where unknown; a
 *     change while a card stays present means it was replaced between two looks
 */
record ReaderState(boolean present, int events) {
    /** {@code SCARD_STATE_PRESENT} */
    static final int PRESENT = 0x0020;

    /** @return the state that an {@code SCardGetStatusChange} event state describes */
    static ReaderState of(int eventState) {
        return new ReaderState((eventState & PRESENT) != 0, (eventState >>> 16) & 0xFFFF);
    }

    /** @return whether going from {@code before} to this state means that a (new) card arrived */
    boolean isNewCardSince(ReaderState before) {
        if (!present) {
            return false;
        }
        return before == null || !before.present || (events >= 0 && before.events >= 0 && events != before.events);
    }
}

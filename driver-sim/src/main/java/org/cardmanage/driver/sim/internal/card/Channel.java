package org.cardmanage.driver.sim.internal.card;

/** The file selection of one logical channel: the current DF and, if any, the current EF inside it. */
final class Channel {

    private CardFile currentDf;
    private CardFile currentEf;

    Channel(CardFile df) {
        this.currentDf = df;
    }

    /** A new channel with the same selection (ISO 7816-4: opening from a channel other than the basic one). */
    Channel copy() {
        Channel c = new Channel(currentDf);
        c.currentEf = currentEf;
        return c;
    }

    CardFile currentDf() {
        return currentDf;
    }

    /** The current EF, or {@code null} when a DF was selected last. */
    CardFile currentEf() {
        return currentEf;
    }

    /** Makes the file current: a DF replaces the current DF and clears the EF, an EF also makes its DF current. */
    void select(CardFile file) {
        if (file.isDf()) {
            currentDf = file;
            currentEf = null;
        } else {
            currentDf = file.parent();
            currentEf = file;
        }
    }
}

package org.cardmanage.remote;

import java.io.Serializable;

/**
 * A farm's reader as {@link RemoteReaders#readers()} reports it.
 *
 * @param name the farm's local reader name
 * @param driver the farm's driver for it, e.g. {@code sim} or {@code pcsc}
 * @param cardPresent whether a card is in the reader
 * @param atrHex the card's ATR as upper-case hex without spaces; empty when there is no card
 * @param insertion the farm's counter of card insertions in this reader; grows with every new card
 * @since 1.0
 */
public record RemoteReader(String name, String driver, boolean cardPresent, String atrHex, long insertion)
        implements Serializable {
}

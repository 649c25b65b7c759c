package org.cardmanage.remote;

import java.io.Serializable;

import org.cardmanage.api.CardEvent;

/**
 * One reader or card event of a farm.
 *
 * @param sequence the farm's event number: grows by one per event across all readers, within one run
 * @param type READER_ADDED, READER_REMOVED, CARD_INSERTED or CARD_REMOVED (attachment events stay on the farm)
 * @param reader the farm's local reader name
 * @param atrHex the inserted card's ATR for CARD_INSERTED, else empty
 * @since 1.0
 */
public record RemoteEvent(long sequence, CardEvent.Type type, String reader, String atrHex) implements Serializable {
}

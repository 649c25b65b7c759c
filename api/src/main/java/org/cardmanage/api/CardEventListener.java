package org.cardmanage.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A whiteboard service that hears about readers, cards and attachments. Register it and the core calls it.
 *
 * <p>Events are delivered off the thread that caused them, one at a time per listener and in order per reader. A
 * listener that throws is logged and keeps receiving events; one that blocks delays only itself.
 *
 * @since 1.0
 */
@ConsumerType
public interface CardEventListener {

    /**
     * Optional service property: a reader-name glob ({@code *}, {@code ?}); the listener then hears only about readers
     * whose name matches.
     */
    String READER_PATTERN = "card.event.reader";

    /**
     * Called for each event.
     *
     * @param event the event
     */
    void cardEvent(CardEvent event);
}

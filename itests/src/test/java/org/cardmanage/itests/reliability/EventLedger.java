package org.cardmanage.itests.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.cardmanage.api.CardEvent;
import org.cardmanage.api.CardEventListener;

/**
 * A card event listener that keeps each reader's events in arrival order (cheaply: tens of thousands arrive under
 * load), and checks them: sequence numbers 1, 2, 3, ... without gap (none lost) or step back (none reordered), and a
 * reader's and its card's life told consistently (added before removed, a card inserted only into a present, empty
 * reader, removed only when present, and gone before its reader goes).
 */
final class EventLedger implements CardEventListener {
    private final Map<String, List<CardEvent>> byReader = new ConcurrentHashMap<>();

    @Override
    public void cardEvent(CardEvent event) {
        List<CardEvent> events = byReader.computeIfAbsent(event.readerName(), r -> new ArrayList<>());
        synchronized (events) {
            events.add(event);
        }
    }

    /** @return the last event of the reader, or null */
    CardEvent last(String reader) {
        List<CardEvent> events = byReader.get(reader);
        if (events == null) {
            return null;
        }
        synchronized (events) {
            return events.isEmpty() ? null : events.get(events.size() - 1);
        }
    }

    long total() {
        long total = 0;
        for (List<CardEvent> events : byReader.values()) {
            synchronized (events) {
                total += events.size();
            }
        }
        return total;
    }

    /**
     * @return what is wrong with the reader's events, or null if nothing is
     */
    String problems(String reader) {
        List<CardEvent> events;
        List<CardEvent> recorded = byReader.get(reader);
        if (recorded == null) {
            return "no events at all";
        }
        synchronized (recorded) {
            events = List.copyOf(recorded);
        }
        boolean readerPresent = false;
        boolean cardPresent = false;
        long expected = events.get(0).sequence();
        if (expected != 1) {
            return "the first event has sequence " + expected + ", not 1: " + events.get(0);
        }
        for (CardEvent event : events) {
            if (event.sequence() != expected) {
                return "expected sequence " + expected + " but got " + event + " (lost or reordered)";
            }
            expected++;
            String wrong = switch (event.type()) {
                case READER_ADDED -> readerPresent ? "added twice" : null;
                case READER_REMOVED -> !readerPresent ? "removed while absent"
                        : cardPresent ? "removed with its card still in" : null;
                case CARD_INSERTED -> !readerPresent ? "card inserted into an absent reader"
                        : cardPresent ? "card inserted into a full reader" : null;
                case CARD_REMOVED -> !cardPresent ? "card removed from an empty reader" : null;
                case ATTACHMENT_REVOKED -> event.attachmentId().isEmpty() ? "revocation without attachment" : null;
            };
            if (wrong != null) {
                return wrong + " at " + event;
            }
            switch (event.type()) {
                case READER_ADDED -> readerPresent = true;
                case READER_REMOVED -> readerPresent = false;
                case CARD_INSERTED -> cardPresent = true;
                case CARD_REMOVED -> cardPresent = false;
                default -> {
                }
            }
        }
        return null;
    }
}

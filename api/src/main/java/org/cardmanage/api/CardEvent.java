package org.cardmanage.api;

import java.time.Instant;
import java.util.Optional;

/**
 * Something that happened to a reader, a card or an attachment, delivered to {@link CardEventListener} services in
 * order per reader.
 *
 * @since 1.0
 */
public final class CardEvent {

    /** The kinds of event. */
    public enum Type {
        /** A reader appeared (its driver registered it). */
        READER_ADDED,
        /** A reader went away. */
        READER_REMOVED,
        /** A card was inserted; {@link CardEvent#atr()} holds its ATR. */
        CARD_INSERTED,
        /** A card was removed. */
        CARD_REMOVED,
        /** The core revoked an attachment: its reader or card went away, or an operator detached it. */
        ATTACHMENT_REVOKED
    }

    private final Type type;
    private final String readerName;
    private final long sequence;
    private final Instant time;
    private final Atr atr;
    private final String attachmentId;
    private final String reason;

    /**
     * @param type the kind of event
     * @param readerName the reader it concerns
     * @param sequence its position among this reader's events: grows by one per event
     * @param time when the core saw it
     * @param atr the card's ATR for {@link Type#CARD_INSERTED}, else null
     * @param attachmentId the attachment for {@link Type#ATTACHMENT_REVOKED}, else null
     * @param reason a short human-readable cause, or null
     * @throws IllegalArgumentException if type, readerName or time is null
     */
    public CardEvent(Type type, String readerName, long sequence, Instant time, Atr atr, String attachmentId,
            String reason) {
        if (type == null || readerName == null || time == null) {
            throw new IllegalArgumentException("event type, reader name and time must not be null");
        }
        this.type = type;
        this.readerName = readerName;
        this.sequence = sequence;
        this.time = time;
        this.atr = atr;
        this.attachmentId = attachmentId;
        this.reason = reason;
    }

    /** @return the kind of event */
    public Type type() {
        return type;
    }

    /** @return the reader the event concerns */
    public String readerName() {
        return readerName;
    }

    /** @return the event's position among its reader's events, for ordering and gap detection */
    public long sequence() {
        return sequence;
    }

    /** @return when the core saw it */
    public Instant time() {
        return time;
    }

    /** @return the inserted card's ATR, for {@link Type#CARD_INSERTED} */
    public Optional<Atr> atr() {
        return Optional.ofNullable(atr);
    }

    /** @return the revoked attachment's id, for {@link Type#ATTACHMENT_REVOKED} */
    public Optional<String> attachmentId() {
        return Optional.ofNullable(attachmentId);
    }

    /** @return why it happened, when the core knows */
    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("CardEvent[").append(type).append(", ").append(readerName)
                .append(", #").append(sequence);
        if (atr != null) {
            text.append(", atr=").append(atr);
        }
        if (attachmentId != null) {
            text.append(", attachment=").append(attachmentId);
        }
        if (reason != null) {
            text.append(", ").append(reason);
        }
        return text.append(']').toString();
    }
}

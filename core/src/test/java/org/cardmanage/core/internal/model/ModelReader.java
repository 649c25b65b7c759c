package org.cardmanage.core.internal.model;

import org.cardmanage.core.internal.testsupport.FakeReader;

/** One reader as the model sees it: the fake driver's reader, its card, and what the core should know about both. */
final class ModelReader {
    final String name;
    final FakeReader fake;
    final SecurityCard card;
    /** Registered with the core (false between a driver stop and start). */
    boolean plugged = true;
    /** A card is in the reader (whether the core can see it or not). */
    boolean cardPresent = true;
    /**
     * Counts what the security state of the card in the reader cannot outlive: another card put in, or the card
     * powered down. An attachment bound to an earlier epoch neither holds nor leaves the state the card has now.
     */
    int cardEpoch = 1;
    /** The lock on the card, while one is held; at most one per card. */
    ModelLock heldLock;

    ModelReader(String name, FakeReader fake) {
        this.name = name;
        this.fake = fake;
        this.card = new SecurityCard(fake);
        fake.card(card);
    }

    /** @return whether another attachment than this one holds the card's lock */
    boolean lockedByOtherThan(ModelAttachment attachment) {
        return heldLock != null && heldLock.holder != attachment;
    }

    /** The card's lock ended (unlocked, detached, card or reader gone, reconnected). */
    void lockEnded() {
        if (heldLock != null) {
            heldLock.held = false;
            heldLock = null;
        }
    }

    @Override
    public String toString() {
        return name;
    }
}

package org.cardmanage.core.internal.model;

import java.util.HashMap;
import java.util.Map;

import org.cardmanage.api.Disposition;

/**
 * How each bundle last let go of each card: what "no inherited card state" (CardManager's class comment) is judged
 * against.
 *
 * <p>All of it is about the card in the reader now: a card that was removed (or powered down) took its state with it,
 * and an attachment bound to it then neither holds nor leaves the state the card has now.
 *
 * <p>The rule: a bundle never finds a card in a security state that another bundle established and left, unless that
 * bundle left it explicitly with LEAVE. So when X's protected read succeeds, the PIN in force was verified
 *
 * <ul>
 *   <li>by X itself; or
 *   <li>by a bundle that still has an attachment on the card it did not detach: sharing a card concurrently is allowed
 *       (PC/SC has one card state for all its handles), and an attachment revoked with its reader is not left; or
 *   <li>by a bundle whose last detach from the card was with LEAVE (detach(LEAVE), or stopped while the configured
 *       abandon disposition was LEAVE); or
 *   <li>by a bundle that left with RESET or UNPOWER while X held the card's lock, and X still holds that same lock:
 *       the core owes that RESET to the card and may not pull the card from under X's transaction, so it applies it
 *       when the lock ends, "before anyone else is admitted". The lock holder is the only one who can see the state
 *       meanwhile, and it could see it anyway while the other bundle was attached.
 * </ul>
 */
final class SecurityLedger {
    /** How a bundle last let go of a card: the disposition asked for, in which step, and whose lock was held then. */
    record Departure(Disposition disposition, String how, int step, ModelLock lockHeldThen) {
    }

    private final Map<ModelReader, Map<ModelBundle, Departure>> departures = new HashMap<>();

    /**
     * Records that one of the bundle's attachments was detached; its own lock has ended already. An attachment bound to
     * a card since removed leaves nothing: that card took its state with it, and the card in the reader now is
     * another one.
     */
    void departed(ModelAttachment attachment, Disposition disposition, String how, int step) {
        if (attachment.onTheCardInTheReader()) {
            departures.computeIfAbsent(attachment.reader, r -> new HashMap<>())
                    .put(attachment.owner, new Departure(disposition, how, step, attachment.reader.heldLock));
        }
    }

    /** The card's state ended (card removed, replaced or powered down): nobody has left the state that comes next. */
    void cardChanged(ModelReader reader) {
        departures.remove(reader);
    }

    /** Why a protected read may find another bundle's PIN; {@link #VIOLATION} if it may not. */
    enum Verdict {
        OWN_PIN, SHARED_WITH_A_BUNDLE_STILL_ATTACHED, LEFT_WITH_LEAVE, OWED_RESET_UNDER_THE_READERS_LOCK, VIOLATION
    }

    /**
     * Judges a protected read that succeeded.
     *
     * @param reading the attachment whose read found the card verified
     * @param verifier the bundle that verified the PIN in force
     */
    Verdict judge(ModelAttachment reading, ModelBundle verifier) {
        if (verifier == reading.owner) {
            return Verdict.OWN_PIN;
        }
        if (verifier.isAttachedToTheCardIn(reading.reader)) {
            return Verdict.SHARED_WITH_A_BUNDLE_STILL_ATTACHED;
        }
        Departure departure = departureOf(reading, verifier);
        if (departure == null) {
            return Verdict.VIOLATION;
        }
        if (departure.disposition() == Disposition.LEAVE) {
            return Verdict.LEFT_WITH_LEAVE;
        }
        ModelLock lock = departure.lockHeldThen();
        if (lock != null && lock.held && lock.holder == reading) {
            return Verdict.OWED_RESET_UNDER_THE_READERS_LOCK;
        }
        return Verdict.VIOLATION;
    }

    /** @return why a read judged {@link Verdict#VIOLATION} broke the rule */
    String explainViolation(ModelAttachment reading, ModelBundle verifier) {
        Departure departure = departureOf(reading, verifier);
        if (departure == null) {
            return "the PIN was verified by " + verifier + ", which has no attachment on the card in "
                    + reading.reader + " and never detached one from it";
        }
        ModelLock lock = departure.lockHeldThen();
        return "it found the PIN verified by " + verifier + ", which left " + reading.reader + " with "
                + departure.how() + " in step " + departure.step() + " and holds no attachment on its card: its "
                + departure.disposition() + " never reached the card"
                + (lock == null ? "" : " (" + lock + " was held when it left)");
    }

    private Departure departureOf(ModelAttachment reading, ModelBundle verifier) {
        return departures.getOrDefault(reading.reader, Map.of()).get(verifier);
    }
}

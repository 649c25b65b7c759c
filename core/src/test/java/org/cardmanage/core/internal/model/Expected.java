package org.cardmanage.core.internal.model;

import org.cardmanage.api.CardException;
import org.cardmanage.api.ScardError;

/**
 * The outcome the model predicts for one API call: it returns, or it throws exactly this {@link CardException} type
 * (and this PC/SC error, where the API documents one). The model passes no null or negative argument, so an
 * IllegalArgumentException, like any other unchecked exception, is a failure of the core.
 */
record Expected(Class<? extends CardException> type, ScardError error) {
    static final Expected RETURNS = new Expected(null, null);

    static Expected fails(Class<? extends CardException> type) {
        return new Expected(type, null);
    }

    /** A plain {@link CardException} with that error, as the API documents for e.g. a second lock. */
    static Expected failsWith(ScardError error) {
        return new Expected(CardException.class, error);
    }

    boolean returns() {
        return type == null;
    }

    /** @throws AssertionError if the call did otherwise than predicted */
    void check(String call, Outcome<?> outcome) {
        Throwable failure = outcome.failure();
        if (outcome.leftInterrupted()) {
            throw new AssertionError(call + " left the calling thread interrupted", failure);
        }
        if (failure != null && !(failure instanceof CardException)) {
            throw new AssertionError(call + " threw " + failure + ": the API throws CardException and its subclasses, "
                    + "and unchecked exceptions only for illegal arguments, which the model never passes", failure);
        }
        if (returns()) {
            if (failure != null) {
                throw new AssertionError(call + " should have returned, but threw " + failure, failure);
            }
            return;
        }
        if (failure == null) {
            throw new AssertionError(call + " should have thrown " + this + ", but returned " + outcome.value());
        }
        if (failure.getClass() != type || (error != null && ((CardException) failure).error() != error)) {
            throw new AssertionError(call + " should have thrown " + this + ", but threw " + failure, failure);
        }
    }

    @Override
    public String toString() {
        return returns() ? "return" : type.getSimpleName() + (error == null ? "" : " " + error);
    }
}

package org.cardmanage.core.internal.model;

/**
 * What one API call did: returned a value or threw; and whether it left the calling thread interrupted, which the core
 * must never do (it takes back the interrupts it uses to cut driver calls short).
 */
record Outcome<T>(T value, Throwable failure, boolean leftInterrupted) {

    static <T> Outcome<T> returned(T value, boolean leftInterrupted) {
        return new Outcome<>(value, null, leftInterrupted);
    }

    static <T> Outcome<T> threw(Throwable failure, boolean leftInterrupted) {
        return new Outcome<>(null, failure, leftInterrupted);
    }

    boolean hasReturned() {
        return failure == null;
    }
}

package org.cardmanage.core.internal.model;

import java.util.Collection;

import org.cardmanage.core.internal.CardCore;
import org.cardmanage.core.internal.testsupport.FakeSession;

/**
 * What must be left once every bundle let go: nothing. The core's attachment table is empty, it owes no disconnect,
 * and every driver session it ever opened is disconnected.
 */
final class Leftovers {
    private final CardCore core;
    private final Collection<ModelReader> readers;
    private final ExpectedDisconnects disconnects;

    Leftovers(CardCore core, Collection<ModelReader> readers, ExpectedDisconnects disconnects) {
        this.core = core;
        this.readers = readers;
        this.disconnects = disconnects;
    }

    /** Call after letting the core settle. */
    void checkNothingLeft(String when) {
        if (!core.allAttachments().isEmpty()) {
            throw new AssertionError(when + ": the core still holds " + core.allAttachments());
        }
        if (!disconnects.isEmpty()) {
            throw new AssertionError(when + ": disconnects are still owed, though no lock is held");
        }
        for (ModelReader reader : readers) {
            for (FakeSession session : reader.fake.sessions()) {
                awaitDisconnected(when, reader, session);
            }
        }
    }

    /**
     * The fake records a disconnect just before it marks its session disconnected; the model waited for the record,
     * so the mark follows within microseconds. The wait is bounded and spins on the condition itself.
     */
    private static void awaitDisconnected(String when, ModelReader reader, FakeSession session) {
        long deadline = System.nanoTime() + BoundedCalls.BOUND.toNanos();
        while (!session.isDisconnected()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(when + ": a driver session on " + reader + " was never disconnected; its "
                        + "calls: " + session.calls());
            }
            Thread.onSpinWait();
        }
    }
}

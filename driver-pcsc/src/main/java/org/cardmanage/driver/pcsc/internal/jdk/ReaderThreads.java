package org.cardmanage.driver.pcsc.internal.jdk;

import java.util.HashMap;
import java.util.Map;

import javax.smartcardio.CardTerminal;

import org.cardmanage.driver.pcsc.internal.port.Pcsc;
import org.cardmanage.driver.pcsc.internal.port.PcscException;

/**
 * One {@link TerminalThread} per reader in use, counted by its users, and the wait of a step that found the card in
 * another handle's transaction: such a step changes nothing and returns a {@link Busy} holding the version it saw;
 * the caller then waits, outside the reader's thread, until {@link #changed()} moves the version on, and tries again
 * (pcsc-lite's client library loops the same way). {@link #busy()} and {@link #changed()} are called with the caller's
 * state lock held, so no change is missed; this object's lock is always taken after it.
 */
final class ReaderThreads {

    /** What a step returns when the card is in another handle's transaction. */
    record Busy(long version) {
    }

    /** A step on the reader's thread: returns its result or a {@link Busy}. */
    @FunctionalInterface
    interface Step {
        Object run() throws Exception;
    }

    private static final class Slot {
        final TerminalThread thread;
        int refs;

        Slot(String reader) {
            this.thread = new TerminalThread(reader);
        }
    }

    private final Map<String, Slot> slots = new HashMap<>();
    private long version;

    /** A user more for the reader's thread (started if needed). */
    synchronized void ref(CardTerminal terminal) {
        slots.computeIfAbsent(terminal.getName(), Slot::new).refs++;
    }

    /** A user less: the last one ends the thread once its calls have run. */
    synchronized void unref(String reader) {
        Slot slot = slots.get(reader);
        if (slot != null && --slot.refs == 0) {
            slots.remove(reader);
            slot.thread.close();
        }
    }

    /** @return what to return from a step held back by another handle's transaction */
    synchronized Busy busy() {
        return new Busy(version);
    }

    /** Wakes the steps held back: a transaction or a handle has changed. */
    synchronized void changed() {
        version++;
        notifyAll();
    }

    /**
     * Runs the step on the reader's thread, again each time it is held back, until it returns something else.
     *
     * @throws PcscException what the step threw; {@link Pcsc#SCARD_E_CANCELLED} if the caller was interrupted while
     *     held back (nothing reached the card)
     */
    @SuppressWarnings("unchecked")
    <T> T attempt(String reader, String function, Step step) throws PcscException {
        TerminalThread thread;
        synchronized (this) {
            Slot slot = slots.get(reader);
            if (slot == null) {
                throw new PcscException(function, Pcsc.SCARD_E_INVALID_HANDLE);
            }
            thread = slot.thread;
        }
        while (true) {
            Object result = thread.call(function, step::run);
            if (!(result instanceof Busy)) {
                return (T) result;
            }
            long seen = ((Busy) result).version();
            synchronized (this) {
                try {
                    while (version == seen) {
                        wait();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new PcscException(function, Pcsc.SCARD_E_CANCELLED);
                }
            }
        }
    }

    /** @return how many readers have a thread (for tests) */
    synchronized int size() {
        return slots.size();
    }
}

package org.cardmanage.core.internal.arbitration;

import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.cardmanage.api.CardException;
import org.cardmanage.api.ScardError;
import org.cardmanage.core.internal.attachment.CoreAttachment;

/**
 * Who waits for one card, and how each is woken: queued callers in arrival order, each with a condition of its own, so
 * a hand-over wakes only who can go next; and privileged waiters (detach, reconnect), which only need the running call
 * to end, on one shared condition. Not thread-safe on its own: every method runs under the {@link CardArbiter}'s mutex,
 * from which the conditions are made.
 */
final class WaitLine {
    /** One queued caller: its place in line and its own wake-up. */
    static final class Ticket {
        private final CoreAttachment attachment;
        private final Condition turn;

        private Ticket(CoreAttachment attachment, Condition turn) {
            this.attachment = attachment;
            this.turn = turn;
        }
    }

    private final String readerName;
    private final ReentrantLock mutex;
    private final Condition privileged;
    private final ArrayDeque<Ticket> queue = new ArrayDeque<>();
    private int privilegedWaiting;

    WaitLine(String readerName, ReentrantLock mutex) {
        this.readerName = readerName;
        this.mutex = mutex;
        this.privileged = mutex.newCondition();
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** @return a new ticket at the end of the line */
    Ticket join(CoreAttachment attachment) {
        Ticket ticket = new Ticket(attachment, mutex.newCondition());
        queue.add(ticket);
        return ticket;
    }

    boolean isHead(Ticket ticket) {
        return queue.peek() == ticket;
    }

    /**
     * Takes the ticket out of the line (admitted, timed out, failed).
     *
     * @return whether it was the head, so whoever is next may now go
     */
    boolean leave(Ticket ticket) {
        boolean wasHead = queue.peek() == ticket;
        queue.remove(ticket);
        return wasHead;
    }

    /** Waits for the ticket's turn to be signalled, at most the given time. */
    void await(Ticket ticket, long remainingNanos) throws CardException {
        await(ticket.turn, remainingNanos);
    }

    /** Waits, outside the line, until the card may have become free, at most the given time. */
    void awaitPrivileged(long remainingNanos) throws CardException {
        privilegedWaiting++;
        try {
            await(privileged, remainingNanos);
        } finally {
            privilegedWaiting--;
        }
    }

    /**
     * The card may have become free: wakes the privileged waiters and the queue's head, or, while a lock is held, its
     * holder's own queued callers.
     *
     * @param lockHolder the attachment holding the card's lock, or null
     */
    void signalNext(CoreAttachment lockHolder) {
        if (privilegedWaiting > 0) {
            privileged.signalAll();
        }
        if (lockHolder == null) {
            Ticket head = queue.peek();
            if (head != null) {
                head.turn.signal();
            }
            return;
        }
        for (Ticket ticket : queue) {
            if (ticket.attachment == lockHolder) {
                ticket.turn.signal();
            }
        }
    }

    /** Something every waiter must look at (its attachment may be unusable now): wakes them all. */
    void signalEveryone() {
        privileged.signalAll();
        for (Ticket ticket : queue) {
            ticket.turn.signal();
        }
    }

    private void await(Condition condition, long remainingNanos) throws CardException {
        try {
            condition.awaitNanos(remainingNanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CardException(ScardError.SCARD_E_CANCELLED,
                    "interrupted while waiting for the card in reader '" + readerName + "'", e);
        }
    }
}

package org.cardmanage.core.internal.reader;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.cardmanage.api.CardException;
import org.cardmanage.api.CardFilter;
import org.cardmanage.api.CardTimeoutException;
import org.cardmanage.api.ScardError;
import org.cardmanage.core.internal.attachment.CoreCardHandle;
import org.cardmanage.core.internal.attachment.ReaderSlot;
import org.cardmanage.core.internal.attachment.Timeouts;

/**
 * The callers waiting in {@code locate()}. Insertions complete matching waiters directly, so a wait costs nothing until
 * a card arrives: no polling.
 */
public final class CardLocator {

    /** One waiting caller. */
    private static final class Waiter {
        private final CardFilter filter;
        private final CompletableFuture<CoreCardHandle> found = new CompletableFuture<>();

        Waiter(CardFilter filter) {
            this.filter = filter;
        }

        CompletableFuture<CoreCardHandle> found() {
            return found;
        }
    }

    private final List<Waiter> waiters = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /**
     * The first card, in reader name order, that matches; or, if none is in a reader now, the first that arrives.
     *
     * @throws CardTimeoutException if none arrived within the timeout
     */
    public CoreCardHandle locate(CardFilter filter, Duration timeout, Collection<ReaderSlot> slots) throws CardException {
        long nanos = Timeouts.toNanos(timeout, "locate");
        Waiter waiter = register(filter);
        try {
            // Checked after registering, under each slot's monitor (as insertions complete waiters), so a card
            // inserted meanwhile is seen one way or the other.
            List<ReaderSlot> candidates = new ArrayList<>(slots);
            candidates.sort(Comparator.comparing(ReaderSlot::name));
            for (ReaderSlot slot : candidates) {
                CoreCardHandle card = slot.currentCard();
                if (card != null && filter.matches(slot.name(), card.atr())) {
                    return card;
                }
            }
            return waiter.found().get(nanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new CardTimeoutException("no card matching " + filter + " appeared within "
                    + TimeUnit.NANOSECONDS.toMillis(nanos) + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CardException(ScardError.SCARD_E_CANCELLED, "interrupted while locating a card matching "
                    + filter, e);
        } catch (CancellationException | ExecutionException e) {
            throw new CardException(ScardError.SCARD_E_CANCELLED, "the card manager stopped while locating a card "
                    + "matching " + filter, e);
        } finally {
            unregister(waiter);
        }
    }

    /** @return a new waiter; already cancelled once the core is shutting down */
    private Waiter register(CardFilter filter) {
        Waiter waiter = new Waiter(filter);
        waiters.add(waiter);
        if (closed) {
            waiter.found.cancel(false);
        }
        return waiter;
    }

    private void unregister(Waiter waiter) {
        waiters.remove(waiter);
    }

    /** Called under a slot's monitor: only completes futures, which wakes the waiting threads. */
    public void cardArrived(String readerName, CoreCardHandle handle) {
        for (Waiter waiter : waiters) {
            if (!waiter.found.isDone() && waiter.filter.matches(readerName, handle.atr())) {
                waiter.found.complete(handle);
            }
        }
    }

    public void cancelAll() {
        closed = true;
        for (Waiter waiter : waiters) {
            waiter.found.cancel(false);
        }
        waiters.clear();
    }
}

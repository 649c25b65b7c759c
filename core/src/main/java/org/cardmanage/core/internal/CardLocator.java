package org.cardmanage.core.internal;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.cardmanage.api.CardFilter;
import org.cardmanage.core.internal.attach.CoreCardHandle;

/**
 * The callers waiting in {@code locate()}. Insertions complete matching waiters directly, so a wait costs nothing until
 * a card arrives: no polling.
 */
final class CardLocator {

    /** One waiting caller. */
    static final class Waiter {
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

    /** @return a new waiter; already cancelled once the core is shutting down */
    Waiter register(CardFilter filter) {
        Waiter waiter = new Waiter(filter);
        waiters.add(waiter);
        if (closed) {
            waiter.found.cancel(false);
        }
        return waiter;
    }

    void unregister(Waiter waiter) {
        waiters.remove(waiter);
    }

    /** Called under a slot's monitor: only completes futures, which wakes the waiting threads. */
    void cardArrived(String readerName, CoreCardHandle handle) {
        for (Waiter waiter : waiters) {
            if (!waiter.found.isDone() && waiter.filter.matches(readerName, handle.atr())) {
                waiter.found.complete(handle);
            }
        }
    }

    void cancelAll() {
        closed = true;
        for (Waiter waiter : waiters) {
            waiter.found.cancel(false);
        }
        waiters.clear();
    }
}

package org.cardmanage.core.internal.arbitration;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

import org.cardmanage.core.internal.NamedThreadFactory;

/**
 * Releases locks whose holders left them idle past the bound (as Windows does after 5 s): a forgotten lock must not
 * keep everyone else away from a card. The timer thread only decides; the driver call runs on the worker pool, so a
 * slow driver delays no other lock's expiry.
 *
 * <p>At most one check is pending per card, whatever the rate of locking: a check looks at the card's latest lock
 * and reschedules itself until that lock is idle past the bound or released; a lock taken while a check is pending
 * is left to that check. (One timer task per lock, never cancelled, piled up millions of tasks within one idle bound
 * under a lock/unlock loop and ran the heap out.)
 */
public final class LockReaper {
    private final ScheduledThreadPoolExecutor timer;
    private final LongSupplier boundNanos;
    private final ExecutorService worker;
    private final Map<CardArbiter, Watch> watches = new ConcurrentHashMap<>();

    /** The expiry watch on one card. */
    private static final class Watch {
        final CardArbiter arbiter;
        /** The card's latest lock, until a check sees it gone. */
        final AtomicReference<CoreCardLock> latest = new AtomicReference<>();
        /** Whether a check is scheduled or running. */
        final AtomicBoolean pending = new AtomicBoolean();

        Watch(CardArbiter arbiter) {
            this.arbiter = arbiter;
        }
    }

    public LockReaper(LongSupplier boundNanos, ExecutorService worker) {
        this.boundNanos = boundNanos;
        this.worker = worker;
        this.timer = new ScheduledThreadPoolExecutor(1, new NamedThreadFactory("cardmanage-lock-reaper"));
        timer.setRemoveOnCancelPolicy(true);
    }

    public void watch(CoreCardLock lock) {
        Watch watch = watches.computeIfAbsent(lock.holder().arbiter(), Watch::new);
        watch.latest.set(lock);
        if (watch.pending.compareAndSet(false, true)) {
            schedule(watch, boundNanos.getAsLong());
        }
    }

    private void schedule(Watch watch, long delayNanos) {
        if (!timer.isShutdown()) {
            timer.schedule(() -> check(watch), delayNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void check(Watch watch) {
        while (true) {
            CoreCardLock lock = watch.latest.get();
            if (lock != null) {
                long bound = boundNanos.getAsLong();
                long idle = watch.arbiter.idleNanos(lock);
                if (idle >= 0) {
                    if (idle < bound || !watch.arbiter.expireIfIdle(lock, bound)) {
                        schedule(watch, Math.max(bound - Math.max(idle, 0), TimeUnit.MILLISECONDS.toNanos(1)));
                        return;
                    }
                    try {
                        worker.execute(() -> lock.holder().lockExpired(lock));
                    } catch (RejectedExecutionException stopping) {
                        // The core is stopping: the card is not left marked busy for an expiry that will not run.
                        watch.arbiter.exit(lock.holder());
                    }
                }
                // Released or expired: forget it, unless a newer lock took its place.
                watch.latest.compareAndSet(lock, null);
            }
            watch.pending.set(false);
            // A lock watched since the read above found this check pending and left itself to it.
            CoreCardLock newer = watch.latest.get();
            if (newer == null || newer == lock || !watch.pending.compareAndSet(false, true)) {
                return;
            }
        }
    }

    public void close() {
        timer.shutdownNow();
    }
}

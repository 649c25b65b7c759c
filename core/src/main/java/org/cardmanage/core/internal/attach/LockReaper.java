package org.cardmanage.core.internal.attach;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.cardmanage.core.internal.NamedThreadFactory;

/**
 * Releases locks whose holders left them idle past the bound (as Windows does after 5 s): a forgotten lock must not
 * keep everyone else away from a card. The timer thread only decides; the driver call runs on the worker pool, so a
 * slow driver delays no other lock's expiry.
 */
public final class LockReaper {
    private final ScheduledThreadPoolExecutor timer;
    private final LongSupplier boundNanos;
    private final ExecutorService worker;

    public LockReaper(LongSupplier boundNanos, ExecutorService worker) {
        this.boundNanos = boundNanos;
        this.worker = worker;
        this.timer = new ScheduledThreadPoolExecutor(1, new NamedThreadFactory("cardmanage-lock-reaper"));
        timer.setRemoveOnCancelPolicy(true);
    }

    void watch(CoreCardLock lock) {
        schedule(lock, boundNanos.getAsLong());
    }

    private void schedule(CoreCardLock lock, long delayNanos) {
        if (!timer.isShutdown()) {
            timer.schedule(() -> check(lock), delayNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void check(CoreCardLock lock) {
        CardArbiter arbiter = lock.holder().arbiter();
        long bound = boundNanos.getAsLong();
        long idle = arbiter.idleNanos(lock);
        if (idle < 0) {
            return;
        }
        if (idle < bound || !arbiter.expireIfIdle(lock, bound)) {
            schedule(lock, Math.max(bound - Math.max(idle, 0), TimeUnit.MILLISECONDS.toNanos(1)));
            return;
        }
        worker.execute(() -> lock.holder().lockExpired(lock));
    }

    public void close() {
        timer.shutdownNow();
    }
}

package org.cardmanage.core.internal.arbitration;

import java.util.Collection;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.cardmanage.core.internal.CoreLog;
import org.cardmanage.core.internal.NamedThreadFactory;
import org.cardmanage.core.internal.attachment.ReaderSlot;

/**
 * The core's backstop for drivers that do not bound their own calls: a driver call admitted by a card's arbiter that
 * runs longer than {@code driver.call.timeout.ms} is cut short ({@link CardArbiter#abortIfOverrun}), i.e. its thread is
 * interrupted and its caller gets a {@code CardTimeoutException}.
 *
 * <p>It costs the transmit path nothing: calls are told apart by a counter the arbiter keeps anyway, and one timer
 * thread looks at every card a few times per bound (at most once per second, at least every 10 ms). A call is cut
 * short between one bound and one bound plus one look after it began.
 */
public final class DriverWatchdog {
    private static final long MIN_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long MAX_PERIOD_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final LongSupplier boundNanos;
    private final Supplier<Collection<ReaderSlot>> slots;
    private final ScheduledThreadPoolExecutor timer;

    /**
     * Starts watching.
     *
     * @param boundNanos the bound now in force; zero or less switches the watchdog off until it is positive again
     * @param slots the cards to watch, looked up at every look
     */
    public DriverWatchdog(LongSupplier boundNanos, Supplier<Collection<ReaderSlot>> slots) {
        this.boundNanos = boundNanos;
        this.slots = slots;
        this.timer = new ScheduledThreadPoolExecutor(1, new NamedThreadFactory("cardmanage-driver-watchdog"));
        timer.setRemoveOnCancelPolicy(true);
        schedule(MAX_PERIOD_NANOS);
    }

    private void schedule(long delayNanos) {
        if (!timer.isShutdown()) {
            timer.schedule(this::look, delayNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void look() {
        long bound = boundNanos.getAsLong();
        try {
            if (bound > 0) {
                long now = System.nanoTime();
                for (ReaderSlot slot : slots.get()) {
                    String cut = slot.arbiter().abortIfOverrun(now, bound);
                    if (cut != null) {
                        CoreLog.warn(cut);
                    }
                }
            }
        } finally {
            schedule(bound > 0 ? Math.min(MAX_PERIOD_NANOS, Math.max(MIN_PERIOD_NANOS, bound / 4)) : MAX_PERIOD_NANOS);
        }
    }

    /** Stops watching. */
    public void close() {
        timer.shutdownNow();
    }
}

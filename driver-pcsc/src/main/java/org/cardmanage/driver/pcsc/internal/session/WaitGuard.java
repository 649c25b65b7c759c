package org.cardmanage.driver.pcsc.internal.session;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The bound of PC/SC calls that block in native code on the caller's thread: a card or reader that does not answer, a
 * wait inside pcscd, or libpcsclite repeating a call while another process holds a transaction. A call arms a
 * {@link Watch} with its deadline; one thread looks at the armed watches and, when a deadline passes or the caller's
 * thread is interrupted, fires the watch: its action (breaking the context's connection to pcscd, or disconnecting
 * the handle between two of libpcsclite's tries) runs on a pool thread, because it may wait for libpcsclite's locks.
 *
 * <p>Exactly one of {@link Watch#disarm()} and firing wins, and a fired watch tells whether its action cut the call, so
 * the caller knows what happened.
 */
public final class WaitGuard implements AutoCloseable {
    /** How often an armed watch's caller is checked for an interrupt. */
    private static final long LOOK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** How long the looker keeps looking after the last watch went, so that a busy caller need not wake it. */
    private static final long LINGER_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Set<Watch> armed = ConcurrentHashMap.newKeySet();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final ExecutorService firing;
    private final Thread looker;
    private volatile boolean closed;
    /** Whether the looker waits for a signal rather than looking every {@link #LOOK_NANOS}. */
    private volatile boolean asleep;

    /** A call's watch; see {@link WaitGuard}. */
    public final class Watch {
        private static final int ARMED = 0;
        private static final int DISARMED = 1;
        private static final int FIRED = 2;

        private final Thread caller;
        private final long deadline;
        private final BooleanSupplier action;
        private final AtomicInteger state = new AtomicInteger(ARMED);
        private boolean acted; // guarded by this watch
        private boolean cut; // guarded by this watch

        private Watch(Thread caller, long deadline, BooleanSupplier action) {
            this.caller = caller;
            this.deadline = deadline;
            this.action = action;
        }

        /**
         * Ends the watch when the call returned.
         *
         * @return true if the call was left alone; false if the watch fired and its action cut the call (this waits
         *     for the action to finish, so that what it changed is seen)
         */
        public boolean disarm() {
            armed.remove(this);
            if (state.compareAndSet(ARMED, DISARMED) || state.get() == DISARMED) {
                return true;
            }
            boolean interrupted = false;
            synchronized (this) {
                while (!acted) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        interrupted = true; // kept for the caller, after the action's changes are seen
                    }
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
                return !cut;
            }
        }

        private void act() {
            boolean done = false;
            try {
                done = action.getAsBoolean();
            } finally {
                synchronized (this) {
                    cut = done;
                    acted = true;
                    notifyAll();
                }
            }
        }

        private boolean due(long now) {
            return now - deadline >= 0 || caller.isInterrupted();
        }

        private void fire() {
            if (state.compareAndSet(ARMED, FIRED)) {
                armed.remove(this);
                try {
                    firing.execute(this::act);
                } catch (RejectedExecutionException closing) {
                    act();
                }
            }
        }
    }

    public WaitGuard() {
        AtomicInteger count = new AtomicInteger();
        this.firing = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 10, TimeUnit.SECONDS, new SynchronousQueue<>(),
                task -> daemon(task, "cardmanage-pcsc guard action " + count.incrementAndGet()));
        this.looker = daemon(this::look, "cardmanage-pcsc guard");
        looker.start();
    }

    /**
     * Arms a watch for the current thread's call.
     *
     * @param deadline {@link System#nanoTime()} at which the call is cut
     * @param action what cuts it (runs on a pool thread); returns whether it did, false if it could do nothing
     * @return the watch, to {@link Watch#disarm()} when the call returns
     */
    public Watch arm(long deadline, BooleanSupplier action) {
        Watch watch = new Watch(Thread.currentThread(), deadline, action);
        armed.add(watch);
        if (asleep) {
            lock.lock();
            try {
                work.signal();
            } finally {
                lock.unlock();
            }
        }
        return watch;
    }

    /** Runs a cleanup that may block on PC/SC (a disconnect waits for its context's mutex) off the caller's thread. */
    public void runAside(Runnable cleanup) {
        try {
            firing.execute(cleanup);
        } catch (RejectedExecutionException closing) {
            cleanup.run();
        }
    }

    private void look() {
        long lastSeen = System.nanoTime();
        while (!closed) {
            long now = System.nanoTime();
            long next = now + LOOK_NANOS;
            for (Watch watch : armed) {
                lastSeen = now;
                if (watch.due(now)) {
                    watch.fire();
                } else if (watch.deadline - next < 0) {
                    next = watch.deadline;
                }
            }
            lock.lock();
            try {
                if (closed) {
                    return;
                }
                if (armed.isEmpty() && now - lastSeen > LINGER_NANOS) {
                    asleep = true;
                    if (armed.isEmpty()) { // a watch armed before asleep was set has not signalled
                        work.await();
                    }
                    asleep = false;
                    lastSeen = System.nanoTime();
                } else {
                    work.awaitNanos(Math.max(0, next - System.nanoTime()));
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        lock.lock();
        try {
            work.signalAll();
        } finally {
            lock.unlock();
        }
        firing.shutdown();
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}

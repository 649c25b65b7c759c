package org.cardmanage.itests.reliability;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One kind of fault, injected over and over on a thread of its own with a pause between injections, until stopped.
 * The pause is pacing (how often the fault comes), not a wait for a condition.
 */
final class Chaos {

    /** One injection; it may fail (the world changes under it), which is counted, not fatal. */
    @FunctionalInterface
    interface Injection {
        void inject() throws Exception;
    }

    private final String name;
    private final Thread thread;
    private volatile boolean stopping;
    private volatile Throwable lastFailure;
    private long failures;

    Chaos(String name, long pauseMillis, Injection injection) {
        this.name = name;
        this.thread = new Thread(() -> {
            while (!stopping) {
                try {
                    injection.inject();
                } catch (Exception e) {
                    failures++;
                    lastFailure = e;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(pauseMillis));
            }
        }, "chaos-" + name);
        thread.setDaemon(true);
    }

    Chaos start() {
        thread.start();
        return this;
    }

    /** Asks it to stop after the injection under way. */
    void stop() {
        stopping = true;
    }

    Thread thread() {
        return thread;
    }

    String name() {
        return name;
    }

    /** @return how many injections failed (e.g. a card removed from a reader that had just gone), and the last */
    String failures() {
        return failures + (lastFailure == null ? "" : " (last: " + lastFailure + ")");
    }
}

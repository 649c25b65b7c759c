package org.cardmanage.core.internal.arbitration;

import java.util.concurrent.TimeUnit;

import org.cardmanage.core.internal.attachment.CoreAttachment;

/**
 * The driver call a {@link CardArbiter} admitted, while it runs: which thread makes it and for which attachment, so
 * that the core can cut it short by interrupting that thread, and take the interrupt back when the call ends so it
 * never leaks into the caller's own code. Not thread-safe: every method runs under the arbiter's mutex.
 */
final class AdmittedCall {
    /** The thread in the admitted driver call, while it may be interrupted; null otherwise. */
    private Thread caller;
    private CoreAttachment callerFor;
    /** Grows with every admitted call, so that the watchdog tells one long call from many short ones. */
    private long calls;
    /** Why the core cut the call in progress short; null while it has not. */
    private String abortReason;
    private boolean interruptedByCore;
    private long watchedCall = -1;
    private long watchedSince;

    /** The calling thread begins a driver call for the attachment. */
    void begin(CoreAttachment attachment) {
        caller = Thread.currentThread();
        callerFor = attachment;
        calls++;
    }

    /** Forgets the call; takes back the core's interrupt if the calling thread is the one that got it. */
    void end() {
        if (caller != null) {
            if (interruptedByCore && caller == Thread.currentThread()) {
                Thread.interrupted();
            }
            caller = null;
            callerFor = null;
            abortReason = null;
            interruptedByCore = false;
        }
    }

    /** @return why the core cut the call short, if the calling thread makes it and it was; else null */
    String reasonForCurrentThread() {
        return caller == Thread.currentThread() ? abortReason : null;
    }

    /** @return why the core cut short the call the current thread makes for this attachment, or null */
    String reasonFor(CoreAttachment attachment) {
        return callerFor == attachment ? reasonForCurrentThread() : null;
    }

    /** @return whether a call runs for this attachment */
    boolean isFor(CoreAttachment attachment) {
        return caller != null && callerFor == attachment;
    }

    /**
     * Cuts the call short: interrupts its thread (unless it is interrupted already, by its own code) and remembers why.
     * Does nothing if no call runs or it was cut short already.
     */
    void abort(String reason) {
        if (caller == null || abortReason != null) {
            return;
        }
        abortReason = reason;
        if (!caller.isInterrupted()) {
            interruptedByCore = true;
            caller.interrupt();
        }
    }

    /**
     * One look of the watchdog: cuts the call short once it has been seen running for {@code boundNanos}.
     *
     * @return what was cut short, for the log; null if nothing was
     */
    String abortIfOverrun(String readerName, long now, long boundNanos) {
        if (caller == null) {
            watchedCall = -1;
            return null;
        }
        if (watchedCall != calls) {
            watchedCall = calls;
            watchedSince = now;
            return null;
        }
        if (abortReason != null || now - watchedSince < boundNanos) {
            return null;
        }
        String what = "a driver call for attachment " + callerFor.id() + " on reader '" + readerName
                + "' did not end within " + TimeUnit.NANOSECONDS.toMillis(boundNanos) + " ms (driver.call.timeout.ms)";
        Thread cut = caller;
        abort(what);
        return what + "; the core interrupted thread '" + cut.getName() + "'";
    }
}

package org.cardmanage.core.internal.arbitration;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.cardmanage.api.AttachmentState;
import org.cardmanage.api.CardException;
import org.cardmanage.api.CardTimeoutException;
import org.cardmanage.api.Disposition;
import org.cardmanage.api.ScardError;
import org.cardmanage.core.internal.CoreLog;
import org.cardmanage.core.internal.attachment.CoreAttachment;
import org.cardmanage.core.internal.attachment.ReaderBinding;
import org.cardmanage.spi.CardSession;

/**
 * Decides who may talk to the card in one reader, and when. At most one driver call runs on the card at a time (a
 * reader exchanges one APDU at a time anyway, and GET RESPONSE chains must not interleave); a lock holder has the card
 * to itself; waiters are served first come, first served, so no one starves.
 *
 * <p>Only this arbiter's mutex is taken here, never while calling a driver. Every wait is bounded and re-checks the
 * waiting attachment, so revoking an attachment releases its waiting callers at once ({@link #wakeAll()}). A hand-over
 * wakes only who can go next (the queue's head, the lock holder's own callers, the few privileged waiters), not every
 * waiter: with 16 threads on one card, waking all 15 for one to go made each hand-over cost 15 wake-ups.
 *
 * <p>It also knows which thread makes the driver call admitted by {@link #enter} or {@link #acquireLock}, so that the
 * core can cut a call short that a driver does not end by itself ({@link #readerGone}, {@link #detach},
 * {@link #abortIfOverrun}): the reader went away, the
 * attachment was detached, or the call overran the core's driver call bound ({@link DriverWatchdog}). Cutting short
 * is an interrupt of that thread; the interrupt is taken back when the call ends ({@link #exit}), so it never leaks
 * into the caller's own code ({@link AdmittedCall}). Tracking costs a few field writes under the mutex that admitting a
 * call takes anyway. Who waits, and how each is woken, is the {@link WaitLine}'s business; who holds the lock, and
 * since when it is idle, the {@link HeldLock}'s.
 *
 * <p>A detached attachment's disconnect is {@linkplain #detach owed} to the card and paid on the worker pool as soon
 * as the card is clear (no call running; for RESET and UNPOWER, no lock held), before any waiter is admitted: so a
 * departing bundle's RESET is never dropped under another's lock, and the detaching thread never waits for it.
 */
public final class CardArbiter {
    private final String readerName;
    private final ReentrantLock mutex = new ReentrantLock();
    private final WaitLine line;
    private boolean busy;
    private final HeldLock lock = new HeldLock();
    private final AdmittedCall call = new AdmittedCall();
    private final ArrayDeque<OwedDisconnect> owed = new ArrayDeque<>();
    private final Executor payer;
    private final Supplier<ReaderBinding> currentReader;
    /** Signalled whenever the card may have become idle with nothing owed: for {@link #awaitSettled}. */
    private final java.util.concurrent.locks.Condition settled;

    /**
     * @param payer runs owed disconnects (the core's worker pool)
     * @param currentReader the reader of this name now, or null while none is there
     */
    public CardArbiter(String readerName, Executor payer, Supplier<ReaderBinding> currentReader) {
        this.readerName = readerName;
        this.line = new WaitLine(readerName, mutex);
        this.payer = payer;
        this.currentReader = currentReader;
        this.settled = mutex.newCondition();
    }

    /**
     * Waits until no driver call runs and no disconnect that could be paid is owed: the core, stopping, lets the
     * disconnects its departing attachments owe reach the driver before its worker pool goes. (What is owed to a reader
     * that is away cannot be paid; it is not waited for.)
     *
     * @param deadline {@link System#nanoTime()} after which it gives up
     * @return whether the card settled in time
     */
    public boolean awaitSettled(long deadline) {
        return awaitSettledWhile(() -> busy || debtDue(), deadline);
    }

    /**
     * Waits on {@link #settled} while {@code blocked} holds, paying what is due whenever the card is idle.
     *
     * @return false at the deadline, or if interrupted (the interrupt is kept)
     */
    private boolean awaitSettledWhile(BooleanSupplier blocked, long deadline) {
        mutex.lock();
        try {
            while (blocked.getAsBoolean()) {
                if (!busy) {
                    payNextDebt();
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                settled.awaitNanos(remaining);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            mutex.unlock();
        }
    }

    /**
     * Waits until the attachment may make a driver call on the card, then marks the card busy. Pair with
     * {@link #exit(CoreAttachment)}.
     */
    public void enter(CoreAttachment attachment, long timeoutNanos) throws CardException {
        mutex.lock();
        try {
            attachment.checkUsable();
            if (!busy && (lock.isHeldBy(attachment) || (lock.isFree() && line.isEmpty() && owed.isEmpty()))) {
                admit(attachment);
                return;
            }
            waitInLine(attachment, timeoutNanos,
                    ticket -> lock.isHeldBy(attachment) || (lock.isFree() && line.isHead(ticket)),
                    () -> "the card in reader '" + readerName + "' stayed "
                            + (lock.isFree() ? "busy" : "locked by attachment " + lock.holder().id()) + " for "
                            + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
        } finally {
            mutex.unlock();
        }
    }

    /**
     * Waits until no driver call runs and no other attachment holds the lock: for operations that reset or power the
     * card (a RESET reconnect or detach), which must not pull the card from under another attachment's transaction.
     *
     * @return true if the card was entered (pair with {@link #exit}); false after a timeout
     */
    public boolean enterOutsideLocks(CoreAttachment attachment, long timeoutNanos) throws CardException {
        return enterWhenClear(attachment, timeoutNanos, () -> busy || lock.isHeldByOtherThan(attachment));
    }

    /**
     * Ends a driver call begun with {@link #enter}.
     *
     * @return why the core cut the call short, if it did and the calling thread made it; else null
     */
    public String exit(CoreAttachment attachment) {
        mutex.lock();
        try {
            busy = false;
            String cut = call.reasonForCurrentThread();
            call.end();
            if (lock.isHeldBy(attachment)) {
                lock.used();
            }
            signalNext();
            return cut;
        } finally {
            mutex.unlock();
        }
    }

    /**
     * Waits, in turn, until the card is free and unlocked, then makes the attachment the lock holder and marks the card
     * busy for the driver's {@code beginTransaction}; finish with {@link #lockBegun}.
     */
    public CoreCardLock acquireLock(CoreAttachment attachment, long timeoutNanos) throws CardException {
        mutex.lock();
        try {
            attachment.checkUsable();
            if (lock.isHeldBy(attachment)) {
                throw new CardException(ScardError.SCARD_E_SHARING_VIOLATION, "attachment " + attachment.id()
                        + " already holds the lock on the card in reader '" + readerName + "'");
            }
            waitInLine(attachment, timeoutNanos, ticket -> lock.isFree() && line.isHead(ticket),
                    () -> "could not lock the card in reader '" + readerName + "' within "
                            + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms"
                            + (lock.isFree() ? "" : ": attachment " + lock.holder().id() + " holds it"));
            return lock.grant(attachment);
        } finally {
            mutex.unlock();
        }
    }

    /** Ends the {@code beginTransaction} call; if it failed, the lock is withdrawn. */
    public void lockBegun(CoreCardLock acquired, boolean succeeded) {
        mutex.lock();
        try {
            busy = false;
            call.end();
            if (!succeeded && lock.isCurrent(acquired)) {
                lock.release();
            }
            lock.used();
            signalNext();
        } finally {
            mutex.unlock();
        }
    }

    /** Drops the lock if it is still the current one. */
    public boolean release(CoreCardLock released) {
        mutex.lock();
        try {
            if (!lock.isCurrent(released)) {
                return false;
            }
            lock.release();
            signalNext();
            return true;
        } finally {
            mutex.unlock();
        }
    }

    /** Drops whatever lock the attachment holds. */
    public void releaseHeldBy(CoreAttachment attachment) {
        mutex.lock();
        try {
            if (lock.isHeldBy(attachment)) {
                lock.release();
                signalNext();
            }
        } finally {
            mutex.unlock();
        }
    }

    /** The detach's own state change, made under this arbiter's mutex. */
    public interface StateChange {
        /** @return the state before, or null if there was nothing to change */
        AttachmentState apply() throws CardException;
    }

    /**
     * What {@link #detach} did: the state before, and the disconnect owed to the card (null if none is); if
     * {@code payHere}, the card was idle and the disconnect is the caller's to make at once ({@link #payHere}).
     */
    public record Detached(AttachmentState previous, OwedDisconnect debt, boolean payHere) {
    }

    /**
     * Detaches the attachment in one step, so that no one can use the card between any two of these: its state becomes
     * DETACHED, its lock (if any) ends, its driver call (if one runs) is cut short, its waiters are woken, and the
     * disconnect of its session is owed to the card. Never waits for the card.
     *
     * @param markDetached the attachment's state change; its exception (detached twice by the owner) is thrown
     * @param callerMayPay whether the calling thread may make the driver's disconnect itself when the card is idle
     *     (the owner's detach, which waits for it anyway: no hand-over to the worker pool)
     * @return what was done, or null if the attachment was detached already
     */
    public Detached detach(CoreAttachment attachment, Disposition disposition, String reason, StateChange markDetached,
            boolean callerMayPay) throws CardException {
        mutex.lock();
        try {
            AttachmentState previous = markDetached.apply();
            if (previous == null) {
                return null;
            }
            if (lock.isHeldBy(attachment)) {
                lock.release();
            }
            if (call.isFor(attachment)) {
                call.abort("attachment " + attachment.id() + " was detached: " + reason);
            }
            CardSession session = attachment.session();
            OwedDisconnect debt = null;
            if (session != null && previous == AttachmentState.REVOKED) {
                // Its reader went away with the session's transport: the session is closed with LEAVE, but only once
                // a call still inside the driver on it has come out.
                owed.add(new OwedDisconnect(attachment, session, Disposition.LEAVE));
            }
            if (session != null && previous != AttachmentState.REVOKED) {
                debt = new OwedDisconnect(attachment, session, disposition);
                if (callerMayPay && !busy && owed.isEmpty() && mayPayNow(debt)) {
                    admit(attachment);
                    line.signalEveryone();
                    return new Detached(previous, debt, true);
                }
                owed.add(debt);
            } else if (previous == AttachmentState.REVOKED && disposition != Disposition.LEAVE
                    && owed.stream().noneMatch(other -> other.needsReader() && other.disposition() == disposition)) {
                // Its session went with its reader; the card may not have: it is reset once the reader is back.
                owed.add(OwedDisconnect.forReader(attachment, disposition));
            }
            line.signalEveryone();
            signalNext();
            return new Detached(previous, debt, false);
        } finally {
            mutex.unlock();
        }
    }

    /** Makes, on the calling thread, a disconnect that {@link #detach} left to it; the card is then free again. */
    public void payHere(Detached detached) {
        try {
            detached.debt().pay(null);
        } catch (RuntimeException | Error e) {
            CoreLog.warn("disconnecting attachment " + detached.debt().debtor().id() + " from reader '" + readerName
                    + "' failed: " + e);
        } finally {
            exit(detached.debt().debtor());
        }
    }

    /** @return whether another attachment's lock keeps this owed disconnect waiting now */
    public boolean heldUpByLock(OwedDisconnect debt) {
        mutex.lock();
        try {
            return owed.contains(debt) && !mayPayNow(debt);
        } finally {
            mutex.unlock();
        }
    }

    /** @return nanoseconds the lock has been idle, or -1 if it is no longer current */
    long idleNanos(CoreCardLock candidate) {
        return idleNanosIf(() -> lock.isCurrent(candidate));
    }

    /** @return nanoseconds the attachment has left its lock unused (0 while a call runs), or -1 if it holds none */
    long holderIdleNanos(CoreAttachment attachment) {
        return idleNanosIf(() -> lock.isHeldBy(attachment));
    }

    private long idleNanosIf(BooleanSupplier lockInQuestion) {
        mutex.lock();
        try {
            if (!lockInQuestion.getAsBoolean()) {
                return -1;
            }
            return busy ? 0 : lock.idleNanos();
        } finally {
            mutex.unlock();
        }
    }

    /**
     * Takes the lock away from a holder that left it idle for at least {@code boundNanos}, and marks the card busy for
     * the driver's {@code endTransaction(RESET)}; the caller then calls {@link #exit}.
     *
     * @return true if the lock was expired
     */
    boolean expireIfIdle(CoreCardLock candidate, long boundNanos) {
        mutex.lock();
        try {
            if (!lock.isCurrent(candidate) || busy || lock.idleNanos() < boundNanos) {
                return false;
            }
            lock.expire();
            busy = true;
            return true;
        } finally {
            mutex.unlock();
        }
    }

    /** The card or reader is gone: any lock is void, and every waiter re-checks its attachment. */
    public void cardGone() {
        mutex.lock();
        try {
            dropLockAndWakeEveryone();
        } finally {
            mutex.unlock();
        }
    }

    private void dropLockAndWakeEveryone() {
        lock.release();
        if (!busy) {
            payNextDebt();
        }
        line.signalEveryone();
        settled.signalAll();
    }

    /** Lets every waiter re-check its attachment, e.g. after revocation. */
    public void wakeAll() {
        mutex.lock();
        try {
            line.signalEveryone();
        } finally {
            mutex.unlock();
        }
    }

    // ---- cutting a driver call short ------------------------------------------------------------------------------

    private void admit(CoreAttachment attachment) {
        busy = true;
        call.begin(attachment);
    }

    /**
     * The reader went away: no waiter may keep waiting, and no driver call on it may keep running: the admitted call,
     * whoever makes it, is cut short (its thread interrupted unless its own code did so already) and told why.
     */
    public void readerGone(String reason) {
        // One acquisition: the waiters woken here take the mutex next, and the reader's remover (sweeping every
        // reader of a stopping driver) must not queue behind them for a second one.
        mutex.lock();
        try {
            dropLockAndWakeEveryone();
            call.abort(reason);
        } finally {
            mutex.unlock();
        }
    }

    /**
     * @return why the core cut short the call the current thread makes for this attachment, or null if it did not;
     *     read by the caller when the driver call failed, before it ends the call
     */
    public String abortReason(CoreAttachment attachment) {
        mutex.lock();
        try {
            return call.reasonFor(attachment);
        } finally {
            mutex.unlock();
        }
    }

    /**
     * One look of the {@link DriverWatchdog}: cuts the admitted call short once it has been seen running for
     * {@code boundNanos}.
     *
     * @param now {@link System#nanoTime()} of this look
     * @return what was cut short, for the log; null if nothing was
     */
    String abortIfOverrun(long now, long boundNanos) {
        mutex.lock();
        try {
            return call.abortIfOverrun(readerName, now, boundNanos);
        } finally {
            mutex.unlock();
        }
    }

    /** @return the attachment holding the lock, or null */
    public CoreAttachment lockHolder() {
        mutex.lock();
        try {
            return lock.holder();
        } finally {
            mutex.unlock();
        }
    }

    /**
     * Under the mutex: queues the attachment, waits until the card is idle and {@code mayGo} lets its ticket through,
     * and admits its call; the attachment is re-checked at every wake-up, so revocation ends the wait.
     */
    private void waitInLine(CoreAttachment attachment, long timeoutNanos, Predicate<WaitLine.Ticket> mayGo,
            Supplier<String> timedOut) throws CardException {
        WaitLine.Ticket ticket = line.join(attachment);
        long deadline = System.nanoTime() + timeoutNanos;
        try {
            while (true) {
                attachment.checkUsable();
                if (!busy && debtDue()) {
                    payNextDebt();
                }
                if (!busy && mayGo.test(ticket)) {
                    admit(attachment);
                    return;
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw new CardTimeoutException(timedOut.get());
                }
                line.await(ticket, remaining);
            }
        } finally {
            leaveQueue(ticket);
        }
    }

    /**
     * Waits, outside the line, while {@code blocked} holds, then marks the card busy.
     *
     * @return false after the timeout
     */
    private boolean enterWhenClear(CoreAttachment attachment, long timeoutNanos, BooleanSupplier blocked)
            throws CardException {
        mutex.lock();
        try {
            long deadline = System.nanoTime() + timeoutNanos;
            while (true) {
                if (!busy && debtDue()) {
                    payNextDebt();
                }
                if (!busy && !debtDue() && !blocked.getAsBoolean()) {
                    break;
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                line.awaitPrivileged(remaining);
            }
            admit(attachment);
            return true;
        } finally {
            mutex.unlock();
        }
    }

    /** A ticket leaves the line (admitted, timed out, failed): whoever is next may now go. */
    private void leaveQueue(WaitLine.Ticket ticket) {
        if (line.leave(ticket)) {
            signalNext();
        }
    }

    /**
     * The card may have become free: pays the first owed disconnect that may run now, else wakes those who could go now.
     * While a call runs nobody can.
     */
    private void signalNext() {
        if (!busy && !payNextDebt()) {
            line.signalNext(lock.holder());
            settled.signalAll();
        }
    }

    /** Under the mutex, with the card idle: starts the first owed disconnect that may run now on the payer. */
    private boolean payNextDebt() {
        for (Iterator<OwedDisconnect> debts = owed.iterator(); debts.hasNext(); ) {
            OwedDisconnect debt = debts.next();
            if (!mayPayNow(debt)) {
                continue;
            }
            debts.remove();
            busy = true;
            try {
                payer.execute(() -> pay(debt));
                return true;
            } catch (RejectedExecutionException stopping) {
                busy = false;
                debt.cancel(new CardException(ScardError.SCARD_E_CANCELLED, "the card manager stopped before "
                        + "attachment " + debt.debtor().id() + " was disconnected from reader '" + readerName + "'"));
            }
        }
        return false;
    }

    /** Under the mutex: whether the debt may be paid once the card is idle (locks and the reader allowing). */
    private boolean mayPayNow(OwedDisconnect debt) {
        return !(debt.waitsForLocks() && !lock.isFree()) && !(debt.needsReader() && currentReader.get() == null);
    }

    /** Under the mutex: whether a debt must be paid before anyone else is admitted to the card. */
    private boolean debtDue() {
        for (OwedDisconnect debt : owed) {
            if (mayPayNow(debt)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Waits, at most the timeout, while a RESET owed to the reader of this name (a departed attachment's,
     * {@link OwedDisconnect#forReader}) could be paid now: a new attachment connects after it, so that an EXCLUSIVE one
     * cannot shut the reset's own connection out. A RESET that another attachment's lock holds up is not waited for:
     * nobody transmits before it is paid anyway, and an EXCLUSIVE attach is refused while that attachment is there.
     *
     * @return false if something was still owed after the timeout
     */
    public boolean awaitOwedToReader(long timeoutNanos) {
        return awaitSettledWhile(() -> !owed.isEmpty() && owed.stream().anyMatch(debt -> debt.needsReader()
                && mayPayNow(debt)), System.nanoTime() + timeoutNanos);
    }

    /** A reader of this name is back: what is owed to it can be paid. */
    public void readerBack() {
        mutex.lock();
        try {
            signalNext();
        } finally {
            mutex.unlock();
        }
    }

    /** On the payer: the owed disconnect, admitted like any driver call, so the watchdog can cut it short. */
    private void pay(OwedDisconnect debt) {
        ReaderBinding reader;
        mutex.lock();
        try {
            call.begin(debt.debtor());
            reader = currentReader.get();
            if (reader == null && debt.needsReader()) {
                // The reader went away again before the payment began: it stays owed until it is back.
                owed.addFirst(debt);
            }
        } finally {
            mutex.unlock();
        }
        if (reader == null && debt.needsReader()) {
            exit(debt.debtor());
            return;
        }
        try {
            debt.pay(reader);
        } catch (RuntimeException | Error e) {
            CoreLog.warn("disconnecting attachment " + debt.debtor().id() + " from reader '" + readerName
                    + "' with " + debt.disposition() + " failed: " + e);
        } finally {
            exit(debt.debtor());
        }
    }
}

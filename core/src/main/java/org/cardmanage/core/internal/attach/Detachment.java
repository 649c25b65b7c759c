package org.cardmanage.core.internal.attach;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.cardmanage.api.AttachmentState;
import org.cardmanage.api.CardException;
import org.cardmanage.api.CardRemovedException;
import org.cardmanage.api.CardTimeoutException;
import org.cardmanage.api.Disposition;
import org.cardmanage.api.ScardError;
import org.cardmanage.core.internal.CoreLog;
import org.cardmanage.spi.CardSession;

/**
 * Ends an attachment's use of the card: the driver's disconnect with the right disposition, never a RESET under
 * another attachment's lock, and never longer than the transmit wait on the core's own cleanup paths.
 */
final class Detachment {
    private final CoreAttachment attachment;
    private final ReaderSlot slot;

    Detachment(CoreAttachment attachment, ReaderSlot slot) {
        this.attachment = attachment;
        this.slot = slot;
    }

    /**
     * @param byOwner true when the owner detaches: then detaching twice is an error, and the driver is called on the
     *     owner's thread
     * @return the state before detaching, or null if it was already detached (only when not by the owner)
     */
    AttachmentState end(Disposition disposition, String reason, boolean byOwner) throws CardException {
        AttachmentState previous = attachment.markDetached(reason, byOwner);
        if (previous == null) {
            return null;
        }
        String id = attachment.id();
        CardArbiter arbiter = slot.arbiter();
        arbiter.wakeAll();
        // A driver call still running for this attachment is moot now: cut it short, so its caller is released.
        arbiter.abortCallOf(attachment, "attachment " + id + " was detached: " + reason);
        CardSession current = attachment.session();
        if (previous == AttachmentState.REVOKED || current == null) {
            arbiter.releaseHeldBy(attachment);
            if (current != null) {
                retire(current);
            }
            return previous;
        }
        long wait = slot.context().settings().transmitWait().toNanos();
        Disposition applied = disposition;
        CardTimeoutException lockedOut = null;
        boolean entered;
        if (disposition == Disposition.LEAVE) {
            entered = arbiter.enterPrivileged(attachment, wait);
        } else {
            // Resetting or powering down must not pull the card from under another attachment's transaction.
            entered = arbiter.enterOutsideLocks(attachment, wait);
            if (!entered) {
                CoreAttachment holder = arbiter.lockHolder();
                lockedOut = new CardTimeoutException("attachment " + id + " on reader '" + attachment.readerName()
                        + "' was detached with LEAVE instead of " + disposition + ": "
                        + (holder != null ? "attachment " + holder.id() + " held the card's lock" : "the card stayed busy")
                        + " for " + TimeUnit.NANOSECONDS.toMillis(wait) + " ms");
                applied = Disposition.LEAVE;
                entered = arbiter.enterPrivileged(attachment, wait);
            }
        }
        DriverDisconnect disconnect = new DriverDisconnect(current, applied, entered);
        if (byOwner) {
            disconnect.call();
        } else {
            disconnect.runBounded(wait);
        }
        if (lockedOut != null) {
            throw lockedOut;
        }
        return previous;
    }

    /** The driver's disconnect, which also ends this attachment's use of the card, whatever it throws. */
    private final class DriverDisconnect {
        private final CardSession target;
        private final Disposition disposition;
        private final boolean entered;

        DriverDisconnect(CardSession target, Disposition disposition, boolean entered) {
            this.target = target;
            this.disposition = disposition;
            this.entered = entered;
        }

        Void call() throws CardException {
            CardArbiter arbiter = slot.arbiter();
            try {
                DriverGuard.call(attachment.readerName(), attachment.binding().driverName(), "disconnect", () -> {
                    target.disconnect(disposition);
                    return null;
                });
            } catch (CardRemovedException e) {
                // Disconnecting from a card that is gone succeeds, as in PC/SC.
            } finally {
                arbiter.releaseHeldBy(attachment);
                if (entered) {
                    arbiter.exit(attachment);
                }
            }
            return null;
        }

        /** Runs on the worker pool and waits at most {@code nanos}: a hung driver keeps a worker, not the caller. */
        void runBounded(long nanos) throws CardException {
            Future<Void> done = slot.context().worker().submit(this::call);
            try {
                done.get(nanos, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                throw new CardTimeoutException("driver '" + attachment.binding().driverName() + "' did not finish disconnecting "
                        + "attachment " + attachment.id() + " from reader '" + attachment.readerName() + "' within "
                        + TimeUnit.NANOSECONDS.toMillis(nanos) + " ms; the attachment is detached anyway");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CardException(ScardError.SCARD_E_CANCELLED, "interrupted while detaching attachment " + attachment.id());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof CardException failure) {
                    throw failure;
                }
                throw DriverGuard.contain(attachment.readerName(), attachment.binding().driverName(), "disconnect", e.getCause());
            }
        }
    }

    /**
     * Closes a session this attachment no longer uses (its reader went away, or a reconnect replaced it), on the
     * worker pool, so that the driver can free what it holds; whatever the driver does then is contained.
     */
    void retire(CardSession old) {
        try {
            slot.context().worker().execute(() -> {
                try {
                    old.disconnect(Disposition.LEAVE);
                } catch (CardException | RuntimeException | LinkageError | StackOverflowError e) {
                    CoreLog.debug("closing a retired session of attachment " + attachment.id() + ": " + e);
                }
            });
        } catch (RejectedExecutionException shuttingDown) {
            // The core is stopping; the driver cleans up its own sessions when it stops.
        }
    }

}

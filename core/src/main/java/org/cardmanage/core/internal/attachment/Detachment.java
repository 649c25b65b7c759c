package org.cardmanage.core.internal.attachment;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.cardmanage.api.AttachmentState;
import org.cardmanage.api.CardException;
import org.cardmanage.api.Disposition;
import org.cardmanage.api.ScardError;
import org.cardmanage.core.internal.CoreLog;
import org.cardmanage.core.internal.arbitration.CardArbiter;
import org.cardmanage.core.internal.arbitration.OwedDisconnect;
import org.cardmanage.spi.CardSession;

/**
 * Ends an attachment's use of the card. The attachment is detached at once (its blocked calls, lock waits included,
 * are released); the driver's disconnect with the asked disposition is {@linkplain CardArbiter#detach owed} to the
 * card and runs as soon as the card is clear: a RESET or UNPOWER waits for another attachment's lock to end, and is
 * never downgraded to LEAVE; an attachment whose reader went away owes it to the reader of that name, which pays it
 * through a session of its own when it is back.
 *
 * <p>The owner's own detach waits for that disconnect, bounded by the transmit wait, and reports what the driver
 * reported, unless another attachment's lock holds it up: then it returns at once and the disconnect follows when that
 * lock ends. The core's cleanup paths (a bundle that went away, an operator's force-detach) never wait.
 */
final class Detachment {
    private final CoreAttachment attachment;
    private final ReaderSlot slot;

    Detachment(CoreAttachment attachment, ReaderSlot slot) {
        this.attachment = attachment;
        this.slot = slot;
    }

    /**
     * @param byOwner true when the owner detaches: then detaching twice is an error, and the call waits for the
     *     driver's disconnect as described above
     * @return the state before detaching, or null if it was already detached (only when not by the owner)
     */
    AttachmentState end(Disposition disposition, String reason, boolean byOwner) throws CardException {
        CardArbiter arbiter = slot.arbiter();
        CardArbiter.Detached detached =
                arbiter.detach(attachment, disposition, reason, () -> slot.markDetached(attachment, reason, byOwner),
                        byOwner);
        if (detached == null) {
            return null;
        }
        attachment.forgotten();
        OwedDisconnect debt = detached.debt();
        if (detached.payHere()) {
            arbiter.payHere(detached);
            awaitDisconnect(debt);
        } else if (debt != null && byOwner && !arbiter.heldUpByLock(debt)) {
            awaitDisconnect(debt);
        }
        return detached.previous();
    }

    private void awaitDisconnect(OwedDisconnect debt) throws CardException {
        long wait = slot.context().settings().transmitWait().toNanos();
        try {
            debt.paid().get(wait, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            CoreLog.debug("attachment " + attachment.id() + " on reader '" + attachment.readerName() + "' is detached; "
                    + "its " + debt.disposition() + " runs once the card's current call ends (waited "
                    + TimeUnit.NANOSECONDS.toMillis(wait) + " ms)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CardException(ScardError.SCARD_E_CANCELLED, "interrupted while detaching attachment "
                    + attachment.id() + "; it is detached and its " + debt.disposition() + " still runs");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CardException failure) {
                throw failure;
            }
            throw DriverGuard.contain(attachment.readerName(), attachment.binding().driverName(), "disconnect",
                    e.getCause());
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

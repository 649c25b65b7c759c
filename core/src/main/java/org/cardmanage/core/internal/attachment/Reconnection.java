package org.cardmanage.core.internal.attachment;

import java.util.concurrent.TimeUnit;

import org.cardmanage.api.CardException;
import org.cardmanage.api.CardIOException;
import org.cardmanage.api.CardTimeoutException;
import org.cardmanage.api.Disposition;
import org.cardmanage.api.ShareMode;
import org.cardmanage.core.internal.arbitration.CardArbiter;
import org.cardmanage.spi.CardSession;

/**
 * One {@code reconnect()}: re-establishes an attachment's connection through the reader that exists now. If the
 * attachment's session belongs to a reader that went away, a fresh session is opened on the one that came back;
 * otherwise the driver reconnects the session it has (which also reaches a newly inserted card).
 */
final class Reconnection {
    private final CoreAttachment attachment;
    private final ReaderSlot slot;
    private final ShareMode newMode;
    private final Disposition initialization;

    Reconnection(CoreAttachment attachment, ReaderSlot slot, ShareMode newMode, Disposition initialization) {
        this.attachment = attachment;
        this.slot = slot;
        this.newMode = newMode;
        this.initialization = initialization;
    }

    void run() throws CardException {
        // The access policy may have changed since the attach: a reconnect is a new connection, checked again.
        slot.context().settings().accessPolicy().check(attachment.ownerSymbolicName(), attachment.principal(),
                attachment.ownerName(), slot.name());
        ReaderBinding target = slot.prepareReconnect(attachment, newMode);
        CardArbiter arbiter = slot.arbiter();
        // A reconnect ends any transaction this attachment had, as SCardReconnect does.
        arbiter.releaseHeldBy(attachment);
        long wait = slot.context().settings().transmitWait().toNanos();
        boolean done = false;
        boolean entered = false;
        try {
            // Reconnecting may reset the card: never under another attachment's transaction.
            entered = arbiter.enterOutsideLocks(attachment, wait);
            if (!entered) {
                CoreAttachment holder = arbiter.lockHolder();
                throw new CardTimeoutException("the card in reader '" + slot.name() + "' stayed "
                        + (holder != null ? "locked by attachment " + holder.id() : "busy") + " for "
                        + TimeUnit.NANOSECONDS.toMillis(wait) + " ms; attachment " + attachment.id()
                        + " could not reconnect");
            }
            // A detach (or the reader's withdrawal) may have come while this waited: its session is not ours to use.
            slot.checkStillReconnecting(attachment);
            CardSession current = attachment.session();
            if (attachment.binding() != target || current == null) {
                connectAfresh(target);
                if (current != null) {
                    attachment.retire(current);
                }
            } else {
                DriverGuard.call(slot.name(), target.driverName(), "reconnect", () -> {
                    current.reconnect(newMode, attachment.protocols(), initialization);
                    return null;
                });
                slot.completeReconnect(attachment, target, current);
            }
            done = true;
        } finally {
            if (!done) {
                slot.abortReconnect(attachment);
            }
            if (entered) {
                arbiter.exit(attachment);
            }
        }
    }

    private void connectAfresh(ReaderBinding target) throws CardException {
        CardSession fresh = DriverGuard.call(slot.name(), target.driverName(), "connect",
                () -> target.transport().connect(newMode, attachment.protocols()));
        if (fresh == null) {
            throw new CardIOException("driver '" + target.driverName() + "' returned no session for reader '"
                    + slot.name() + "'");
        }
        try {
            if (initialization != Disposition.LEAVE && newMode != ShareMode.DIRECT) {
                DriverGuard.call(slot.name(), target.driverName(), "reconnect", () -> {
                    fresh.reconnect(newMode, attachment.protocols(), initialization);
                    return null;
                });
            }
            slot.completeReconnect(attachment, target, fresh);
        } catch (CardException e) {
            try {
                fresh.disconnect(Disposition.LEAVE);
            } catch (CardException | RuntimeException | LinkageError ignored) {
                // The session was never handed out; the caller is told the original failure.
            }
            throw e;
        }
    }
}

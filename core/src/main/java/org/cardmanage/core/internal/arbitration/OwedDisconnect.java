package org.cardmanage.core.internal.arbitration;

import java.util.EnumSet;
import java.util.concurrent.CompletableFuture;

import org.cardmanage.api.CardException;
import org.cardmanage.api.CardRemovedException;
import org.cardmanage.api.Disposition;
import org.cardmanage.api.NoCardException;
import org.cardmanage.api.Protocol;
import org.cardmanage.api.ShareMode;
import org.cardmanage.core.internal.CoreLog;
import org.cardmanage.core.internal.attachment.CoreAttachment;
import org.cardmanage.core.internal.attachment.DriverGuard;
import org.cardmanage.core.internal.attachment.ReaderBinding;
import org.cardmanage.spi.CardSession;

/**
 * The driver disconnect a detached attachment owes its card. A RESET or UNPOWER must not pull the card from under
 * another attachment's transaction, and must not be skipped either (the next user would inherit the departed one's
 * verified PIN): so it is owed to the card's {@link CardArbiter}, which pays it as soon as the card is clear, before
 * anyone else is admitted. A LEAVE only waits for the driver call in progress.
 *
 * <p>An attachment whose reader went away has no session left to disconnect, but the card may still hold what it
 * established (a PC/SC driver that stops leaves the card powered): its RESET or UNPOWER is owed to the reader of that
 * name, and paid through a session of its own once the reader is back ({@link #forReader}).
 */
public final class OwedDisconnect {
    private final CoreAttachment debtor;
    private final CardSession session;
    private final Disposition disposition;
    private final CompletableFuture<Void> paid = new CompletableFuture<>();

    OwedDisconnect(CoreAttachment debtor, CardSession session, Disposition disposition) {
        this.debtor = debtor;
        this.session = session;
        this.disposition = disposition;
    }

    /** A RESET or UNPOWER owed to whatever card the reader holds when it is back, through a session of its own. */
    static OwedDisconnect forReader(CoreAttachment debtor, Disposition disposition) {
        return new OwedDisconnect(debtor, null, disposition);
    }

    /** @return whether it is paid through a fresh session of the reader as it is then */
    boolean needsReader() {
        return session == null;
    }

    CoreAttachment debtor() {
        return debtor;
    }

    public Disposition disposition() {
        return disposition;
    }

    /** @return whether another attachment's lock keeps this disconnect waiting */
    boolean waitsForLocks() {
        return disposition != Disposition.LEAVE;
    }

    /** Completes when the driver's disconnect has run: normally, or with the {@link CardException} it reported. */
    public CompletableFuture<Void> paid() {
        return paid;
    }

    /**
     * Runs the driver's disconnect; what it throws is contained and recorded, never thrown.
     *
     * @param reader the reader as it is now, for a debt {@linkplain #forReader owed to the reader}
     */
    void pay(ReaderBinding reader) {
        try {
            CardSession target = session;
            String driver = target != null ? debtor.binding().driverName() : reader.driverName();
            if (target == null) {
                target = DriverGuard.call(debtor.readerName(), driver, "connect",
                        () -> reader.transport().connect(ShareMode.SHARED, EnumSet.of(Protocol.T0, Protocol.T1)));
            }
            CardSession disconnected = target;
            DriverGuard.call(debtor.readerName(), driver, "disconnect", () -> {
                disconnected.disconnect(disposition);
                return null;
            });
            paid.complete(null);
        } catch (CardRemovedException | NoCardException e) {
            // A card that is gone has nothing left to reset; disconnecting from it succeeds, as in PC/SC.
            paid.complete(null);
        } catch (CardException e) {
            if (session == null) {
                // Nobody waits for a reset owed to a returning reader: the operator must hear that it failed.
                CoreLog.warn("the RESET owed to reader '" + debtor.readerName() + "' for attachment " + debtor.id()
                        + " (detached while the reader was away) failed: " + e.getMessage());
            }
            paid.completeExceptionally(e);
        }
    }

    /** The disconnect will never run (the core is stopping): whoever waits learns it. */
    void cancel(CardException why) {
        paid.completeExceptionally(why);
    }
}

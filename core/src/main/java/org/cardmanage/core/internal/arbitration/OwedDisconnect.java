package org.cardmanage.core.internal.arbitration;

import java.util.concurrent.CompletableFuture;

import org.cardmanage.api.CardException;
import org.cardmanage.api.CardRemovedException;
import org.cardmanage.api.Disposition;
import org.cardmanage.core.internal.attachment.CoreAttachment;
import org.cardmanage.core.internal.attachment.DriverGuard;
import org.cardmanage.spi.CardSession;

/**
 * The driver disconnect a detached attachment owes its card. A RESET or UNPOWER must not pull the card from under
 * another attachment's transaction, and must not be skipped either (the next user would inherit the departed one's
 * verified PIN): so it is owed to the card's {@link CardArbiter}, which pays it as soon as the card is clear, before
 * anyone else is admitted. A LEAVE only waits for the driver call in progress.
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

    /** Runs the driver's disconnect; what it throws is contained and recorded, never thrown. */
    void pay() {
        try {
            DriverGuard.call(debtor.readerName(), debtor.binding().driverName(), "disconnect", () -> {
                session.disconnect(disposition);
                return null;
            });
            paid.complete(null);
        } catch (CardRemovedException e) {
            // Disconnecting from a card that is gone succeeds, as in PC/SC.
            paid.complete(null);
        } catch (CardException e) {
            paid.completeExceptionally(e);
        }
    }

    /** The disconnect will never run (the core is stopping): whoever waits learns it. */
    void cancel(CardException why) {
        paid.completeExceptionally(why);
    }
}

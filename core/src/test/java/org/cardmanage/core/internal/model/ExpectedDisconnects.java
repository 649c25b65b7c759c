package org.cardmanage.core.internal.model;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.cardmanage.api.AttachmentState;
import org.cardmanage.api.Disposition;
import org.cardmanage.core.internal.testsupport.FakeSession;

/**
 * The driver disconnects the core owes, and waiting for them. A detached attachment's disconnect runs on the core's
 * worker pool, after the detach returned: a RESET or UNPOWER as soon as no other attachment holds the card's lock, a
 * LEAVE as soon as the card's current call ends. Before each step the model lets the core settle: it waits (bounded)
 * until every disconnect that nothing holds up has been made, so that each step starts from a state the model knows.
 * A disconnect that never comes fails the sequence.
 */
final class ExpectedDisconnects {
    private record Owed(FakeSession session, String call, ModelReader reader, boolean waitsForLocks, String debtor) {
    }

    private final List<Owed> owed = new ArrayList<>();

    /**
     * An attachment was detached with that disposition. One whose reader went away is disconnected with LEAVE: its
     * session belongs to a transport that is gone.
     */
    void detached(ModelAttachment attachment, AttachmentState before, Disposition disposition) {
        if (before == AttachmentState.REVOKED) {
            retired(attachment.session, attachment.reader, attachment.toString());
        } else {
            owed.add(new Owed(attachment.session, "disconnect " + disposition, attachment.reader,
                    disposition != Disposition.LEAVE, attachment.toString()));
        }
    }

    /** A session the core no longer uses (replaced by a reconnect) is closed with LEAVE. */
    void retired(FakeSession session, ModelReader reader, String debtor) {
        owed.add(new Owed(session, "disconnect LEAVE", reader, false, debtor));
    }

    /** Waits for every owed disconnect that no lock holds up. */
    void settle() {
        for (Iterator<Owed> debts = owed.iterator(); debts.hasNext(); ) {
            Owed debt = debts.next();
            if (debt.waitsForLocks() && debt.reader().heldLock != null) {
                continue;
            }
            try {
                debt.session().awaitCall(debt.call());
            } catch (AssertionError e) {
                throw new AssertionError("the core never made the '" + debt.call() + "' that " + debt.debtor()
                        + " owes its card (nothing holds it up): " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for the disconnect of " + debt.debtor(), e);
            }
            debts.remove();
        }
    }

    boolean isEmpty() {
        return owed.isEmpty();
    }
}

package org.cardmanage.remote.internal.farm;

import java.util.List;

import org.cardmanage.api.Attachment;
import org.cardmanage.api.AttachmentClosedException;
import org.cardmanage.api.CardException;
import org.cardmanage.api.CardLock;
import org.cardmanage.api.Disposition;

/**
 * How sessions end without their client's Close: left behind (lease expired, connection closed, the farm stops) they
 * are detached with RESET, so that no other client or local user inherits their card state; a session that holds its
 * reader exclusively longer than its rule allows loses its lock, or, if it is an EXCLUSIVE session, ends.
 */
final class SessionEnds {
    private static final System.Logger LOG = System.getLogger("org.cardmanage.remote");

    private final FarmSessions sessions;

    SessionEnds(FarmSessions sessions) {
        this.sessions = sessions;
    }

    /** Detaches with RESET what was left behind: expired, or on a closed connection, or the farm stops. */
    void abandon(List<FarmSession> left, String why) {
        for (FarmSession session : left) {
            LOG.log(System.Logger.Level.INFO, () -> why + ": closing " + session + " with RESET");
            quietly(session, Disposition.RESET);
        }
    }

    /** Ends what holds a reader exclusively longer than its rule allows: the lock, or the EXCLUSIVE session. */
    void endOverHeld() {
        for (FarmSession session : sessions.overHeld()) {
            CardLock lock = session.swapLock(null, sessions.now());
            if (lock != null) {
                LOG.log(System.Logger.Level.INFO, () -> session + " held its lock longer than "
                        + session.owner().rule().describe() + " allows: unlocking with RESET");
                try {
                    lock.unlock(Disposition.RESET);
                } catch (CardException e) {
                    LOG.log(System.Logger.Level.WARNING, () -> "unlocking " + session + ": " + e.getMessage());
                }
            } else if (sessions.remove(session.owner(), session.id()) != null) {
                abandon(List.of(session), session.owner().rule().describe() + " limits exclusive holds to "
                        + session.owner().rule().maxExclusiveMs() + " ms");
            }
        }
    }

    static void quietly(FarmSession session, Disposition disposition) {
        try {
            detach(session, disposition);
        } catch (CardException e) {
            LOG.log(System.Logger.Level.WARNING, () -> "closing " + session + ": " + e.getMessage());
        }
    }

    static void detach(FarmSession session, Disposition disposition) throws CardException {
        detach(session.attachment(), disposition);
    }

    static void detach(Attachment attachment, Disposition disposition) throws CardException {
        try {
            attachment.detach(disposition);
        } catch (AttachmentClosedException alreadyClosed) {
            // the farm's core revoked it or an operator detached it first: closed either way
        }
    }
}

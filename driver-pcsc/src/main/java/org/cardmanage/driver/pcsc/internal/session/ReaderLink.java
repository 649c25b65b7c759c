package org.cardmanage.driver.pcsc.internal.session;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.cardmanage.api.CardException;
import org.cardmanage.api.NoCardException;
import org.cardmanage.api.Protocol;
import org.cardmanage.api.ReaderUnavailableException;
import org.cardmanage.api.ShareMode;
import org.cardmanage.driver.pcsc.internal.port.PcscException;
import org.cardmanage.driver.pcsc.internal.port.PcscPort;

/**
 * One PC/SC reader as its sessions see it: the port and the driver's shared parts, the card the monitor sees in it,
 * the sessions open on it, and the resets its own sessions made (so that a session can tell a reset the core already
 * reported from one by another process).
 */
public final class ReaderLink {
    private final String readerName;
    private final SessionTools tools;
    private final Set<PcscSession> sessions = ConcurrentHashMap.newKeySet();
    private final AtomicLong ownResets = new AtomicLong();
    private volatile CardView card = CardView.EMPTY;
    private volatile String closedReason;

    public ReaderLink(String readerName, SessionTools tools) {
        this.readerName = readerName;
        this.tools = tools;
    }

    public String readerName() {
        return readerName;
    }

    SessionTools tools() {
        return tools;
    }

    PcscPort port() {
        return tools.port();
    }

    /** @return the card the monitor sees now */
    public CardView card() {
        return card;
    }

    /** The monitor saw the reader's card change. */
    public void card(CardView now) {
        card = now;
    }

    /**
     * Opens a session ({@code SCardConnect} on a context of its own, within the call timeout).
     *
     * @throws NoCardException if there is no card and the mode is not DIRECT
     */
    public PcscSession open(ShareMode mode, Set<Protocol> protocols) throws CardException {
        checkOpen("connect");
        CardView seen = card;
        if (mode != ShareMode.DIRECT && !seen.present()) {
            throw new NoCardException("reader '" + readerName + "': connect failed: no card in the reader");
        }
        int wanted = Protocols.mask(mode, protocols, readerName);
        long deadline = System.nanoTime() + tools.callTimeout().toNanos();
        Opened opened;
        try {
            opened = tools.connector().connect(readerName, mode.pcscValue(), wanted, deadline);
        } catch (PcscException e) {
            throw PcscErrors.translate(readerName, "connect", e);
        }
        PcscSession session = new PcscSession(this, opened, mode, protocols, seen);
        sessions.add(session);
        if (closedReason != null) {
            session.abandon();
            checkOpen("connect");
        }
        return session;
    }

    void forget(PcscSession session) {
        sessions.remove(session);
    }

    /** A session of this reader reset, powered down or ejected the card. */
    void noteOwnReset() {
        ownResets.incrementAndGet();
    }

    long ownResets() {
        return ownResets.get();
    }

    void checkOpen(String operation) throws ReaderUnavailableException {
        String reason = closedReason;
        if (reason != null) {
            throw new ReaderUnavailableException("reader '" + readerName + "': " + operation + " failed: " + reason);
        }
    }

    /**
     * The reader went away, pcscd did, or the driver stops: every open session is closed with LEAVE (its context
     * released where pcscd is gone) and later calls fail with {@link ReaderUnavailableException} giving the reason.
     */
    public void close(String reason) {
        closedReason = reason;
        for (PcscSession session : List.copyOf(sessions)) {
            session.abandon();
        }
    }

    /** @return how many sessions are open */
    public int sessionCount() {
        return sessions.size();
    }


    /** @return the bound of one call */
    Duration callTimeout() {
        return tools.callTimeout();
    }
}

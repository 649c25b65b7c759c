package org.cardmanage.driver.pcsc.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.smartcardio.Card;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CommandAPDU;

import org.cardmanage.api.Atr;
import org.cardmanage.api.CardException;
import org.cardmanage.api.CardRemovedException;
import org.cardmanage.api.CardResetException;
import org.cardmanage.api.Disposition;
import org.cardmanage.api.NoCardException;
import org.cardmanage.api.NotSupportedException;
import org.cardmanage.api.Protocol;
import org.cardmanage.api.ReaderUnavailableException;
import org.cardmanage.api.ScardError;
import org.cardmanage.api.ShareMode;

/**
 * The JVM's one PC/SC connection to one reader, shared by all sessions on it, and the one-at-a-time runner of every
 * call on it ({@link LinkCalls}: the reader's worker thread, or the caller's thread with {@code call.thread=caller}).
 * The JDK returns the same {@code Card} for every {@code connect} on a terminal
 * and binds {@code beginExclusive} to the calling thread; this class turns that into PC/SC semantics for many sessions:
 * <ul>
 * <li>A session is bound to one card insertion (the monitor's counter). Once the card is gone it fails with
 * {@link CardRemovedException}, and {@code reconnect} binds it to the card now in the reader.</li>
 * <li>The connection is made on demand and released when the last session leaves. A session's RESET (disconnect,
 * end of transaction, reconnect) resets the card for all, as in PC/SC; the others reconnect on their next call.</li>
 * <li>SHARED and EXCLUSIVE both connect SHARED: the JDK cannot open {@code SCARD_SHARE_EXCLUSIVE}. The core keeps
 * other attachments out of an EXCLUSIVE one; other processes are kept out only by a lock (a PC/SC transaction).</li>
 * <li>A transaction is the JDK's {@code beginExclusive}/{@code endExclusive}, always on the worker thread; with calls
 * on the caller's thread, a native PC/SC transaction bound to no thread ({@link LinkTransaction}).</li>
 * <li>DIRECT needs no card ({@code connect("DIRECT")}); while cards sessions exist it uses their connection.</li>
 * <li>UNPOWER and EJECT do not exist in the JDK (no {@code SCardReconnect}, and {@code disconnect} knows only LEAVE
 * and RESET): ending a transaction or disconnecting with them resets the card instead and then throws
 * {@link NotSupportedException}; reconnecting with UNPOWER throws before anything is done.</li>
 * </ul>
 * Connection state is touched by one call at a time (on the worker thread, or on the caller's in turn); the fields are
 * guarded by this object's monitor only because a retired worker thread may still finish a call.
 */
final class CardLink {
    private static final System.Logger LOG = System.getLogger("org.cardmanage.driver.pcsc");

    private final String readerName;
    private final CardTerminal terminal;
    private final PcscInternals internals;
    private final LinkCalls calls;

    // The monitor's view of the reader.
    private volatile boolean present;
    private volatile long insertion;
    private volatile String closedReason;

    private final LinkTransaction transaction;
    private final SharedConnection connection;
    private final Set<PcscSession> sessions = new HashSet<>(); // guarded by this

    /**
     * @param internals the provider's internals for plain transmits, or null to use its channel
     * @param callerThread whether calls run on the caller's thread ({@link CallerThreadCalls}, needs the internals for
     *     transactions bound to no thread) rather than the reader's worker
     */
    CardLink(String readerName, CardTerminal terminal, PcscInternals internals, Duration callTimeout,
            boolean callerThread) {
        this.readerName = readerName;
        this.terminal = terminal;
        this.internals = internals;
        boolean inline = callerThread && internals != null;
        this.transaction = new LinkTransaction(readerName, inline ? internals : null);
        this.connection = new SharedConnection(readerName, terminal, transaction);
        this.calls = inline ? new CallerThreadCalls(readerName, callTimeout)
                : new CardWorker(readerName, callTimeout, transaction::retired);
    }

    String readerName() {
        return readerName;
    }

    // ---- the monitor's side -----------------------------------------------------------------------------------------

    /** The monitor saw the card arrive or leave; sessions of older insertions fail from now on. */
    void cardState(boolean cardPresent, long cardInsertionCounter) {
        insertion = cardInsertionCounter;
        present = cardPresent;
    }

    /**
     * Reads the ATR of the card now in the reader by connecting to it (the JDK offers no other way).
     *
     * @return the ATR
     */
    byte[] readAtr() throws CardException {
        return calls.callBounded("reading the ATR", () -> {
            byte[] atr = connection.forCard(JdkProtocols.ANY, insertion, () -> othersUse(null)).getATR().getBytes();
            releaseIfUnused();
            return atr;
        });
    }

    /**
     * The reader went away or the driver stops: every later call fails with {@link ReaderUnavailableException}; the
     * connection is released in the background.
     */
    void close(String reason) {
        closedReason = reason;
        calls.close("releasing the connection", () -> {
            synchronized (this) {
                sessions.clear();
            }
            connection.close();
            return null;
        });
    }

    // ---- session operations, each one call in turn ------------------------------------------------------------------

    PcscSession open(ShareMode mode, Set<Protocol> protocols) throws CardException {
        String request = mode == ShareMode.DIRECT ? JdkProtocols.DIRECT : JdkProtocols.request(readerName, protocols);
        PcscSession session = new PcscSession(this, mode, protocols);
        return calls.call("connect", () -> {
            checkOpen();
            bind(session, mode, protocols, request);
            synchronized (this) {
                sessions.add(session);
            }
            return session;
        }, late -> leave(late, Disposition.LEAVE));
    }

    byte[] transmit(PcscSession session, byte[] command) throws CardException {
        return calls.call("transmit", () -> {
            Card connected = sessionCard(session);
            byte[] response;
            try {
                response = internals != null ? internals.transmit(connected, command)
                        : connected.getBasicChannel().transmit(new CommandAPDU(command)).getBytes();
            } catch (javax.smartcardio.CardException | IllegalStateException | IllegalArgumentException e) {
                dropAfterFailure(connected, e);
                throw e;
            }
            if (response.length < 2) {
                dropAfterFailure(connected, null);
                throw new CardRemovedException("reader '" + readerName + "': transmit failed: the reader answered "
                        + response.length + " bytes; the card was removed");
            }
            return response;
        });
    }

    byte[] control(PcscSession session, int controlCode, byte[] data) throws CardException {
        return calls.call("control", () -> {
            checkSession(session);
            Card connected = session.mode() == ShareMode.DIRECT ? controlConnection() : sessionCard(session);
            try {
                return connected.transmitControlCommand(controlCode, data);
            } catch (javax.smartcardio.CardException | IllegalStateException e) {
                if (session.mode() != ShareMode.DIRECT || !(e instanceof IllegalStateException
                        || "SCARD_W_REMOVED_CARD".equals(PcscErrors.codeName(e)))) {
                    throw e;
                }
                // A card came or went under a direct connection: connect afresh once.
                connection.drop(connected);
                return controlConnection().transmitControlCommand(controlCode, data);
            }
        });
    }

    void beginTransaction(PcscSession session) throws CardException {
        calls.call("beginTransaction", () -> {
            Card connected = sessionCard(session);
            transaction.begin(session, connected);
            return connected;
        }, late -> transaction.end(session));
    }

    void endTransaction(PcscSession session, Disposition disposition) throws CardException {
        calls.call("endTransaction", () -> {
            checkSession(session);
            Card ended = transaction.connectionOf(session);
            if (ended == null) {
                throw new CardException(ScardError.SCARD_E_NOT_TRANSACTED, "reader '" + readerName
                        + "': endTransaction failed: this session holds no transaction");
            }
            transaction.end(session);
            if (ended != connection.current()) {
                throw new CardResetException("reader '" + readerName + "': the card was reset or removed during "
                        + "the transaction");
            }
            apply(disposition, "endTransaction", true);
            return null;
        });
    }

    void reconnect(PcscSession session, ShareMode mode, Set<Protocol> protocols, Disposition initialization)
            throws CardException {
        if (initialization == Disposition.UNPOWER || initialization == Disposition.EJECT) {
            throw new NotSupportedException("reader '" + readerName + "': reconnect with " + initialization
                    + " is not supported: the JDK's PC/SC provider has no SCardReconnect and cannot power a card "
                    + "down; use RESET or LEAVE");
        }
        String request = mode == ShareMode.DIRECT ? JdkProtocols.DIRECT : JdkProtocols.request(readerName, protocols);
        calls.call("reconnect", () -> {
            checkSession(session);
            transaction.end(session); // as SCardReconnect ends the handle's transaction
            if (initialization == Disposition.RESET && mode != ShareMode.DIRECT && present
                    && session.insertion() == insertion) {
                apply(Disposition.RESET, "reconnect", false);
            }
            bind(session, mode, protocols, request);
            return null;
        });
    }

    void disconnect(PcscSession session, Disposition disposition) throws CardException {
        boolean wasOpen;
        synchronized (this) {
            wasOpen = sessions.contains(session) && !session.isClosed();
        }
        session.markClosed();
        if (!wasOpen || closedReason != null) {
            synchronized (this) {
                sessions.remove(session);
            }
            return;
        }
        calls.call("disconnect", () -> {
            leave(session, disposition);
            return null;
        });
    }

    // ---- inside a call ----------------------------------------------------------------------------------------------

    /** Binds a session to the card now in the reader (or, DIRECT, to the reader), connecting if needed. */
    private void bind(PcscSession session, ShareMode mode, Set<Protocol> protocols, String request) throws Exception {
        if (mode == ShareMode.DIRECT) {
            controlConnection();
            session.bind(mode, protocols, present ? insertion : 0, null, null);
            return;
        }
        if (!present) {
            throw new NoCardException("reader '" + readerName + "': connect failed: no card in the reader");
        }
        Card connected = connection.forCard(request, insertion, () -> othersUse(session));
        session.bind(mode, protocols, connection.insertion(), parseAtr(connected.getATR().getBytes()),
                JdkProtocols.of(connected.getProtocol()));
    }

    /** Ends the session's part: its transaction, then the disposition, then the connection if it was the last. */
    private void leave(PcscSession session, Disposition disposition) throws Exception {
        transaction.end(session);
        boolean onCurrentCard = session.mode() != ShareMode.DIRECT && connection.reaches(session.insertion());
        boolean last;
        synchronized (this) {
            sessions.remove(session);
            last = sessions.isEmpty();
        }
        if (onCurrentCard && disposition != Disposition.LEAVE) {
            apply(disposition, "disconnect", true);
        } else if (last) {
            releaseIfUnused();
        }
    }

    /** Applies a disposition to the shared connection: RESET (and, as its substitute, UNPOWER/EJECT) resets. */
    private void apply(Disposition disposition, String operation, boolean reportSubstitute) throws Exception {
        if (disposition == Disposition.LEAVE) {
            return;
        }
        connection.reset();
        if (reportSubstitute && disposition != Disposition.RESET) {
            throw new NotSupportedException("reader '" + readerName + "': " + operation + " with " + disposition
                    + " is not supported by the JDK's PC/SC provider (no SCARD_UNPOWER_CARD or SCARD_EJECT_CARD); "
                    + "the card was reset instead");
        }
    }

    /** @return the connection for a session's calls, if the session's card is still the one in the reader */
    private Card sessionCard(PcscSession session) throws Exception {
        checkSession(session);
        if (session.mode() == ShareMode.DIRECT) {
            throw new NotSupportedException("reader '" + readerName + "': a DIRECT session exchanges control codes "
                    + "only");
        }
        long wanted = session.insertion();
        if (!present || insertion != wanted) {
            throw new CardRemovedException("reader '" + readerName + "': the card was removed");
        }
        Card connected;
        try {
            connected = connection.forCard(JdkProtocols.request(readerName, session.protocols()), wanted,
                    () -> othersUse(session));
        } catch (javax.smartcardio.CardException e) {
            String code = PcscErrors.codeName(e);
            if (e instanceof javax.smartcardio.CardNotPresentException || "SCARD_E_NO_SMARTCARD".equals(code)
                    || "SCARD_W_REMOVED_CARD".equals(code)) {
                // The session's card is what is missing: to the session, it was removed.
                throw new CardRemovedException("reader '" + readerName + "': the card was removed", e);
            }
            throw e;
        }
        if (connection.insertion() != wanted) {
            throw new CardRemovedException("reader '" + readerName + "': the card was replaced");
        }
        return connected;
    }

    /** @return a connection for control codes: the card connection if there is one, else a direct one */
    private Card controlConnection() throws Exception {
        return connection.forControl(present ? insertion : 0);
    }

    /** @return whether sessions other than the requester use the card connection */
    private synchronized boolean othersUse(PcscSession requester) {
        long reached = connection.insertion();
        for (PcscSession other : sessions) {
            if (other != requester && other.mode() != ShareMode.DIRECT && other.insertion() == reached) {
                return true;
            }
        }
        return false;
    }

    private void releaseIfUnused() {
        synchronized (this) {
            if (!sessions.isEmpty()) {
                return;
            }
        }
        connection.release();
    }

    /**
     * After a failed transmit, forgets a connection that may be stale, so that the next call connects afresh: a card
     * that was pulled and pushed back between two of pcscd's polls leaves no event, only a handle that fails. A
     * connection that carries a transaction is kept: dropping it would end the transaction.
     */
    private void dropAfterFailure(Card failed, Exception failure) {
        String code = failure == null ? null : PcscErrors.codeName(failure);
        boolean stale = failure == null || failure instanceof IllegalStateException
                || "SCARD_W_REMOVED_CARD".equals(code) || "SCARD_W_RESET_CARD".equals(code)
                || "SCARD_E_NOT_TRANSACTED".equals(code);
        if (stale && !transaction.isOn(failed)) {
            connection.drop(failed);
        }
    }

    private void checkOpen() throws CardException {
        String reason = closedReason;
        if (reason != null) {
            throw new ReaderUnavailableException("reader '" + readerName + "' is no longer available: " + reason);
        }
    }

    private void checkSession(PcscSession session) throws CardException {
        checkOpen();
        if (session.isClosed()) {
            throw new CardException(ScardError.SCARD_E_INVALID_HANDLE, "reader '" + readerName + "': the session is "
                    + "closed");
        }
    }

    private Atr parseAtr(byte[] bytes) {
        try {
            return Atr.parse(bytes);
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.WARNING, "reader ''{0}'': the card''s ATR cannot be parsed: {1}", readerName,
                    e.getMessage());
            return null;
        }
    }

    /** @return the sessions open now, for tests and diagnostics */
    synchronized List<PcscSession> sessions() {
        return new ArrayList<>(sessions);
    }
}

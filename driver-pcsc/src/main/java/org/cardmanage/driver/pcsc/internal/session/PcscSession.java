package org.cardmanage.driver.pcsc.internal.session;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import org.cardmanage.api.Atr;
import org.cardmanage.api.CardException;
import org.cardmanage.api.CardRemovedException;
import org.cardmanage.api.CardTimeoutException;
import org.cardmanage.api.Disposition;
import org.cardmanage.api.NoCardException;
import org.cardmanage.api.NotSupportedException;
import org.cardmanage.api.Protocol;
import org.cardmanage.api.ScardError;
import org.cardmanage.api.ShareMode;
import org.cardmanage.driver.pcsc.internal.port.Pcsc;
import org.cardmanage.driver.pcsc.internal.port.PcscException;
import org.cardmanage.driver.pcsc.internal.port.PcscPort;
import org.cardmanage.spi.CardSession;

/**
 * One attachment's PC/SC connection: a card handle of its own, on a context of its own, with PC/SC's semantics
 * (EXCLUSIVE excludes other processes, transactions belong to the handle, not to a thread). Calls run on the caller's
 * thread; the core calls one session one call at a time.
 *
 * <h2>A call that reports a timeout had no effect</h2>
 * While another process holds a transaction on the card, pcsc-lite refuses a command with
 * {@code SCARD_E_SHARING_VIOLATION} before it reaches the card ({@code PCSCLITE_NO_BLOCKING}); the session tries
 * again, pausing 0.5 ms doubling to 20 ms, until the command is taken, the call's bound passes, or the caller is
 * interrupted — the last two end the call with {@link CardTimeoutException} or {@code SCARD_E_CANCELLED}, and the
 * command has not reached the card. A transaction is asked for only once a command-free {@code SCardStatus} is taken.
 * Every port call runs under a {@link WaitGuard}: when the bound passes (or the caller is interrupted) while the call
 * is still in native code, the session's context is cut loose from pcscd, which frees the call at once; the next call
 * connects again. For {@code SCardBeginTransaction} (which libpcsclite repeats by itself) that has no effect; for a
 * command the card was executing the error says that its outcome is unknown. Where a context cannot be cut loose,
 * calls that libpcsclite repeats are ended by disconnecting the handle between two tries (LEAVE), without effect. A
 * disconnect with RESET, UNPOWER or EJECT first takes a transaction the same way, because pcscd would make it wait
 * without a bound; when that times out, the card is left as it was and the caller is told.
 */
public final class PcscSession implements CardSession {

    private final ReaderLink link;
    private final String readerName;
    private final PcscPort port;

    // Guarded by this; a port call is never made while holding it.
    private ContextPool.Lease lease;
    /** Whether the lease's connection to pcscd was broken to free a call: it is discarded, never kept. */
    private boolean leaseBroken;
    /** How the guard cut the last call: its socket to pcscd (true) or its handle between two tries (false). */
    private volatile boolean cutBySocket;
    private long handle; // 0 once cut by the guard (the next call connects again) or closed
    private boolean inTransaction;
    private boolean closed;
    private long resetsSeen;

    private volatile ShareMode mode;
    private volatile Set<Protocol> protocols;
    private volatile int activeProtocol;
    private volatile long insertion;
    private volatile Atr atr;

    PcscSession(ReaderLink link, Opened opened, ShareMode mode, Set<Protocol> protocols, CardView card) {
        this.link = link;
        this.readerName = link.readerName();
        this.port = link.port();
        this.lease = opened.lease();
        this.handle = opened.connection().handle();
        this.activeProtocol = opened.connection().protocol();
        this.mode = mode;
        this.protocols = Set.copyOf(protocols);
        this.resetsSeen = link.ownResets();
        bindTo(card);
    }

    /** @return the ATR of the handle's card as {@code SCardStatus} reports it, or null */
    private Atr atrOf(long h) {
        try {
            return Protocols.parseAtr(port.status(h).atr());
        } catch (PcscException e) {
            return null;
        }
    }

    private void bindTo(CardView card) {
        if (card.present()) {
            insertion = card.insertion();
            atr = Protocols.parseAtr(card.atr());
        } else {
            insertion = 0;
            atr = null;
        }
        long h;
        synchronized (this) {
            h = handle;
        }
        if (atr == null && mode != ShareMode.DIRECT && h != 0) {
            atr = atrOf(h); // a backend that reports no ATR with its events (jdk)
        }
    }

    // ---- CardSession ----------------------------------------------------------------------------------------------

    @Override
    public Optional<Atr> atr() {
        return mode == ShareMode.DIRECT ? Optional.empty() : Optional.ofNullable(atr);
    }

    @Override
    public Optional<Protocol> protocol() {
        return mode == ShareMode.DIRECT ? Optional.empty() : Optional.ofNullable(Protocols.of(activeProtocol));
    }

    @Override
    public long insertion() {
        return insertion;
    }

    @Override
    public byte[] transmit(byte[] command) throws CardException {
        if (command == null) {
            throw new IllegalArgumentException("command APDU is null");
        }
        if (mode == ShareMode.DIRECT) {
            throw new NotSupportedException("reader '" + readerName + "': a DIRECT connection exchanges control codes "
                    + "only");
        }
        byte[] sent = command.clone();
        byte[] response = call("transmit", new CallBound(link.callTimeout()), true, false,
                h -> port.transmit(h, activeProtocol, sent));
        if (response.length < 2) {
            throw new CardRemovedException("reader '" + readerName + "': transmit failed: the reader answered "
                    + response.length + " bytes; the card was removed");
        }
        return response;
    }

    @Override
    public byte[] control(int controlCode, byte[] data) throws CardException {
        if (data == null) {
            throw new IllegalArgumentException("control data is null (use an empty array)");
        }
        byte[] input = data.clone();
        return call("control", new CallBound(link.callTimeout()), true, false, h -> port.control(h, controlCode, input));
    }

    @Override
    public void beginTransaction() throws CardException {
        beginTransaction(null);
    }

    @Override
    public void beginTransaction(Duration timeout) throws CardException {
        if (mode == ShareMode.DIRECT) {
            throw new NotSupportedException("reader '" + readerName + "': a DIRECT connection has no card "
                    + "transaction");
        }
        synchronized (this) {
            if (inTransaction) {
                throw new CardException(ScardError.SCARD_E_SHARING_VIOLATION, "reader '" + readerName
                        + "': beginTransaction failed: this connection holds a transaction already");
            }
        }
        takeTransaction("beginTransaction", new CallBound(timeout == null ? link.callTimeout() : timeout));
    }

    @Override
    public void endTransaction(Disposition disposition) throws CardException {
        if (disposition == null) {
            throw new IllegalArgumentException("disposition is null");
        }
        long held;
        synchronized (this) {
            held = inTransaction ? handle : 0;
        }
        if (held == 0) {
            throw new CardException(ScardError.SCARD_E_NOT_TRANSACTED, "reader '" + readerName
                    + "': endTransaction failed: this connection holds no transaction");
        }
        int value = disposition.pcscValue();
        if (value == Pcsc.SCARD_UNPOWER_CARD && !Disposal.canPowerDown(port, held)) {
            endQuietly(held);
            synchronized (this) {
                inTransaction = false;
            }
            throw Disposal.cannotPowerDown(readerName, "endTransaction", "the transaction was ended with LEAVE");
        }
        try {
            port.endTransaction(held, value);
            if (value == Pcsc.SCARD_EJECT_CARD && Disposal.stillHere(port, held)) {
                synchronized (this) {
                    inTransaction = false;
                }
                throw Disposal.notEjected(readerName, "endTransaction", "the transaction was ended");
            }
        } catch (PcscException e) {
            if (value != Pcsc.SCARD_LEAVE_CARD && Disposal.unsupported(e)) {
                endQuietly(held);
                synchronized (this) {
                    inTransaction = false;
                }
                throw new NotSupportedException("reader '" + readerName + "': endTransaction with " + disposition
                        + " failed: the reader cannot do it" + PcscErrors.named(ScardError.SCARD_E_UNSUPPORTED_FEATURE,
                                e) + "; the transaction was ended with LEAVE", e);
            }
            synchronized (this) {
                inTransaction = false;
            }
            throw PcscErrors.translate(readerName, "endTransaction", e);
        }
        synchronized (this) {
            inTransaction = false;
        }
        if (value != Pcsc.SCARD_LEAVE_CARD) {
            link.noteOwnReset();
        }
    }

    @Override
    public void reconnect(ShareMode shareMode, Set<Protocol> newProtocols, Disposition initialization)
            throws CardException {
        if (shareMode == null || newProtocols == null || initialization == null) {
            throw new IllegalArgumentException("share mode, protocols and initialization must not be null");
        }
        if (initialization == Disposition.EJECT) {
            throw new NotSupportedException("reader '" + readerName + "': reconnect with EJECT does not exist in "
                    + "PC/SC; use LEAVE, RESET or UNPOWER");
        }
        CallBound bound = new CallBound(link.callTimeout());
        long current;
        synchronized (this) {
            current = handle;
            if (inTransaction) {
                inTransaction = false;
                endQuietly(current); // as SCardReconnect ends the handle's transaction
            }
        }
        CardView now = link.card();
        boolean sameCard = now.present() && now.insertion() == insertion;
        int wanted = Protocols.mask(shareMode, newProtocols, readerName);
        int init = initialization.pcscValue();
        if (current == 0 || !sameCard || (shareMode == ShareMode.DIRECT) != (mode == ShareMode.DIRECT)) {
            connectAfresh(shareMode, newProtocols, init, now, bound.deadline());
            return;
        }
        try {
            int chosen = call("reconnect", bound, true, false,
                    h -> port.reconnect(h, shareMode.pcscValue(), wanted, init));
            activeProtocol = chosen;
        } catch (CardRemovedException removed) {
            connectAfresh(shareMode, newProtocols, init, link.card(), bound.deadline());
            return;
        }
        mode = shareMode;
        protocols = Set.copyOf(newProtocols);
        if (init != Pcsc.SCARD_LEAVE_CARD) {
            link.noteOwnReset();
        }
        bindTo(now);
    }

    @Override
    public void disconnect(Disposition disposition) throws CardException {
        if (disposition == null) {
            throw new IllegalArgumentException("disposition is null");
        }
        int value = disposition.pcscValue();
        boolean mustWait;
        synchronized (this) {
            if (closed) {
                return;
            }
            mustWait = value != Pcsc.SCARD_LEAVE_CARD && !inTransaction && handle != 0
                    && mode != ShareMode.EXCLUSIVE;
        }
        CardException notApplied = null;
        if (mustWait) {
            // pcscd makes a disconnect that acts on the card wait for another process's transaction without a bound;
            // holding our own transaction, it does not wait.
            try {
                takeTransaction("disconnect", new CallBound(link.callTimeout()));
            } catch (CardRemovedException | NoCardException gone) {
                value = Pcsc.SCARD_LEAVE_CARD;
            } catch (CardException e) {
                value = Pcsc.SCARD_LEAVE_CARD;
                notApplied = e instanceof CardTimeoutException
                        ? new CardTimeoutException("reader '" + readerName + "': disconnect with " + disposition
                                + " was not carried out: another process held a transaction on the card for the "
                                + "whole call timeout; the card was left as it was", e)
                        : e;
            }
        }
        Closed last = close();
        if (last == null) {
            return;
        }
        try {
            if (last.handle() != 0) {
                disconnectHandle(last.handle(), value, disposition, last.lease().context());
            }
        } finally {
            release(last.lease(), last.broken());
        }
        if (notApplied != null) {
            throw notApplied;
        }
    }

    private void disconnectHandle(long h, int value, Disposition disposition, long context)
            throws CardException {
        if (value == Pcsc.SCARD_UNPOWER_CARD && !Disposal.canPowerDown(port, h)) {
            disconnectQuietly(h);
            throw Disposal.cannotPowerDown(readerName, "disconnect", "the card was left as it was");
        }
        try {
            port.disconnect(h, value);
            if (value == Pcsc.SCARD_EJECT_CARD && Disposal.stillPresent(port, readerName, context)) {
                throw Disposal.notEjected(readerName, "disconnect", "the connection was closed");
            }
        } catch (PcscException e) {
            if (value != Pcsc.SCARD_LEAVE_CARD) {
                disconnectQuietly(h);
            }
            if (value != Pcsc.SCARD_LEAVE_CARD && Disposal.unsupported(e)) {
                throw new NotSupportedException("reader '" + readerName + "': disconnect with " + disposition
                        + " failed: the reader cannot do it" + PcscErrors.named(ScardError.SCARD_E_UNSUPPORTED_FEATURE,
                                e) + "; the card was left as it was", e);
            }
            if (e.code() == Pcsc.SCARD_W_REMOVED_CARD || e.code() == Pcsc.SCARD_E_NO_SMARTCARD
                    || e.code() == Pcsc.SCARD_E_INVALID_HANDLE || PcscErrors.serviceGone(e.code())) {
                return; // nothing is left to dispose of
            }
            throw PcscErrors.translate(readerName, "disconnect", e);
        }
        if (value != Pcsc.SCARD_LEAVE_CARD) {
            link.noteOwnReset();
        }
    }

    // ---- the driver's side ------------------------------------------------------------------------------------------

    /** The reader or pcscd went away, or the driver stops: the session is closed with LEAVE in the background. */
    void abandon() {
        Closed last = close();
        if (last == null) {
            return;
        }
        link.tools().guard().runAside(() -> {
            if (last.handle() != 0 && !last.broken()) {
                disconnectQuietly(last.handle());
            }
            release(last.lease(), last.broken());
        });
    }

    /** What a session held when it was closed. */
    private record Closed(long handle, ContextPool.Lease lease, boolean broken) {
    }

    /** @return what the session held, now closed and forgotten by its reader; null if it was closed already */
    private Closed close() {
        Closed last;
        synchronized (this) {
            if (closed) {
                return null;
            }
            closed = true;
            last = new Closed(handle, lease, leaseBroken);
            handle = 0;
            inTransaction = false;
        }
        link.forget(this);
        return last;
    }

    // ---- calls ------------------------------------------------------------------------------------------------------

    /** One port call on the session's handle. */
    @FunctionalInterface
    private interface PortCall<T> {
        T on(long handle) throws PcscException;
    }

    /**
     * Runs a port call: again after a sharing violation until the deadline (when {@code retrySharing}), under the
     * guard where libpcsclite itself would repeat it ({@code watched}, or a SHARED session outside a transaction on
     * a blocking library), recovering once from a reset that one of the driver's own sessions made.
     */
    private <T> T call(String operation, CallBound bound, boolean retrySharing, boolean watched, PortCall<T> call)
            throws CardException {
        boolean resetHandled = false;
        while (true) {
            long h = currentHandle(operation, bound.deadline());
            long context = currentContext();
            boolean loops = watched || needsWatch();
            WaitGuard.Watch watch = link.tools().guard().arm(bound.deadline(), () -> cut(h, context, loops));
            try {
                T result = call.on(h);
                watch.disarm(); // cut after success: the result stands, and the next call connects again
                return result;
            } catch (PcscException e) {
                if (!watch.disarm()) {
                    // A wait cut between two of libpcsclite's tries, a transaction asked for, or a call pcscd refused
                    // had no effect; any other call freed by cutting the socket may have been at the card.
                    throw watched || !cutBySocket || e.code() == Pcsc.SCARD_E_SHARING_VIOLATION
                            ? CallFailures.notCarriedOut(readerName, operation, bound.started(), e)
                            : CallFailures.unanswered(readerName, operation, bound.started(), e);
                }
                link.checkOpen(operation); // the reader, pcscd or the driver went: say that rather than the code
                if (e.code() == Pcsc.SCARD_E_SHARING_VIOLATION && retrySharing) {
                    bound.pauseAfter(readerName, operation, e);
                    continue;
                }
                if (e.code() == Pcsc.SCARD_W_RESET_CARD && !resetHandled && recoverFromReset(h)) {
                    resetHandled = true;
                    continue;
                }
                throw PcscErrors.translate(readerName, operation, e);
            }
        }
    }

    /** Takes a transaction within the deadline, with no effect if it cannot. */
    private void takeTransaction(String operation, CallBound bound) throws CardException {
        boolean shared = mode == ShareMode.SHARED;
        if (shared && link.tools().refusedAtOnce() && !port.canAbandon(currentContext())) {
            // Where the guard can only end libpcsclite's repeats between two tries, wait out another process's
            // transaction first with a command-free call that is refused at once. (SCardStatus costs two round
            // trips to pcscd, so it is not paid where the context can be cut loose at the bound.)
            call(operation, bound, true, false, h -> port.status(h));
        }
        long[] used = new long[1];
        call(operation, bound, false, shared, h -> {
            used[0] = h;
            port.beginTransaction(h);
            return null;
        });
        synchronized (this) {
            if (handle == used[0] && !closed) {
                inTransaction = true;
                return;
            }
        }
        // The guard cut the handle as the transaction was granted: the disconnect released it again.
        throw new CardTimeoutException("reader '" + readerName + "': " + operation + " was not carried out: the "
                + "transaction came only as the bound passed and was given up; the card was left as it was");
    }

    private boolean needsWatch() {
        if (mode != ShareMode.SHARED || link.tools().refusedAtOnce()) {
            return false;
        }
        synchronized (this) {
            return !inTransaction;
        }
    }

    /** @return the handle, connecting again if the guard cut the last one */
    private long currentHandle(String operation, long deadline) throws CardException {
        synchronized (this) {
            if (handle != 0 && !closed) {
                return handle;
            }
        }
        link.checkOpen(operation);
        synchronized (this) {
            if (closed) {
                throw new CardException(ScardError.SCARD_E_INVALID_HANDLE, "reader '" + readerName + "': "
                        + operation + " failed: the connection is closed");
            }
        }
        CardView now = link.card();
        if (mode != ShareMode.DIRECT && (!now.present() || now.insertion() != insertion)) {
            throw new CardRemovedException("reader '" + readerName + "': " + operation + " failed: the card was "
                    + "removed");
        }
        connectAfresh(mode, protocols, Pcsc.SCARD_LEAVE_CARD, now, deadline);
        synchronized (this) {
            return handle;
        }
    }

    /** Replaces the handle with a new connection (and its own context) to the card now in the reader. */
    private void connectAfresh(ShareMode shareMode, Set<Protocol> newProtocols, int init, CardView now, long deadline)
            throws CardException {
        if (shareMode != ShareMode.DIRECT && !now.present()) {
            throw new NoCardException("reader '" + readerName + "': reconnect failed: no card in the reader");
        }
        int wanted = Protocols.mask(shareMode, newProtocols, readerName);
        Opened opened;
        try {
            opened = link.tools().connector().connect(readerName, shareMode.pcscValue(), wanted, deadline);
        } catch (PcscException e) {
            throw PcscErrors.translate(readerName, "reconnect", e);
        }
        int chosen = opened.connection().protocol();
        if (init != Pcsc.SCARD_LEAVE_CARD && shareMode != ShareMode.DIRECT) {
            try {
                chosen = port.reconnect(opened.connection().handle(), shareMode.pcscValue(), wanted, init);
                link.noteOwnReset();
            } catch (PcscException e) {
                disconnectQuietly(opened.connection().handle());
                link.tools().contexts().giveBack(opened.lease());
                throw PcscErrors.translate(readerName, "reconnect", e);
            }
        }
        long old;
        ContextPool.Lease oldLease;
        boolean oldBroken;
        boolean wasClosed;
        synchronized (this) {
            wasClosed = closed;
            old = handle;
            oldLease = lease;
            oldBroken = leaseBroken;
            if (!wasClosed) {
                handle = opened.connection().handle();
                lease = opened.lease();
                leaseBroken = false;
                inTransaction = false;
                resetsSeen = link.ownResets();
            }
        }
        if (wasClosed) {
            disconnectQuietly(opened.connection().handle());
            link.tools().contexts().giveBack(opened.lease());
            throw new CardException(ScardError.SCARD_E_INVALID_HANDLE, "reader '" + readerName + "': reconnect "
                    + "failed: the connection was closed meanwhile");
        }
        if (old != 0 && !oldBroken) {
            disconnectQuietly(old);
        }
        release(oldLease, oldBroken);
        mode = shareMode;
        protocols = Set.copyOf(newProtocols);
        activeProtocol = chosen;
        bindTo(now);
    }

    /**
     * After {@code SCARD_W_RESET_CARD}: the handle is brought back with {@code SCardReconnect(LEAVE)}, which PC/SC
     * requires after a reset.
     *
     * @return true if the reset was made by one of the driver's own sessions (the core has told this session's owner
     *     already), so the call may be made again; false if another process reset the card (the caller is told)
     */
    private boolean recoverFromReset(long h) {
        try {
            activeProtocol = port.reconnect(h, mode.pcscValue(), Protocols.mask(mode, protocols, readerName),
                    Pcsc.SCARD_LEAVE_CARD);
        } catch (PcscException e) {
            return false;
        }
        long own = link.ownResets();
        synchronized (this) {
            boolean ours = own != resetsSeen;
            resetsSeen = own;
            return ours;
        }
    }

    /**
     * The guard's action when a call overran its bound: the context's connection to pcscd is broken, which frees any
     * call blocked on it; where the port cannot do that, a call that libpcsclite repeats ({@code loops}) is ended by
     * disconnecting its handle between two tries, without effect. Either way the next call connects again.
     *
     * @return whether the call was cut; false if nothing could be done (the caller waits for the answer)
     */
    private boolean cut(long h, long context, boolean loops) {
        boolean broken = port.abandon(context);
        if (!broken && !loops) {
            return false;
        }
        cutBySocket = broken;
        synchronized (this) {
            if (broken && lease.context() == context) {
                leaseBroken = true;
            }
            if (handle == h) {
                handle = 0;
                inTransaction = false;
            }
        }
        if (!broken) {
            disconnectQuietly(h);
        }
        return true;
    }

    private synchronized long currentContext() {
        return lease.context();
    }

    /** Gives a context back to the pool, or drops it if its connection to pcscd was broken. */
    private void release(ContextPool.Lease given, boolean broken) {
        if (broken) {
            link.tools().contexts().discard(given);
        } else {
            link.tools().contexts().giveBack(given);
        }
    }


    private void endQuietly(long h) {
        if (h == 0) {
            return;
        }
        try {
            port.endTransaction(h, Pcsc.SCARD_LEAVE_CARD);
        } catch (PcscException | RuntimeException ignored) {
            // ending it is all that was wanted; a handle that went is ended too
        }
    }

    private void disconnectQuietly(long h) {
        try {
            port.disconnect(h, Pcsc.SCARD_LEAVE_CARD);
        } catch (PcscException | RuntimeException ignored) {
            // the handle is gone either way
        }
    }



    @Override
    public String toString() {
        return "PcscSession[" + readerName + ", " + mode + ", insertion " + insertion + "]";
    }
}

package org.cardmanage.driver.pcsc.internal.fake;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.cardmanage.driver.pcsc.internal.port.CardStatus;
import org.cardmanage.driver.pcsc.internal.port.Connection;
import org.cardmanage.driver.pcsc.internal.port.Pcsc;
import org.cardmanage.driver.pcsc.internal.port.PcscException;
import org.cardmanage.driver.pcsc.internal.port.PcscPort;
import org.cardmanage.driver.pcsc.internal.port.ReaderStateQuery;

/**
 * One process using the {@link FakePcscd}: libpcsclite's client side ({@code winscard_clnt.c}) behind
 * {@link PcscPort}.
 *
 * <ul>
 * <li><b>Mutexes.</b> Each context has a mutex, held by one thread for the whole round trip of a call on the context or
 * one of its handles, and for the whole wait of {@code SCardGetStatusChange}. A thread takes it while holding the
 * process-wide {@code clientMutex} ({@code SCardGetAndLockContext}, {@code SCardGetContextChannelAndLockFromHandle}),
 * so while one thread waits for a busy context, every other call of the process that needs the {@code clientMutex}
 * (any call, {@code SCardCancel} and {@code SCardEstablishContext} included) waits too, as in pcsc-lite.
 * {@code SCardReleaseContext} also needs the context mutex: it cannot end a {@code SCardGetStatusChange} in progress
 * on the same context (cancel it first).</li>
 * <li><b>Loops.</b> {@code SCardBeginTransaction} always, and {@code SCardTransmit}, {@code SCardStatus},
 * {@code SCardReconnect} unless {@code PCSCLITE_NO_BLOCKING} ({@link #sharingReturnsAtOnce()}), repeat while pcscd
 * answers SCARD_E_SHARING_VIOLATION, with the context mutex free between tries (pcsc-lite sleeps 100 ms; the fake
 * waits for the next change of state). A handle disconnected or a context released by another thread between two tries
 * ends the loop with SCARD_E_INVALID_HANDLE, the command never having reached the card. {@code SCardControl} and
 * {@code SCardGetAttrib} never loop.</li>
 * <li><b>Service loss.</b> A call already inside pcscd gets SCARD_F_COMM_ERROR; a new request on an old context gets
 * SCARD_E_NO_SERVICE; {@code SCardReleaseContext} of an old context fails with SCARD_E_NO_SERVICE yet forgets it.</li>
 * <li>{@code SCardStatus}' state is pcsc-lite's: {@code (eventCounter << 16) + readerState}.</li>
 * </ul>
 * {@link #kill()} ends the process: pcscd cleans up after it as after a closed socket ({@code MSGCleanupClient}).
 */
public final class FakeClient implements PcscPort {
    /** A call on a handle, made inside pcscd with the handle's context mutex held. */
    @FunctionalInterface
    private interface HandleCall<T> {
        T run(FakeHandle handle) throws PcscException;
    }

    private final FakePcscd pcscd;
    private final String name;
    private final boolean sharingReturnsAtOnce;
    private final Map<Long, FakeContext> contexts = new LinkedHashMap<>();
    private Thread clientMutexOwner;

    FakeClient(FakePcscd pcscd, String name, boolean sharingReturnsAtOnce) {
        this.pcscd = pcscd;
        this.name = name;
        this.sharingReturnsAtOnce = sharingReturnsAtOnce;
    }

    @Override
    public String description() {
        return "FakePcscd " + name + (sharingReturnsAtOnce ? " (PCSCLITE_NO_BLOCKING)" : "");
    }

    @Override
    public boolean sharingReturnsAtOnce() {
        return sharingReturnsAtOnce;
    }

    @Override
    public int controlCode(int function) {
        return 0x42000000 + function;
    }

    /** The process ends: pcscd releases its contexts (a transaction holder's card is reset). */
    public void kill() {
        pcscd.lock.lock();
        try {
            for (FakeContext context : new ArrayList<>(contexts.values())) {
                if (context.generation == pcscd.generation) {
                    pcscd.winscard.removeContext(context);
                }
                forget(context);
            }
        } finally {
            pcscd.lock.unlock();
        }
    }

    @Override
    public long establishContext() throws PcscException {
        String fn = "SCardEstablishContext";
        pcscd.lock.lock();
        try {
            pcscd.counted(fn);
            if (!pcscd.running) {
                throw new PcscException(fn, Pcsc.SCARD_E_NO_SERVICE);
            }
            lockThread(fn);
            try {
                FakeContext context = pcscd.newContext(this);
                try {
                    pcscd.enter(context, fn);
                } catch (PcscException e) {
                    pcscd.contextRemoved(context);
                    throw e;
                }
                contexts.put(context.id, context);
                return context.id;
            } finally {
                unlockThread();
            }
        } finally {
            pcscd.lock.unlock();
        }
    }

    @Override
    public void releaseContext(long contextId) throws PcscException {
        String fn = "SCardReleaseContext";
        pcscd.lock.lock();
        try {
            pcscd.counted(fn);
            FakeContext context = lockContext(fn, contextId);
            try {
                pcscd.enter(context, fn);
                pcscd.winscard.removeContext(context);
            } finally {
                forget(context);
                unlockMutex(context);
            }
        } finally {
            pcscd.lock.unlock();
        }
    }

    @Override
    public List<String> listReaders(long contextId) throws PcscException {
        String fn = "SCardListReaders";
        pcscd.lock.lock();
        try {
            pcscd.counted(fn);
            FakeContext context = lockContext(fn, contextId);
            try {
                pcscd.enter(context, fn);
                return pcscd.liveReaderNames();
            } finally {
                unlockMutex(context);
            }
        } finally {
            pcscd.lock.unlock();
        }
    }

    @Override
    public boolean getStatusChange(long contextId, long timeoutMillis, ReaderStateQuery[] readers)
            throws PcscException {
        String fn = "SCardGetStatusChange";
        pcscd.lock.lock();
        try {
            pcscd.counted(fn);
            boolean allIgnored = true;
            for (ReaderStateQuery query : readers) {
                allIgnored &= (query.currentState() & Pcsc.SCARD_STATE_IGNORE) != 0;
            }
            if (allIgnored) {
                return true; // pcsc-lite returns SCARD_S_SUCCESS before touching the context
            }
            FakeContext context = lockContext(fn, contextId);
            try {
                pcscd.enter(context, fn);
                return new StatusWait(context, timeoutMillis, readers).run();
            } finally {
                unlockMutex(context);
            }
        } finally {
            pcscd.lock.unlock();
        }
    }

    /** The wait of one {@code SCardGetStatusChange}, with its context mutex held throughout. */
    private final class StatusWait {
        private final FakeContext context;
        private final long timeoutMillis;
        private final FakeStatusChange change;

        StatusWait(FakeContext context, long timeoutMillis, ReaderStateQuery[] readers) {
            this.context = context;
            this.timeoutMillis = timeoutMillis;
            this.change = new FakeStatusChange(pcscd, readers);
        }

        boolean run() throws PcscException {
            String fn = "SCardGetStatusChange";
            boolean ends = change.start();
            ends |= change.evaluate();
            boolean infinite = timeoutMillis == Pcsc.INFINITE || timeoutMillis < 0;
            long deadline = System.nanoTime() + (infinite ? 0 : timeoutMillis * 1_000_000L);
            context.cancelled = false;
            context.cancellable = true;
            pcscd.waitingStarted(fn);
            try {
                while (!ends) {
                    if (infinite) {
                        pcscd.awaitChange();
                    } else if (!pcscd.awaitChange(deadline)) {
                        change.evaluate();
                        return false;
                    }
                    if (context.cancelled) {
                        throw new PcscException(fn, Pcsc.SCARD_E_CANCELLED);
                    }
                    pcscd.checkAlive(context, fn);
                    ends = change.evaluate();
                }
                return true;
            } finally {
                pcscd.waitingEnded(fn);
                context.cancellable = false;
                context.cancelled = false;
            }
        }
    }

    @Override
    public void cancel(long contextId) throws PcscException {
        String fn = "SCardCancel";
        pcscd.lock.lock();
        try {
            pcscd.counted(fn);
            lockThread(fn);
            FakeContext context = contexts.get(contextId);
            unlockThread();
            if (context == null) {
                throw new PcscException(fn, Pcsc.SCARD_E_INVALID_HANDLE);
            }
            if (!context.cancellable) {
                return;
            }
            if (!pcscd.running) {
                throw new PcscException(fn, Pcsc.SCARD_E_NO_SERVICE);
            }
            context.cancelled = true;
            pcscd.changed();
        } finally {
            pcscd.lock.unlock();
        }
    }

    @Override
    public Connection connect(long contextId, String reader, int shareMode, int preferredProtocols)
            throws PcscException {
        String fn = "SCardConnect";
        pcscd.lock.lock();
        try {
            pcscd.counted(fn);
            if (reader == null) {
                throw new PcscException(fn, Pcsc.SCARD_E_UNKNOWN_READER);
            }
            FakeContext context = lockContext(fn, contextId);
            try {
                pcscd.enter(context, fn);
                Connection connection = pcscd.winscard.connect(context, reader, shareMode, preferredProtocols);
                FakeReader fakeReader = pcscd.liveReader(reader);
                for (FakeHandle handle : fakeReader.handles) {
                    if (handle.id == connection.handle()) {
                        context.handles.put(handle.id, handle);
                    }
                }
                return connection;
            } finally {
                unlockMutex(context);
            }
        } finally {
            pcscd.lock.unlock();
        }
    }

    @Override
    public int reconnect(long handle, int shareMode, int preferredProtocols, int initialization)
            throws PcscException {
        return onHandle("SCardReconnect", handle, !sharingReturnsAtOnce,
                h -> pcscd.winscard.reconnect(h, shareMode, preferredProtocols, initialization));
    }

    @Override
    public void disconnect(long handle, int disposition) throws PcscException {
        onHandle("SCardDisconnect", handle, false, h -> {
            pcscd.winscard.disconnect(h.context, h, disposition);
            h.context.handles.remove(h.id);
            return null;
        });
    }

    @Override
    public void beginTransaction(long handle) throws PcscException {
        onHandle("SCardBeginTransaction", handle, true, h -> {
            pcscd.winscard.beginTransaction(h);
            return null;
        });
    }

    @Override
    public void endTransaction(long handle, int disposition) throws PcscException {
        onHandle("SCardEndTransaction", handle, false, h -> {
            pcscd.winscard.endTransaction(h, disposition);
            return null;
        });
    }

    @Override
    public byte[] transmit(long handle, int protocol, byte[] command) throws PcscException {
        return onHandle("SCardTransmit", handle, !sharingReturnsAtOnce,
                h -> pcscd.winscard.transmit(h.context, h, protocol, command));
    }

    @Override
    public byte[] control(long handle, int controlCode, byte[] input) throws PcscException {
        return onHandle("SCardControl", handle, false, h -> pcscd.winscard.control(h, controlCode, input));
    }

    @Override
    public CardStatus status(long handle) throws PcscException {
        String fn = "SCardStatus";
        return onHandle(fn, handle, !sharingReturnsAtOnce, h -> {
            if (pcscd.liveReader(h.reader.name()) == null) {
                throw new PcscException(fn, Pcsc.SCARD_E_READER_UNAVAILABLE);
            }
            pcscd.winscard.status(h);
            FakeReader reader = h.reader;
            int state = (reader.eventCounter << 16) + reader.readerState;
            return new CardStatus(reader.name(), state, reader.cardProtocol, reader.atr);
        });
    }

    @Override
    public byte[] getAttribute(long handle, int attributeId) throws PcscException {
        return onHandle("SCardGetAttrib", handle, false, h -> pcscd.winscard.getAttribute(h, attributeId));
    }

    @Override
    public String toString() {
        return "FakeClient[" + name + "]";
    }

    // ---- libpcsclite's locking; the fake's lock is held ----

    /**
     * One call on a handle: find it and lock its context, send the request; with {@code repeat}, while pcscd answers
     * SCARD_E_SHARING_VIOLATION, free the context mutex, wait for a change, and try again from the start.
     */
    private <T> T onHandle(String fn, long handleId, boolean repeat, HandleCall<T> call) throws PcscException {
        pcscd.lock.lock();
        boolean waiting = false;
        try {
            pcscd.counted(fn);
            while (true) {
                FakeHandle handle = lockHandle(fn, handleId);
                long seen;
                try {
                    pcscd.enter(handle.context, fn);
                    return call.run(handle);
                } catch (PcscException e) {
                    if (!repeat || e.code() != Pcsc.SCARD_E_SHARING_VIOLATION) {
                        throw e;
                    }
                    seen = pcscd.version();
                } finally {
                    unlockMutex(handle.context);
                }
                if (!waiting) {
                    waiting = true;
                    pcscd.waitingStarted(fn);
                }
                while (pcscd.version() == seen) {
                    pcscd.awaitChange();
                }
            }
        } finally {
            if (waiting) {
                pcscd.waitingEnded(fn);
            }
            pcscd.lock.unlock();
        }
    }

    private void lockThread(String fn) {
        Thread me = Thread.currentThread();
        if (clientMutexOwner != null && clientMutexOwner != me) {
            pcscd.waitingStarted(fn);
            while (clientMutexOwner != null) {
                pcscd.awaitChange();
            }
            pcscd.waitingEnded(fn);
        }
        clientMutexOwner = me;
    }

    private void unlockThread() {
        clientMutexOwner = null;
        pcscd.signal();
    }

    private void lockMutex(String fn, FakeContext context) {
        Thread me = Thread.currentThread();
        if (context.owner != null && context.owner != me) {
            pcscd.waitingStarted(fn);
            while (context.owner != null) {
                pcscd.awaitChange();
            }
            pcscd.waitingEnded(fn);
        }
        context.owner = me;
    }

    private void unlockMutex(FakeContext context) {
        context.owner = null;
        pcscd.signal();
    }

    private FakeContext lockContext(String fn, long contextId) throws PcscException {
        lockThread(fn);
        FakeContext context = contexts.get(contextId);
        try {
            if (context == null) {
                throw new PcscException(fn, Pcsc.SCARD_E_INVALID_HANDLE);
            }
            lockMutex(fn, context);
        } finally {
            unlockThread();
        }
        if (context.released) {
            unlockMutex(context);
            throw new PcscException(fn, Pcsc.SCARD_E_INVALID_HANDLE);
        }
        return context;
    }

    private FakeHandle lockHandle(String fn, long handleId) throws PcscException {
        lockThread(fn);
        FakeHandle handle = null;
        try {
            for (FakeContext context : contexts.values()) {
                handle = context.handles.get(handleId);
                if (handle != null) {
                    lockMutex(fn, context);
                    break;
                }
            }
        } finally {
            unlockThread();
        }
        if (handle == null) {
            throw new PcscException(fn, Pcsc.SCARD_E_INVALID_HANDLE);
        }
        if (handle.context.released || !handle.context.handles.containsKey(handleId)) {
            unlockMutex(handle.context);
            throw new PcscException(fn, Pcsc.SCARD_E_INVALID_HANDLE);
        }
        return handle;
    }

    /** {@code SCardRemoveContext}: the process forgets the context and its handles. */
    private void forget(FakeContext context) {
        context.released = true;
        context.handles.clear();
        contexts.remove(context.id);
        pcscd.changed();
    }
}

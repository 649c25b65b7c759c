package org.cardmanage.core.internal.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.cardmanage.api.Atr;
import org.cardmanage.api.CardException;
import org.cardmanage.api.CardRemovedException;
import org.cardmanage.api.Disposition;
import org.cardmanage.api.NoCardException;
import org.cardmanage.api.Protocol;
import org.cardmanage.api.ShareMode;
import org.cardmanage.api.ScardError;
import org.cardmanage.spi.CardSession;

/**
 * The fake driver's session. Bound to the card insertion that was in the reader when it connected (or reconnected);
 * fails with {@link CardRemovedException} once that card is gone, as a real driver would. Records its calls on itself
 * and on its reader.
 */
public final class FakeSession implements CardSession {
    private final FakeReader reader;
    private final List<String> calls = new ArrayList<>(); // guarded by itself
    private volatile ShareMode mode;
    private volatile Atr atr;
    private volatile Protocol protocol;
    private volatile long insertion;
    private volatile boolean disconnected;

    FakeSession(FakeReader reader, ShareMode mode, Set<Protocol> protocols) {
        this.reader = reader;
        bindTo(mode, protocols);
    }

    private void bindTo(ShareMode newMode, Set<Protocol> protocols) {
        this.mode = newMode;
        boolean present = reader.cardPresent();
        this.atr = present ? reader.atr() : null;
        this.insertion = present ? reader.insertion() : 0;
        this.protocol = newMode == ShareMode.DIRECT || !present ? null
                : protocols.contains(Protocol.T1) ? Protocol.T1 : Protocol.T0;
    }

    /** @return the calls made on this session, oldest first */
    public List<String> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /**
     * Waits until the call was made on this session: the core disconnects detached attachments on its worker pool.
     *
     * @return the calls made on this session by then, oldest first
     * @throws AssertionError if it was not made within 5 s
     */
    public List<String> awaitCall(String call) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        synchronized (calls) {
            while (!calls.contains(call)) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw new AssertionError("'" + call + "' was not called within 5 s; calls: " + calls);
                }
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(calls, remaining);
            }
            return List.copyOf(calls);
        }
    }

    /**
     * Waits, at most the timeout, until the core disconnected this session (it may do so on its worker pool).
     *
     * @return whether it was disconnected by then
     */
    public boolean awaitDisconnected(java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (calls) {
            while (!disconnected) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(calls, remaining);
            }
            return true;
        }
    }

    public boolean isDisconnected() {
        return disconnected;
    }

    public ShareMode mode() {
        return mode;
    }

    @Override
    public Optional<Atr> atr() {
        return Optional.ofNullable(atr);
    }

    @Override
    public Optional<Protocol> protocol() {
        return Optional.ofNullable(protocol);
    }

    @Override
    public long insertion() {
        return insertion;
    }

    @Override
    public byte[] transmit(byte[] command) throws CardException {
        record("transmit " + FakeReader.hex(command));
        reader.fault("transmit");
        checkOpen();
        if (!reader.cardPresent() || reader.insertion() != insertion) {
            throw new CardRemovedException("card removed from fake reader '" + reader.name() + "'");
        }
        try {
            return reader.answer(command);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CardException(ScardError.SCARD_E_CANCELLED, "interrupted in fake transmit", e);
        }
    }

    @Override
    public byte[] control(int controlCode, byte[] data) throws CardException {
        record("control " + controlCode);
        reader.fault("control");
        checkOpen();
        return reader.controlResponse();
    }

    @Override
    public void beginTransaction(java.time.Duration timeout) throws CardException {
        reader.lastTransactionTimeout(timeout);
        beginTransaction();
    }

    @Override
    public void beginTransaction() throws CardException {
        record("begin");
        reader.fault("begin");
        checkOpen();
    }

    @Override
    public void endTransaction(Disposition disposition) throws CardException {
        record("end " + disposition);
        reader.fault("end");
        checkOpen();
    }

    @Override
    public void reconnect(ShareMode shareMode, Set<Protocol> protocols, Disposition initialization)
            throws CardException {
        record("reconnect " + shareMode + " " + initialization);
        reader.fault("reconnect");
        checkOpen();
        if (shareMode != ShareMode.DIRECT && !reader.cardPresent()) {
            throw new NoCardException("no card in fake reader '" + reader.name() + "'");
        }
        bindTo(shareMode, protocols);
    }

    @Override
    public void disconnect(Disposition disposition) throws CardException {
        disconnected = true;
        record("disconnect " + disposition);
        try {
            reader.pass("disconnect");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CardException(ScardError.SCARD_E_CANCELLED, "interrupted in fake disconnect", e);
        }
        reader.fault("disconnect");
    }

    private void checkOpen() throws CardException {
        if (disconnected) {
            throw new CardException(ScardError.SCARD_E_INVALID_HANDLE, "fake session used after disconnect");
        }
    }

    private void record(String call) {
        synchronized (calls) {
            calls.add(call);
            calls.notifyAll();
        }
        reader.record(call);
    }
}

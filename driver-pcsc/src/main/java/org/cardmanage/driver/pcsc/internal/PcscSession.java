package org.cardmanage.driver.pcsc.internal;

import java.util.Optional;
import java.util.Set;

import org.cardmanage.api.Atr;
import org.cardmanage.api.CardException;
import org.cardmanage.api.Disposition;
import org.cardmanage.api.Protocol;
import org.cardmanage.api.ShareMode;
import org.cardmanage.spi.CardSession;

/**
 * One attachment's connection to a PC/SC reader. The JDK gives one {@code Card} per terminal to the whole JVM, so
 * sessions do not own a PC/SC handle: they are bound to one card insertion, and their reader's {@link CardLink} runs
 * their calls on the shared connection, on the reader's worker thread.
 */
final class PcscSession implements CardSession {
    private final CardLink link;
    private volatile ShareMode mode;
    private volatile Set<Protocol> protocols;
    private volatile long insertion;
    private volatile Atr atr;
    private volatile Protocol protocol;
    private volatile boolean closed;

    PcscSession(CardLink link, ShareMode mode, Set<Protocol> protocols) {
        this.link = link;
        this.mode = mode;
        this.protocols = Set.copyOf(protocols);
    }

    /** Binds the session to a card insertion (or, for DIRECT, to whatever is in the reader). */
    void bind(ShareMode newMode, Set<Protocol> newProtocols, long newInsertion, Atr newAtr, Protocol newProtocol) {
        mode = newMode;
        protocols = Set.copyOf(newProtocols);
        insertion = newInsertion;
        atr = newAtr;
        protocol = newProtocol;
    }

    ShareMode mode() {
        return mode;
    }

    Set<Protocol> protocols() {
        return protocols;
    }

    boolean isClosed() {
        return closed;
    }

    void markClosed() {
        closed = true;
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
        if (command == null) {
            throw new IllegalArgumentException("command APDU is null");
        }
        return link.transmit(this, command.clone());
    }

    @Override
    public byte[] control(int controlCode, byte[] data) throws CardException {
        if (data == null) {
            throw new IllegalArgumentException("control data is null (use an empty array)");
        }
        return link.control(this, controlCode, data.clone());
    }

    @Override
    public void beginTransaction() throws CardException {
        link.beginTransaction(this);
    }

    @Override
    public void endTransaction(Disposition disposition) throws CardException {
        if (disposition == null) {
            throw new IllegalArgumentException("disposition is null");
        }
        link.endTransaction(this, disposition);
    }

    @Override
    public void reconnect(ShareMode shareMode, Set<Protocol> newProtocols, Disposition initialization)
            throws CardException {
        if (shareMode == null || newProtocols == null || initialization == null) {
            throw new IllegalArgumentException("share mode, protocols and initialization must not be null");
        }
        link.reconnect(this, shareMode, newProtocols, initialization);
    }

    @Override
    public void disconnect(Disposition disposition) throws CardException {
        if (disposition == null) {
            throw new IllegalArgumentException("disposition is null");
        }
        link.disconnect(this, disposition);
    }

    @Override
    public String toString() {
        return "PcscSession[" + link.readerName() + ", " + mode + ", insertion " + insertion
                + (closed ? ", closed" : "") + "]";
    }
}

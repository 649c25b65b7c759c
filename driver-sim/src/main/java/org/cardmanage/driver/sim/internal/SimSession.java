package org.cardmanage.driver.sim.internal;

import java.util.Optional;
import java.util.Set;

import org.cardmanage.api.Atr;
import org.cardmanage.api.CardException;
import org.cardmanage.api.Disposition;
import org.cardmanage.api.Protocol;
import org.cardmanage.api.ShareMode;
import org.cardmanage.driver.sim.internal.card.SimulatedCard;
import org.cardmanage.spi.CardSession;

/**
 * A connection to a simulated reader. It is bound to one card insertion: once that card is gone, calls fail with
 * {@code CardRemovedException} until {@link #reconnect} binds it to the card now in the reader.
 */
final class SimSession implements CardSession {
    private final SimReader reader;
    private volatile ShareMode mode;
    private volatile SimReader.Card card;
    private volatile Protocol protocol;
    private volatile boolean closed;

    SimSession(SimReader reader, ShareMode mode, SimReader.Card card, Protocol protocol) {
        this.reader = reader;
        this.mode = mode;
        this.card = card;
        this.protocol = protocol;
    }

    SimReader.Card card() {
        return card;
    }

    boolean isClosed() {
        return closed;
    }

    ShareMode mode() {
        return mode;
    }

    void rebind(ShareMode newMode, SimReader.Card newCard, Protocol newProtocol) {
        mode = newMode;
        card = newCard;
        protocol = newProtocol;
    }

    void close() {
        closed = true;
    }

    @Override
    public Optional<Atr> atr() {
        SimReader.Card current = card;
        return current == null ? Optional.empty() : Optional.of(current.atr());
    }

    @Override
    public Optional<Protocol> protocol() {
        return Optional.ofNullable(protocol);
    }

    @Override
    public long insertion() {
        SimReader.Card current = card;
        return current == null ? 0 : current.insertion();
    }

    @Override
    public byte[] transmit(byte[] command) throws CardException {
        return reader.transmit(this, command);
    }

    @Override
    public byte[] control(int controlCode, byte[] data) throws CardException {
        return reader.control(this, controlCode, data);
    }

    @Override
    public void beginTransaction() throws CardException {
        reader.checkSession(this);
    }

    @Override
    public void endTransaction(Disposition disposition) throws CardException {
        SimulatedCard simulated = reader.checkSession(this).simulated();
        reader.apply(disposition, simulated);
    }

    @Override
    public void reconnect(ShareMode shareMode, Set<Protocol> protocols, Disposition initialization)
            throws CardException {
        reader.reconnect(this, shareMode, protocols, initialization);
    }

    @Override
    public void disconnect(Disposition disposition) throws CardException {
        reader.disconnect(this, disposition);
    }
}

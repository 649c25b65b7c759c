package org.cardmanage.remote.internal.client;

import java.util.Optional;
import java.util.Set;

import org.cardmanage.api.Atr;
import org.cardmanage.api.CardException;
import org.cardmanage.api.Disposition;
import org.cardmanage.api.Protocol;
import org.cardmanage.api.ShareMode;
import org.cardmanage.remote.RemoteReaders;
import org.cardmanage.remote.SessionGrant;
import org.cardmanage.spi.CardSession;

/**
 * A session on a farm, as the local core sees a driver's session. Every call is one bounded remote call through the
 * {@link FarmLink}, which also renews the lease in the background while the session is open.
 */
final class RemoteCardSession implements CardSession {
    private final FarmLink link;
    private final RemoteReaders farm;
    private final String reader;
    private final String id;
    private volatile SessionGrant grant;
    private volatile Atr atr;

    RemoteCardSession(FarmLink link, RemoteReaders farm, String reader, SessionGrant grant) {
        this.link = link;
        this.farm = farm;
        this.reader = reader;
        this.id = grant.sessionId();
        update(grant);
    }

    String id() {
        return id;
    }

    private void update(SessionGrant next) {
        Atr parsed = null;
        if (next.atrHex() != null && !next.atrHex().isEmpty()) {
            try {
                parsed = Atr.parseHex(next.atrHex());
            } catch (IllegalArgumentException malformed) {
                parsed = null; // the card can still be used; the core then shows no ATR
            }
        }
        atr = parsed;
        grant = next;
    }

    @Override
    public Optional<Atr> atr() {
        return Optional.ofNullable(atr);
    }

    @Override
    public Optional<Protocol> protocol() {
        return Optional.ofNullable(grant.protocol());
    }

    @Override
    public long insertion() {
        return grant.insertion();
    }

    @Override
    public byte[] transmit(byte[] command) throws CardException {
        return link.call("transmit on '" + reader + "'", () -> farm.transmit(id, command));
    }

    @Override
    public byte[] control(int controlCode, byte[] data) throws CardException {
        return link.call("control on '" + reader + "'", () -> farm.control(id, controlCode, data));
    }

    @Override
    public void beginTransaction() throws CardException {
        long wait = link.lockWaitMs();
        link.call("begin transaction on '" + reader + "'", () -> {
            farm.beginTransaction(id, wait);
            return null;
        });
    }

    @Override
    public void endTransaction(Disposition disposition) throws CardException {
        link.call("end transaction on '" + reader + "'", () -> {
            farm.endTransaction(id, disposition);
            return null;
        });
    }

    @Override
    public void reconnect(ShareMode shareMode, Set<Protocol> protocols, Disposition initialization)
            throws CardException {
        update(link.call("reconnect on '" + reader + "'", () -> farm.reconnect(id, shareMode, initialization)));
    }

    @Override
    public void disconnect(Disposition disposition) throws CardException {
        link.forget(this);
        link.call("disconnect on '" + reader + "'", () -> {
            farm.close(id, disposition);
            return null;
        });
    }
}

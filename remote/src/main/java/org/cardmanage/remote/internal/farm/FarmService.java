package org.cardmanage.remote.internal.farm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.cardmanage.api.Attachment;
import org.cardmanage.api.AttachOptions;
import org.cardmanage.api.AttachmentClosedException;
import org.cardmanage.api.CardException;
import org.cardmanage.api.CardLock;
import org.cardmanage.api.CardManager;
import org.cardmanage.api.CardStatus;
import org.cardmanage.api.CommandApdu;
import org.cardmanage.api.Disposition;
import org.cardmanage.api.Protocol;
import org.cardmanage.api.ReaderInfo;
import org.cardmanage.api.ScardError;
import org.cardmanage.api.ShareMode;
import org.cardmanage.api.UnknownReaderException;
import org.cardmanage.remote.BatchResult;
import org.cardmanage.remote.EventBatch;
import org.cardmanage.remote.FarmInfo;
import org.cardmanage.remote.RemoteCardException;
import org.cardmanage.remote.RemoteReader;
import org.cardmanage.remote.RemoteReaders;
import org.cardmanage.remote.SessionGrant;
import org.cardmanage.remote.internal.RemoteErrors;

/**
 * The farm's side of {@link RemoteReaders}: each session is an attachment of the farm's own card manager (this
 * bundle's instance), so the farm's core arbitrates local and remote users, holds the locks and cleans up. Every
 * failure leaves here as a {@link RemoteCardException} value, translated once by {@link RemoteErrors}.
 *
 * <p>Public only because the Aries RSA TCP provider calls the service object's methods by reflection on its class.
 */
public final class FarmService implements RemoteReaders {
    /** Readers that are themselves remote are not exported again (no HOST/HOST/READER loops). */
    static final String REMOTE_DRIVER = "remote";
    private static final System.Logger LOG = System.getLogger("org.cardmanage.remote");
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private final FarmInfo info;
    private final CardManager cards;
    private final SessionTable sessions;
    private final EventRing events;
    private final Insertions insertions = new Insertions();

    FarmService(FarmInfo info, CardManager cards, SessionTable sessions, EventRing events) {
        this.info = info;
        this.cards = cards;
        this.sessions = sessions;
        this.events = events;
    }

    @Override
    public FarmInfo farm() {
        return info;
    }

    @Override
    public List<RemoteReader> readers() {
        List<RemoteReader> out = new ArrayList<>();
        for (ReaderInfo reader : cards.readers()) {
            if (REMOTE_DRIVER.equals(reader.driver())) {
                continue;
            }
            long insertion = insertions.of(reader.name(), reader.card().orElse(null));
            String atr = reader.atr().map(a -> HEX.formatHex(a.bytes())).orElse("");
            out.add(new RemoteReader(reader.name(), reader.driver(), reader.cardPresent(), atr, insertion));
        }
        return out;
    }

    @Override
    public SessionGrant open(String client, String reader, ShareMode shareMode, Protocol[] protocols)
            throws RemoteCardException {
        try {
            if (isRemote(reader)) {
                throw new UnknownReaderException("reader '" + reader + "' is itself remote on farm '" + info.host()
                        + "' and is not exported again");
            }
            AttachOptions options = AttachOptions.shared().withShareMode(shareMode).withProtocols(protocols)
                    .withResponseChaining(false);
            Attachment attachment = cards.attachByReader(reader, options);
            FarmSession session = sessions.add(client, attachment);
            LOG.log(System.Logger.Level.DEBUG, () -> "opened " + session);
            return grant(session);
        } catch (CardException e) {
            throw RemoteErrors.toRemote(e);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw RemoteErrors.toRemote(new IllegalArgumentException("bad open request: " + e.getMessage()));
        }
    }

    @Override
    public byte[] transmit(String session, byte[] command) throws RemoteCardException {
        FarmSession open = session(session);
        return onFarm(() -> open.attachment().transmit(new CommandApdu(command)).bytes());
    }

    @Override
    public BatchResult transmitBatch(String session, List<byte[]> commands) throws RemoteCardException {
        FarmSession open = session(session);
        List<byte[]> responses = new ArrayList<>(commands.size());
        for (byte[] command : commands) {
            try {
                responses.add(open.attachment().transmit(new CommandApdu(command)).bytes());
            } catch (CardException e) {
                return new BatchResult(responses, RemoteErrors.toRemote(e));
            } catch (IllegalArgumentException e) {
                return new BatchResult(responses, RemoteErrors.toRemote(e));
            }
        }
        sessions.touch(session);
        return new BatchResult(responses, null);
    }

    @Override
    public byte[] control(String session, int controlCode, byte[] data) throws RemoteCardException {
        FarmSession open = session(session);
        return onFarm(() -> open.attachment().control(controlCode, data));
    }

    @Override
    public void beginTransaction(String session, long timeoutMs) throws RemoteCardException {
        FarmSession open = session(session);
        if (open.lock() != null && open.lock().isHeld()) {
            throw RemoteErrors.toRemote(new CardException(ScardError.SCARD_E_SHARING_VIOLATION,
                    open + " is already in a transaction"));
        }
        try {
            long bounded = Math.max(0, Math.min(timeoutMs, MAX_EVENT_WAIT_MS));
            CardLock lock = open.attachment().lock(Duration.ofMillis(bounded));
            open.swapLock(lock);
            sessions.touch(session); // waiting for the lock must not cost the session its lease
        } catch (CardException e) {
            throw RemoteErrors.toRemote(e);
        }
    }

    @Override
    public void endTransaction(String session, Disposition disposition) throws RemoteCardException {
        FarmSession open = session(session);
        CardLock lock = open.swapLock(null);
        if (lock == null) {
            throw RemoteErrors.toRemote(new CardException(ScardError.SCARD_E_NOT_TRANSACTED,
                    open + " is not in a transaction"));
        }
        onFarm(() -> {
            lock.unlock(disposition);
            return null;
        });
    }

    @Override
    public SessionGrant reconnect(String session, ShareMode shareMode, Disposition initialization)
            throws RemoteCardException {
        FarmSession open = session(session);
        return onFarm(() -> {
            open.attachment().reconnect(shareMode, initialization);
            return grant(open);
        });
    }

    @Override
    public void close(String session, Disposition disposition) throws RemoteCardException {
        FarmSession open = sessions.remove(session);
        if (open == null) {
            return;
        }
        detach(open, disposition);
    }

    @Override
    public List<String> renew(List<String> ids) {
        return sessions.renew(ids);
    }

    @Override
    public EventBatch events(long afterSequence, long maxWaitMs) {
        return events.after(afterSequence, maxWaitMs);
    }

    // ---- lease reaper and shutdown ---------------------------------------------------------------------------------

    /** Detaches the sessions whose lease ran out with RESET: their clients vanished or lost the farm. */
    int reapExpired() {
        List<FarmSession> expired = sessions.expire();
        for (FarmSession session : expired) {
            LOG.log(System.Logger.Level.INFO, () -> "lease expired: detaching " + session + " with RESET");
            quietly(session, Disposition.RESET);
        }
        return expired.size();
    }

    /** Detaches every session with RESET (the farm is stopping). */
    void closeAll() {
        for (FarmSession session : sessions.drain()) {
            quietly(session, Disposition.RESET);
        }
    }

    private void quietly(FarmSession session, Disposition disposition) {
        try {
            detach(session, disposition);
        } catch (RemoteCardException e) {
            LOG.log(System.Logger.Level.WARNING, () -> "detaching " + session + ": " + e.getMessage());
        }
    }

    private static void detach(FarmSession session, Disposition disposition) throws RemoteCardException {
        try {
            session.attachment().detach(disposition);
        } catch (AttachmentClosedException alreadyClosed) {
            // the farm's core revoked or an operator detached it first: closed either way
        } catch (CardException e) {
            throw RemoteErrors.toRemote(e);
        } catch (IllegalArgumentException e) {
            throw RemoteErrors.toRemote(e);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    /** A call on the farm's card manager. */
    @FunctionalInterface
    private interface FarmCall<T> {
        T run() throws CardException;
    }

    /** Runs a call on the farm's card manager; its failure, or a malformed argument, goes back as a value. */
    private static <T> T onFarm(FarmCall<T> call) throws RemoteCardException {
        try {
            return call.run();
        } catch (CardException e) {
            throw RemoteErrors.toRemote(e);
        } catch (IllegalArgumentException e) {
            throw RemoteErrors.toRemote(e);
        }
    }

    private FarmSession session(String id) throws RemoteCardException {
        FarmSession session = sessions.touch(id);
        if (session == null) {
            throw RemoteErrors.unknownSession(info.host(), id);
        }
        return session;
    }

    private SessionGrant grant(FarmSession session) throws CardException {
        Attachment attachment = session.attachment();
        CardStatus status = attachment.status();
        String atr = status.atr().map(a -> HEX.formatHex(a.bytes())).orElse("");
        Optional<Protocol> protocol = status.protocol();
        long insertion = insertions.of(attachment.readerName(), attachment.handle().orElse(null));
        return new SessionGrant(session.id(), info.leaseMs(), atr, protocol.orElse(null), insertion);
    }

    private boolean isRemote(String reader) {
        return cards.readers().stream()
                .anyMatch(r -> r.name().equals(reader) && REMOTE_DRIVER.equals(r.driver()));
    }

    int openSessions() {
        return sessions.size();
    }
}

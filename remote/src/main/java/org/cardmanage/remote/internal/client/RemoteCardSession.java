package org.cardmanage.remote.internal.client;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.cardmanage.api.Atr;
import org.cardmanage.api.CardException;
import org.cardmanage.api.CardIOException;
import org.cardmanage.api.Disposition;
import org.cardmanage.api.Protocol;
import org.cardmanage.api.ScardError;
import org.cardmanage.api.ShareMode;
import org.cardmanage.remote.internal.wire.CardFarmGrpc;
import org.cardmanage.remote.internal.wire.CloseRequest;
import org.cardmanage.remote.internal.wire.ControlRequest;
import org.cardmanage.remote.internal.wire.LockRequest;
import org.cardmanage.remote.internal.wire.OpenRequest;
import org.cardmanage.remote.internal.wire.ReconnectRequest;
import org.cardmanage.remote.internal.wire.Session;
import org.cardmanage.remote.internal.wire.TransmitRequest;
import org.cardmanage.remote.internal.wire.UnlockRequest;
import org.cardmanage.remote.internal.wire.WireEnums;
import org.cardmanage.spi.CardSession;

import com.google.protobuf.ByteString;

/**
 * A session on a farm, as the local core sees a driver's session. Rules:
 * <ul>
 * <li>Every method is one unary call through {@link FarmCalls}: bounded by {@code call.timeout.ms}, cancelled on the
 * wire when the caller is interrupted. Every one of them acts on the card, so a lost answer leaves its outcome
 * unknown, and the exception says so.</li>
 * <li>A lock waits on the farm at most 3/4 of the call timeout, so the farm answers before the deadline.</li>
 * <li>Answers are checked: a transmit answer has at least SW1 SW2, a session has an id, a known protocol (none only
 * for DIRECT) and an ATR of 2..33 bytes or none; anything else is {@link CardIOException}
 * {@link ScardError#SCARD_F_COMM_ERROR} "malformed answer".</li>
 * <li>The farm renews the session's lease on every call; while the session is open its id is also in
 * {@link OpenSessions}, which the link's heartbeat renews.</li>
 * </ul>
 */
final class RemoteCardSession implements CardSession {
    /** What the farm said about the connection: the ATR (null: none or unparsable), protocol (null: none). */
    private record State(Atr atr, Protocol protocol, long insertion) {
    }

    private static final int MAX_SESSION_ID = 256;

    private final FarmCalls calls;
    private final OpenSessions sessions;
    private final String reader;
    private final String id;
    private volatile State state;

    private RemoteCardSession(FarmCalls calls, OpenSessions sessions, String reader, String id, State state) {
        this.calls = calls;
        this.sessions = sessions;
        this.reader = reader;
        this.id = id;
        this.state = state;
    }

    /**
     * Opens a session on the farm ({@code Open}).
     *
     * @param reader the local reader name, for messages
     * @param remoteName the reader's name on the farm
     */
    static RemoteCardSession open(FarmCalls calls, OpenSessions sessions, String reader, String remoteName,
            ShareMode shareMode, Set<Protocol> protocols) throws CardException {
        OpenRequest.Builder request = OpenRequest.newBuilder().setReader(remoteName)
                .setShareMode(WireEnums.wire(shareMode));
        new TreeSet<>(protocols).forEach(p -> request.addProtocols(WireEnums.wire(p)));
        String what = "open on '" + reader + "'";
        Session answer = calls.call(CardFarmGrpc.OPEN, request.build(), what, true);
        String id = answer.getSessionId();
        if (id.isEmpty() || id.length() > MAX_SESSION_ID) {
            throw malformed(calls, what, "a session id of " + id.length() + " characters");
        }
        State state;
        try {
            state = state(calls, answer, shareMode, what);
        } catch (CardIOException malformed) {
            closeQuietly(calls, id, reader); // or the farm keeps the card until the session's lease ends
            throw malformed;
        }
        sessions.add(id);
        return new RemoteCardSession(calls, sessions, reader, id, state);
    }

    @Override
    public Optional<Atr> atr() {
        return Optional.ofNullable(state.atr());
    }

    @Override
    public Optional<Protocol> protocol() {
        return Optional.ofNullable(state.protocol());
    }

    @Override
    public long insertion() {
        return state.insertion();
    }

    @Override
    public byte[] transmit(byte[] command) throws CardException {
        String what = "transmit on '" + reader + "'";
        byte[] response = calls.call(CardFarmGrpc.TRANSMIT, TransmitRequest.newBuilder().setSessionId(id)
                .setCommand(ByteString.copyFrom(command)).build(), what, true).getResponse().toByteArray();
        if (response.length < 2) {
            throw malformed(calls, what, "a response of " + response.length + " bytes, without SW1 SW2");
        }
        return response;
    }

    @Override
    public byte[] control(int controlCode, byte[] data) throws CardException {
        return calls.call(CardFarmGrpc.CONTROL, ControlRequest.newBuilder().setSessionId(id)
                .setControlCode(controlCode).setData(ByteString.copyFrom(data)).build(),
                "control on '" + reader + "'", true).getData().toByteArray();
    }

    @Override
    public void beginTransaction() throws CardException {
        long waitMs = calls.callTimeoutMs() * 3 / 4;
        calls.call(CardFarmGrpc.LOCK, LockRequest.newBuilder().setSessionId(id).setTimeoutMs(waitMs).build(),
                "begin transaction on '" + reader + "'", true);
    }

    @Override
    public void endTransaction(Disposition disposition) throws CardException {
        calls.call(CardFarmGrpc.UNLOCK, UnlockRequest.newBuilder().setSessionId(id)
                .setDisposition(WireEnums.wire(disposition)).build(),
                "end transaction on '" + reader + "'", true);
    }

    /**
     * {@inheritDoc} The contract's {@code Reconnect} carries no protocols: the farm keeps what the session was opened
     * with.
     */
    @Override
    public void reconnect(ShareMode shareMode, Set<Protocol> protocols, Disposition initialization)
            throws CardException {
        String what = "reconnect on '" + reader + "'";
        Session answer = calls.call(CardFarmGrpc.RECONNECT, ReconnectRequest.newBuilder().setSessionId(id)
                .setShareMode(WireEnums.wire(shareMode)).setInitialization(WireEnums.wire(initialization)).build(),
                what, true);
        if (!id.equals(answer.getSessionId())) {
            throw malformed(calls, what, "another session id");
        }
        state = state(calls, answer, shareMode, what);
    }

    @Override
    public void disconnect(Disposition disposition) throws CardException {
        sessions.remove(id); // closed now whatever the farm answers: its lease ends it otherwise
        calls.call(CardFarmGrpc.CLOSE, CloseRequest.newBuilder().setSessionId(id)
                .setDisposition(WireEnums.wire(disposition)).build(), "disconnect on '" + reader + "'", true);
    }

    private static State state(FarmCalls calls, Session answer, ShareMode mode, String what) throws CardIOException {
        Protocol protocol = null;
        if (answer.getProtocol() == org.cardmanage.remote.internal.wire.Protocol.PROTOCOL_UNSPECIFIED) {
            if (mode != ShareMode.DIRECT) {
                throw malformed(calls, what, "no protocol for a " + mode + " session");
            }
        } else {
            try {
                protocol = WireEnums.protocol(answer.getProtocol());
            } catch (IllegalArgumentException unknown) {
                throw malformed(calls, what, "an unknown protocol");
            }
        }
        Atr atr = null;
        int length = answer.getAtr().size();
        if (length != 0) {
            if (length < ReaderCheck.MIN_ATR || length > ReaderCheck.MAX_ATR) {
                throw malformed(calls, what, "an ATR of " + length + " bytes");
            }
            try {
                atr = Atr.parse(answer.getAtr().toByteArray());
            } catch (IllegalArgumentException unparsable) {
                atr = null; // the card can still be used; the core then shows no ATR for the session
            }
        }
        return new State(atr, protocol, answer.getInsertion());
    }

    private static void closeQuietly(FarmCalls calls, String id, String reader) {
        try {
            calls.call(CardFarmGrpc.CLOSE, CloseRequest.newBuilder().setSessionId(id)
                    .setDisposition(WireEnums.wire(Disposition.LEAVE)).build(), "close on '" + reader + "'", true);
        } catch (CardException e) {
            // the farm's lease closes it: this session was never renewed
        }
    }

    private static CardIOException malformed(FarmCalls calls, String what, String detail) {
        return new CardIOException(ScardError.SCARD_F_COMM_ERROR, "farm '" + calls.farm() + "' answered " + what
                + " with a malformed answer (" + detail + ")", null);
    }
}

package org.cardmanage.remote.internal.farm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.cardmanage.api.AttachOptions;
import org.cardmanage.api.Attachment;
import org.cardmanage.api.CardException;
import org.cardmanage.api.CardLock;
import org.cardmanage.api.CardManager;
import org.cardmanage.api.CardStatus;
import org.cardmanage.api.CommandApdu;
import org.cardmanage.api.Disposition;
import org.cardmanage.api.Protocol;
import org.cardmanage.api.ScardError;
import org.cardmanage.api.ShareMode;
import org.cardmanage.api.UnknownReaderException;
import org.cardmanage.remote.internal.errors.PeerText;
import org.cardmanage.remote.internal.errors.WireErrors;
import org.cardmanage.remote.internal.policy.PinTryLimiter;
import org.cardmanage.remote.internal.wire.CardFarmGrpc;
import org.cardmanage.remote.internal.wire.CloseRequest;
import org.cardmanage.remote.internal.wire.CloseResponse;
import org.cardmanage.remote.internal.wire.ControlRequest;
import org.cardmanage.remote.internal.wire.ControlResponse;
import org.cardmanage.remote.internal.wire.FarmInfo;
import org.cardmanage.remote.internal.wire.GetFarmRequest;
import org.cardmanage.remote.internal.wire.ListReadersRequest;
import org.cardmanage.remote.internal.wire.ListReadersResponse;
import org.cardmanage.remote.internal.wire.LockRequest;
import org.cardmanage.remote.internal.wire.LockResponse;
import org.cardmanage.remote.internal.wire.OpenRequest;
import org.cardmanage.remote.internal.wire.ReaderEvent;
import org.cardmanage.remote.internal.wire.ReconnectRequest;
import org.cardmanage.remote.internal.wire.RenewRequest;
import org.cardmanage.remote.internal.wire.RenewResponse;
import org.cardmanage.remote.internal.wire.Session;
import org.cardmanage.remote.internal.wire.TransmitBatchRequest;
import org.cardmanage.remote.internal.wire.TransmitBatchResponse;
import org.cardmanage.remote.internal.wire.TransmitRequest;
import org.cardmanage.remote.internal.wire.TransmitResponse;
import org.cardmanage.remote.internal.wire.UnlockRequest;
import org.cardmanage.remote.internal.wire.UnlockResponse;
import org.cardmanage.remote.internal.wire.WatchReadersRequest;
import org.cardmanage.remote.internal.wire.WireEnums;

import com.google.protobuf.ByteString;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;

/**
 * The farm's side of {@code CardFarm}: each session is an attachment of the farm's card manager made for the
 * caller's identity (so the farm's reader access policy sees the client, not this bundle), every call is checked
 * against the caller's rule, and every failure leaves as a status through {@link WireErrors}.
 *
 * <p>A call whose deadline has passed, or which its client cancelled, is not carried out: the check is made right
 * before the card is touched.
 */
final class CardFarmService implements CardFarmGrpc.Handler {
    private static final System.Logger LOG = System.getLogger("org.cardmanage.remote");
    private static final Set<Disposition> INITIALIZATIONS =
            EnumSet.of(Disposition.LEAVE, Disposition.RESET, Disposition.UNPOWER);
    private static final int MAX_BATCH = 1024;

    private final String host;
    private final long leaseMs;
    private final String runId;
    private final long maxCallMs;
    private final CardManager cards;
    private final FarmReaders readers;
    private final FarmSessions sessions;
    private final ReaderWatch watch;
    private final PinTryLimiter pinTries;

    CardFarmService(FarmInfo info, long maxCallMs, CardManager cards, FarmReaders readers, FarmSessions sessions,
            ReaderWatch watch, PinTryLimiter pinTries) {
        this.host = info.getHost();
        this.leaseMs = info.getLeaseMs();
        this.runId = info.getRunId();
        this.maxCallMs = maxCallMs;
        this.cards = cards;
        this.readers = readers;
        this.sessions = sessions;
        this.watch = watch;
        this.pinTries = pinTries;
    }

    @Override
    public void getFarm(GetFarmRequest request, StreamObserver<FarmInfo> response) {
        answer(response, () -> FarmInfo.newBuilder().setHost(host).setLeaseMs(leaseMs).setRunId(runId)
                .setClientIdentity(Caller.current().identity()).build());
    }

    @Override
    public void listReaders(ListReadersRequest request, StreamObserver<ListReadersResponse> response) {
        answer(response, () -> ListReadersResponse.newBuilder()
                .addAllReaders(readers.visibleTo(Caller.current().rule())).build());
    }

    @Override
    public void open(OpenRequest request, StreamObserver<Session> response) {
        answer(response, () -> {
            Caller caller = Caller.current();
            String reader = request.getReader();
            if (!caller.rule().allowsReader(reader)) {
                throw WireErrors.denied(false, "reader '" + PeerText.printable(reader, 128) + "' is not among the readers "
                        + caller.rule().describe() + " allows");
            }
            if (!readers.isLocal(reader)) {
                throw new UnknownReaderException("farm '" + host + "' has no reader '" + PeerText.printable(reader, 128) + "'");
            }
            ShareMode mode = WireEnums.shareMode(request.getShareMode());
            AttachOptions options = AttachOptions.shared().withShareMode(mode).withProtocols(protocols(request))
                    .withResponseChaining(false).withPrincipal(caller.identity());
            if (!sessions.reserve(caller)) {
                throw WireErrors.denied(true, caller.rule().describe() + " allows "
                        + caller.rule().maxSessions() + " sessions at once");
            }
            FarmSession session = null;
            try {
                notCancelled();
                Attachment attachment = cards.attachByReader(reader, options);
                session = sessions.add(caller, attachment, mode == ShareMode.EXCLUSIVE);
                if (session == null) {
                    SessionEnds.detach(attachment, Disposition.RESET);
                    throw Status.CANCELLED.withDescription("the connection closed while opening").asRuntimeException();
                }
                try {
                    if (Context.current().isCancelled()) {
                        throw Status.CANCELLED.withDescription("cancelled while opening").asRuntimeException();
                    }
                    return grant(session);
                } catch (CardException | RuntimeException noAnswer) {
                    // the client hears of no session: none may stay behind, holding the card and a slot
                    sessions.remove(caller, session.id());
                    SessionEnds.quietly(session, Disposition.RESET);
                    throw noAnswer;
                }
            } finally {
                if (session == null) {
                    sessions.release(caller);
                }
            }
        });
    }

    private static Protocol[] protocols(OpenRequest request) {
        if (request.getProtocolsCount() == 0) {
            throw new IllegalArgumentException("an open request needs at least one protocol");
        }
        List<Protocol> accepted = new ArrayList<>();
        for (var wire : request.getProtocolsList()) {
            accepted.add(WireEnums.protocol(wire));
        }
        return accepted.toArray(new Protocol[0]);
    }

    @Override
    public void transmit(TransmitRequest request, StreamObserver<TransmitResponse> response) {
        answer(response, () -> onSession(request.getSessionId(), session -> {
            byte[] command = request.getCommand().toByteArray();
            CommandApdu apdu = new CommandApdu(command);
            allowPinTry(session, command);
            notCancelled();
            byte[] answer = session.attachment().transmit(apdu).bytes();
            return TransmitResponse.newBuilder().setResponse(ByteString.copyFrom(answer)).build();
        }));
    }

    @Override
    public void transmitBatch(TransmitBatchRequest request, StreamObserver<TransmitBatchResponse> response) {
        answer(response, () -> onSession(request.getSessionId(), session -> {
            if (request.getCommandsCount() > MAX_BATCH) {
                throw new IllegalArgumentException("a batch holds at most " + MAX_BATCH + " commands, this one "
                        + request.getCommandsCount());
            }
            TransmitBatchResponse.Builder out = TransmitBatchResponse.newBuilder();
            for (ByteString wire : request.getCommandsList()) {
                try {
                    byte[] command = wire.toByteArray();
                    CommandApdu apdu = new CommandApdu(command);
                    allowPinTry(session, command);
                    notCancelled();
                    out.addResponses(ByteString.copyFrom(session.attachment().transmit(apdu).bytes()));
                } catch (CardException e) {
                    return out.setFailure(WireErrors.detail(e)).build();
                } catch (StatusRuntimeException e) {
                    if (out.getResponsesCount() == 0) {
                        throw e;
                    }
                    return out.setFailure(org.cardmanage.remote.internal.wire.ErrorDetail.newBuilder()
                            .setScardError(ScardError.SCARD_E_NO_ACCESS.name())
                            .setExceptionType("AccessDeniedException")
                            .setMessage(String.valueOf(e.getStatus().getDescription())).build()).build();
                }
            }
            return out.build();
        }));
    }

    @Override
    public void control(ControlRequest request, StreamObserver<ControlResponse> response) {
        answer(response, () -> onSession(request.getSessionId(), session -> {
            notCancelled();
            byte[] out = session.attachment().control(request.getControlCode(), request.getData().toByteArray());
            return ControlResponse.newBuilder().setData(ByteString.copyFrom(out)).build();
        }));
    }

    @Override
    public void lock(LockRequest request, StreamObserver<LockResponse> response) {
        answer(response, () -> onSession(request.getSessionId(), session -> {
            if (session.lock() != null && session.lock().isHeld()) {
                throw new CardException(ScardError.SCARD_E_SHARING_VIOLATION, session
                        + " is already in a transaction");
            }
            notCancelled();
            CardLock lock = session.attachment().lock(Duration.ofMillis(lockWaitMs(request.getTimeoutMs())));
            if (Context.current().isCancelled()) {
                lock.unlock(Disposition.LEAVE); // nobody will hear of this lock: it must not stay held
                throw Status.CANCELLED.withDescription("cancelled while waiting for the lock").asRuntimeException();
            }
            session.swapLock(lock, sessions.now());
            return LockResponse.getDefaultInstance();
        }));
    }

    /** The lock wait: what the client asked, but never past the call's deadline (less a margin to answer in). */
    private long lockWaitMs(long requestedMs) {
        long bound = maxCallMs;
        Deadline deadline = Context.current().getDeadline();
        if (deadline != null) {
            bound = Math.min(bound, deadline.timeRemaining(TimeUnit.MILLISECONDS) - 50);
        }
        return Math.max(0, Math.min(requestedMs, bound));
    }

    @Override
    public void unlock(UnlockRequest request, StreamObserver<UnlockResponse> response) {
        answer(response, () -> onSession(request.getSessionId(), session -> {
            Disposition disposition = WireEnums.disposition(request.getDisposition());
            CardLock lock = session.swapLock(null, sessions.now());
            if (lock == null) {
                throw new CardException(ScardError.SCARD_E_NOT_TRANSACTED, session + " is not in a transaction");
            }
            lock.unlock(disposition);
            return UnlockResponse.getDefaultInstance();
        }));
    }

    @Override
    public void reconnect(ReconnectRequest request, StreamObserver<Session> response) {
        answer(response, () -> onSession(request.getSessionId(), session -> {
            ShareMode mode = WireEnums.shareMode(request.getShareMode());
            Disposition initialization = WireEnums.disposition(request.getInitialization());
            if (!INITIALIZATIONS.contains(initialization)) {
                throw new IllegalArgumentException("a reconnect initializes with LEAVE, RESET or UNPOWER, not "
                        + initialization);
            }
            if (mode == ShareMode.EXCLUSIVE && !session.exclusive()) {
                throw new IllegalArgumentException("a session opened SHARED or DIRECT cannot become EXCLUSIVE on "
                        + "the farm; open an EXCLUSIVE session");
            }
            notCancelled();
            session.attachment().reconnect(mode, initialization);
            return grant(session);
        }));
    }

    @Override
    public void close(CloseRequest request, StreamObserver<CloseResponse> response) {
        answer(response, () -> {
            Disposition disposition = WireEnums.disposition(request.getDisposition());
            FarmSession session = sessions.remove(Caller.current(), request.getSessionId());
            if (session != null) {
                SessionEnds.detach(session, disposition);
            }
            return CloseResponse.getDefaultInstance();
        });
    }

    @Override
    public void renew(RenewRequest request, StreamObserver<RenewResponse> response) {
        answer(response, () -> {
            if (request.getSessionIdsCount() > 10_000) {
                throw new IllegalArgumentException("a renewal names at most 10000 sessions");
            }
            return RenewResponse.newBuilder()
                    .addAllUnknownSessionIds(sessions.renew(Caller.current(), request.getSessionIdsList())).build();
        });
    }

    @Override
    public void watchReaders(WatchReadersRequest request, StreamObserver<ReaderEvent> events) {
        watch.watch(Caller.current(), events);
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    /** A handler's work: returns the answer, or throws what becomes the call's status. */
    @FunctionalInterface
    private interface Work<A> {
        A run() throws CardException;
    }

    private static <A> void answer(StreamObserver<A> response, Work<A> work) {
        A answer;
        try {
            answer = work.run();
        } catch (CardException e) {
            response.onError(WireErrors.toStatus(e));
            return;
        } catch (StatusRuntimeException e) {
            response.onError(e);
            return;
        } catch (IllegalArgumentException e) {
            response.onError(WireErrors.invalidArgument(String.valueOf(e.getMessage())));
            return;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "a farm call failed unexpectedly", e);
            response.onError(Status.INTERNAL.withDescription("the farm failed unexpectedly").asRuntimeException());
            return;
        }
        response.onNext(answer);
        response.onCompleted();
    }

    /** A call on one of the caller's sessions: the session counts as in use, whatever its lease, until it ends. */
    @FunctionalInterface
    private interface SessionWork<A> {
        A run(FarmSession session) throws CardException;
    }

    private <A> A onSession(String id, SessionWork<A> work) throws CardException {
        FarmSession session = session(id);
        session.callBegins(sessions.now());
        try {
            return work.run(session);
        } finally {
            session.callEnds(sessions.now());
        }
    }

    private FarmSession session(String id) {
        FarmSession session = sessions.use(Caller.current(), id);
        if (session == null) {
            throw WireErrors.unknownSession(host);
        }
        return session;
    }

    private void allowPinTry(FarmSession session, byte[] command) {
        if (!PinTryLimiter.isPinClass(command)) {
            return;
        }
        Caller owner = session.owner();
        long insertion = readers.insertion(session.attachment().readerName(),
                session.attachment().handle().orElse(null));
        if (!pinTries.tryTake(owner.identity(), session.attachment().readerName(), insertion,
                owner.rule().verifyPerMinute())) {
            throw WireErrors.denied(true, owner.rule().describe() + " allows "
                    + owner.rule().verifyPerMinute() + " PIN-class commands per card per minute; try again later");
        }
    }

    private static void notCancelled() {
        Context context = Context.current();
        if (context.isCancelled()) {
            throw Status.CANCELLED.withDescription("the call was cancelled or its deadline passed before the card "
                    + "was used: nothing was done").asRuntimeException();
        }
    }

    private Session grant(FarmSession session) throws CardException {
        Attachment attachment = session.attachment();
        CardStatus status = attachment.status();
        Session.Builder out = Session.newBuilder().setSessionId(session.id()).setLeaseMs(leaseMs)
                .setInsertion(readers.insertion(attachment.readerName(), attachment.handle().orElse(null)));
        status.atr().ifPresent(atr -> out.setAtr(ByteString.copyFrom(atr.bytes())));
        status.protocol().ifPresent(protocol -> out.setProtocol(WireEnums.wire(protocol)));
        return out.build();
    }
}

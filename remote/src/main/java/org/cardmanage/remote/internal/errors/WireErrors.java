package org.cardmanage.remote.internal.errors;

import org.cardmanage.api.AccessDeniedException;
import org.cardmanage.api.AttachmentClosedException;
import org.cardmanage.api.CardException;
import org.cardmanage.api.CardIOException;
import org.cardmanage.api.CardRemovedException;
import org.cardmanage.api.CardResetException;
import org.cardmanage.api.CardTimeoutException;
import org.cardmanage.api.NoCardException;
import org.cardmanage.api.NotSupportedException;
import org.cardmanage.api.ReaderUnavailableException;
import org.cardmanage.api.ScardError;
import org.cardmanage.api.SharingViolationException;
import org.cardmanage.api.UnknownReaderException;
import org.cardmanage.remote.internal.wire.ErrorDetail;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;

/**
 * The one place where failures cross the wire, both ways. The farm turns a {@link CardException} into a gRPC status
 * with an {@link ErrorDetail} in the trailer {@code cardmanage-error-bin}; the application host turns that back into
 * the same API exception, or, when no detail came (the farm never answered, or a transport limit cut the call), into
 * the exception that says honestly what is known about the outcome.
 */
public final class WireErrors {
    /** The trailer that carries an {@link ErrorDetail}. */
    public static final Metadata.Key<ErrorDetail> DETAIL =
            ProtoUtils.keyForProto(ErrorDetail.getDefaultInstance());

    private static final String ILLEGAL_ARGUMENT = "IllegalArgumentException";

    private WireErrors() {
    }

    // ---- farm side -------------------------------------------------------------------------------------------------

    /** @return the detail of a card failure: its PC/SC error, its API type, its message without the code suffix */
    public static ErrorDetail detail(CardException e) {
        return ErrorDetail.newBuilder().setScardError(e.error().name()).setExceptionType(typeOf(e))
                .setMessage(withoutCode(e.getMessage(), e.error())).build();
    }

    /** @return the status a farm answers a card failure with, the detail in its trailer */
    public static StatusRuntimeException toStatus(CardException e) {
        return status(codeOf(e), detail(e));
    }

    /** @return the status for a malformed request: INVALID_ARGUMENT, typed as IllegalArgumentException */
    public static StatusRuntimeException invalidArgument(String message) {
        return status(Status.Code.INVALID_ARGUMENT, ErrorDetail.newBuilder()
                .setScardError(ScardError.SCARD_E_INVALID_PARAMETER.name()).setExceptionType(ILLEGAL_ARGUMENT)
                .setMessage(message).build());
    }

    /** @return the status for a refusal by the farm's client policy: PERMISSION_DENIED, or RESOURCE_EXHAUSTED */
    public static StatusRuntimeException denied(boolean limitReached, String message) {
        return status(limitReached ? Status.Code.RESOURCE_EXHAUSTED : Status.Code.PERMISSION_DENIED,
                detail(new AccessDeniedException(message)));
    }

    /** @return the status for a session the caller does not own or the farm does not know: NOT_FOUND */
    public static StatusRuntimeException unknownSession(String farm) {
        return status(Status.Code.NOT_FOUND, detail(new ReaderUnavailableException("farm '" + farm
                + "' has no such session for this client (closed, expired, from before a farm restart, or opened "
                + "by another client or connection)")));
    }

    private static StatusRuntimeException status(Status.Code code, ErrorDetail detail) {
        Metadata trailers = new Metadata();
        trailers.put(DETAIL, detail);
        return Status.fromCode(code).withDescription(detail.getExceptionType() + ": " + detail.getMessage())
                .asRuntimeException(trailers);
    }

    static Status.Code codeOf(CardException e) {
        if (e instanceof UnknownReaderException) {
            return Status.Code.NOT_FOUND;
        } else if (e instanceof ReaderUnavailableException) {
            return Status.Code.UNAVAILABLE;
        } else if (e instanceof SharingViolationException) {
            return Status.Code.ABORTED;
        } else if (e instanceof CardTimeoutException) {
            return Status.Code.DEADLINE_EXCEEDED;
        } else if (e instanceof AccessDeniedException) {
            return Status.Code.PERMISSION_DENIED;
        } else if (e instanceof NotSupportedException) {
            return Status.Code.UNIMPLEMENTED;
        } else if (e instanceof NoCardException || e instanceof CardRemovedException
                || e instanceof CardResetException || e instanceof AttachmentClosedException) {
            return Status.Code.FAILED_PRECONDITION;
        } else if (e instanceof CardIOException) {
            return Status.Code.DATA_LOSS;
        }
        return Status.Code.UNKNOWN;
    }

    static String typeOf(CardException e) {
        for (Class<?> type = e.getClass(); type != null; type = type.getSuperclass()) {
            if (type.getPackageName().equals(CardException.class.getPackageName())) {
                return type.getSimpleName();
            }
        }
        return CardException.class.getSimpleName();
    }

    /** CardException appends " [CODE (0x...)]" to every message; the rebuilt exception appends it again. */
    static String withoutCode(String message, ScardError error) {
        String text = message == null ? "" : message;
        String suffix = " [" + error.describe() + "]";
        return text.endsWith(suffix) ? text.substring(0, text.length() - suffix.length()) : text;
    }

    // ---- application side ------------------------------------------------------------------------------------------

    /**
     * @param detail a farm's failure detail
     * @param farm the farm's local name, prefixed to the message
     * @return the API exception the farm's own caller saw
     */
    public static CardException toCard(ErrorDetail detail, String farm) {
        String message = "farm '" + farm + "': " + PeerText.printable(detail.getMessage(), 300);
        ScardError error = scardError(detail.getScardError());
        return switch (detail.getExceptionType()) {
            case "UnknownReaderException" -> new UnknownReaderException(message);
            case "ReaderUnavailableException" -> new ReaderUnavailableException(message);
            case "NoCardException" -> new NoCardException(message);
            case "CardRemovedException" -> new CardRemovedException(message);
            case "CardResetException" -> new CardResetException(message);
            case "SharingViolationException" -> new SharingViolationException(message);
            case "CardTimeoutException" -> new CardTimeoutException(message);
            case "AttachmentClosedException" -> new AttachmentClosedException(message);
            case "CardIOException" -> new CardIOException(error, message, null);
            case "NotSupportedException" -> new NotSupportedException(message);
            case "AccessDeniedException" -> new AccessDeniedException(message);
            case ILLEGAL_ARGUMENT -> new CardException(ScardError.SCARD_E_INVALID_PARAMETER, message);
            default -> new CardException(error, message);
        };
    }

    /**
     * Translates a failed call. With a farm's detail, the farm's exception; without one, what the status says about
     * the transport.
     *
     * @param failure the call's failure
     * @param farm the farm's local name
     * @param what the call, for the message, e.g. {@code transmit on 'farm/Sim Reader 0'}
     * @param changesCard whether the call acts on the card, so that a lost answer leaves its outcome unknown
     * @param deadlineMs the call's deadline, for the message
     * @return the API exception to throw
     */
    public static CardException toCard(StatusRuntimeException failure, String farm, String what,
            boolean changesCard, long deadlineMs) {
        Metadata trailers = failure.getTrailers();
        if (trailers != null && trailers.containsKey(DETAIL)) {
            try {
                return toCard(trailers.get(DETAIL), farm);
            } catch (IllegalArgumentException malformed) {
                return new CardIOException(ScardError.SCARD_F_COMM_ERROR, "farm '" + farm
                        + "' answered " + what + " with a malformed error detail", null);
            }
        }
        String unknown = changesCard ? "; the outcome is unknown: the farm may have carried it out" : "";
        Status status = failure.getStatus();
        String why = status.getDescription() == null ? status.getCode().name()
                : status.getCode() + " " + PeerText.printable(status.getDescription(), 300);
        return switch (status.getCode()) {
            case DEADLINE_EXCEEDED -> new CardTimeoutException("farm '" + farm + "' did not answer " + what
                    + " within " + deadlineMs + " ms" + unknown);
            case CANCELLED -> new CardException(ScardError.SCARD_E_CANCELLED, "the call " + what + " to farm '"
                    + farm + "' was cancelled (" + why + ")" + unknown);
            case UNAVAILABLE -> new ReaderUnavailableException("farm '" + farm + "' cannot be reached for " + what
                    + " (" + why + ")" + unknown, failure);
            case UNAUTHENTICATED, PERMISSION_DENIED -> new AccessDeniedException("farm '" + farm + "' refused "
                    + what + " (" + why + ")");
            case RESOURCE_EXHAUSTED -> new CardIOException(ScardError.SCARD_F_COMM_ERROR, "the call " + what
                    + " to farm '" + farm + "' hit a size or resource limit (" + why + ")" + unknown, failure);
            default -> new CardIOException(ScardError.SCARD_F_COMM_ERROR, "farm '" + farm + "' failed " + what
                    + " (" + why + ")" + unknown, failure);
        };
    }

    private static ScardError scardError(String name) {
        try {
            return ScardError.valueOf(name);
        } catch (IllegalArgumentException | NullPointerException unknownName) {
            return ScardError.SCARD_F_UNKNOWN_ERROR;
        }
    }
}

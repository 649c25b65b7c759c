package org.cardmanage.remote.internal;

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
import org.cardmanage.remote.RemoteCardException;
import org.cardmanage.remote.RemoteCardException.Kind;

/**
 * The one place where failures cross the wire: the farm turns a {@code CardException} into a
 * {@link RemoteCardException} value, and the application host turns that value, or a call that did not reach the farm,
 * back into the API's typed {@code CardException}.
 */
public final class RemoteErrors {

    private RemoteErrors() {
    }

    // ---- farm side -------------------------------------------------------------------------------------------------

    /** @return the value that names the exception's kind, code and message, without cause or stack trace */
    public static RemoteCardException toRemote(CardException e) {
        return new RemoteCardException(kindOf(e), e.error(), withoutCode(e.getMessage(), e.error()));
    }

    /** @return the value for an argument the farm refused */
    public static RemoteCardException toRemote(IllegalArgumentException e) {
        return new RemoteCardException(Kind.ILLEGAL_ARGUMENT, ScardError.SCARD_E_INVALID_PARAMETER,
                String.valueOf(e.getMessage()));
    }

    /** @return the value for a session id the farm does not know */
    public static RemoteCardException unknownSession(String host, String session) {
        return new RemoteCardException(Kind.UNKNOWN_SESSION, ScardError.SCARD_E_INVALID_HANDLE,
                "farm '" + host + "' has no session " + session + " (closed, expired or from before a restart)");
    }

    static Kind kindOf(CardException e) {
        if (e instanceof UnknownReaderException) {
            return Kind.UNKNOWN_READER;
        } else if (e instanceof ReaderUnavailableException) {
            return Kind.READER_UNAVAILABLE;
        } else if (e instanceof NoCardException) {
            return Kind.NO_CARD;
        } else if (e instanceof CardRemovedException) {
            return Kind.CARD_REMOVED;
        } else if (e instanceof CardResetException) {
            return Kind.CARD_RESET;
        } else if (e instanceof SharingViolationException) {
            return Kind.SHARING_VIOLATION;
        } else if (e instanceof CardTimeoutException) {
            return Kind.TIMEOUT;
        } else if (e instanceof AttachmentClosedException) {
            return Kind.ATTACHMENT_CLOSED;
        } else if (e instanceof CardIOException) {
            return Kind.IO;
        } else if (e instanceof NotSupportedException) {
            return Kind.NOT_SUPPORTED;
        } else if (e instanceof AccessDeniedException) {
            return Kind.ACCESS_DENIED;
        }
        return Kind.CARD;
    }

    /** CardException appends " [CODE (0x...)]" to every message; strip it so that the rethrown one has it once. */
    static String withoutCode(String message, ScardError error) {
        String text = message == null ? "" : message;
        String suffix = " [" + error.describe() + "]";
        return text.endsWith(suffix) ? text.substring(0, text.length() - suffix.length()) : text;
    }

    // ---- application side ------------------------------------------------------------------------------------------

    /**
     * @param remote the farm's failure
     * @param host the farm's host name, prefixed to the message
     * @return the same typed exception the farm's caller would have seen
     */
    public static CardException toCard(RemoteCardException remote, String host) {
        String message = "farm '" + host + "': " + remote.detail();
        return switch (remote.kind()) {
            case UNKNOWN_READER -> new UnknownReaderException(message);
            // The reader is gone from the farm, or the farm forgot the session (lease expired, farm restarted):
            // either way this host's reader is unusable until it is reconnected.
            case READER_UNAVAILABLE, UNKNOWN_SESSION -> new ReaderUnavailableException(message);
            case NO_CARD -> new NoCardException(message);
            case CARD_REMOVED -> new CardRemovedException(message);
            case CARD_RESET -> new CardResetException(message);
            case SHARING_VIOLATION -> new SharingViolationException(message);
            case TIMEOUT -> new CardTimeoutException(message);
            case ATTACHMENT_CLOSED -> new AttachmentClosedException(message);
            case IO -> new CardIOException(remote.error(), message, null);
            case NOT_SUPPORTED -> new NotSupportedException(message);
            case ACCESS_DENIED -> new AccessDeniedException(message);
            case ILLEGAL_ARGUMENT -> new CardException(ScardError.SCARD_E_INVALID_PARAMETER, message);
            case CARD -> new CardException(remote.error(), message);
        };
    }

    /** @return the failure of a call that did not reach the farm or got no answer from it */
    public static CardException unreachable(String host, String what, Throwable cause) {
        return new ReaderUnavailableException("farm '" + host + "' did not answer " + what + ": " + describe(cause),
                cause);
    }

    /** @return the failure of a call that got no answer within its bound */
    public static CardException timedOut(String host, String what, long timeoutMs) {
        return new CardTimeoutException("farm '" + host + "' did not answer " + what + " within " + timeoutMs + " ms");
    }

    /** @return the failure of a call whose caller was interrupted while waiting for the farm */
    public static CardException cancelled(String host, String what) {
        return new CardException(ScardError.SCARD_E_CANCELLED,
                "interrupted while waiting for farm '" + host + "' to answer " + what);
    }

    /** @return a short description of a transport failure: its class and message, and those of its root cause */
    static String describe(Throwable failure) {
        if (failure == null) {
            return "unknown failure";
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        return root == failure ? text : text + " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }
}

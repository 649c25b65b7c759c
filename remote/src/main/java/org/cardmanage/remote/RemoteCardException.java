package org.cardmanage.remote;

import org.cardmanage.api.ScardError;

/**
 * A failure on the farm, as a value: which API exception it was, its PC/SC code and its message. It carries no cause
 * and no stack trace, so nothing but this bundle's and the API's classes crosses the wire; the application host
 * rethrows it as the same typed {@code CardException}.
 *
 * @since 1.0
 */
public final class RemoteCardException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Which {@code CardException} subclass (or argument error) the farm saw. */
    public enum Kind {
        /** A plain {@code CardException}. */
        CARD,
        /** {@code UnknownReaderException}. */
        UNKNOWN_READER,
        /** {@code ReaderUnavailableException}. */
        READER_UNAVAILABLE,
        /** {@code NoCardException}. */
        NO_CARD,
        /** {@code CardRemovedException}. */
        CARD_REMOVED,
        /** {@code CardResetException}. */
        CARD_RESET,
        /** {@code SharingViolationException}. */
        SHARING_VIOLATION,
        /** {@code CardTimeoutException}. */
        TIMEOUT,
        /** {@code AttachmentClosedException}. */
        ATTACHMENT_CLOSED,
        /** {@code CardIOException}. */
        IO,
        /** {@code NotSupportedException}. */
        NOT_SUPPORTED,
        /** {@code AccessDeniedException}. */
        ACCESS_DENIED,
        /** The farm refused an argument ({@code IllegalArgumentException}). */
        ILLEGAL_ARGUMENT,
        /** The session id is not (or no longer) known to the farm: closed, expired, or from an earlier run. */
        UNKNOWN_SESSION
    }

    private final Kind kind;
    private final ScardError error;
    private final String detail;

    /**
     * @param kind the kind of failure
     * @param error the PC/SC code
     * @param detail what went wrong, naming the farm's reader
     */
    public RemoteCardException(Kind kind, ScardError error, String detail) {
        super(detail, null, false, false);
        this.kind = kind == null ? Kind.CARD : kind;
        this.error = error == null ? ScardError.SCARD_F_UNKNOWN_ERROR : error;
        this.detail = detail == null ? "" : detail;
    }

    /** @return the kind of failure */
    public Kind kind() {
        return kind;
    }

    /** @return the PC/SC code */
    public ScardError error() {
        return error;
    }

    /** @return the farm's message, without the PC/SC code suffix */
    public String detail() {
        return detail;
    }
}

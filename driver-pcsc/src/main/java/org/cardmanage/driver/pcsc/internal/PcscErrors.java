package org.cardmanage.driver.pcsc.internal;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.smartcardio.CardNotPresentException;

import org.cardmanage.api.AccessDeniedException;
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

/**
 * The one place where failures of {@code javax.smartcardio} become the API's exceptions. The JDK reports PC/SC codes
 * only as text: a {@code sun.security.smartcardio.PCSCException} whose message is the code's name (or {@code Unknown
 * error 0x…}), usually as the cause of a {@code javax.smartcardio.CardException}. It also throws unchecked exceptions
 * that mean ordinary card events, e.g. {@code IllegalStateException: Card has been removed}. Every exception made here
 * names the reader, the operation and, where there is one, the PC/SC code.
 */
final class PcscErrors {
    private static final Pattern CODE_NAME = Pattern.compile("\\b(SCARD_[EFWS]_[A-Z_]+)\\b");
    private static final Pattern UNKNOWN_CODE = Pattern.compile("Unknown error 0x([0-9a-fA-F]{1,8})");

    /** Codes that mean pcscd or the reader is gone, not the card. */
    private static final Set<String> SERVICE_GONE = Set.of("SCARD_E_NO_SERVICE", "SCARD_E_SERVICE_STOPPED",
            "SCARD_E_INVALID_HANDLE");
    private static final Set<String> READER_GONE = Set.of("SCARD_E_READER_UNAVAILABLE", "SCARD_E_UNKNOWN_READER",
            "SCARD_E_NO_READERS_AVAILABLE");

    private PcscErrors() {
    }

    /**
     * Finds the PC/SC code of a failure: the message of the first {@code PCSCException} in the cause chain, else the
     * first {@code SCARD_*} name in any message of the chain.
     *
     * @return the code's name, e.g. {@code SCARD_W_REMOVED_CARD}, or null if the failure carries none
     */
    static String codeName(Throwable failure) {
        String fromText = null;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage();
            if (message == null) {
                continue;
            }
            String name = nameIn(message);
            if (name != null && "PCSCException".equals(t.getClass().getSimpleName())) {
                return name;
            }
            if (fromText == null) {
                fromText = name;
            }
        }
        return fromText;
    }

    /** @return whether the failure means that pcscd went away (or restarted), so every handle is dead */
    static boolean isServiceGone(Throwable failure) {
        String code = codeName(failure);
        return code != null && SERVICE_GONE.contains(code);
    }

    /**
     * Translates a failure of a PC/SC call into the API's exception; an API exception is returned as it is.
     *
     * @param readerName the reader
     * @param operation what was being done, e.g. {@code transmit}
     * @param failure what was thrown
     * @return the exception to throw
     */
    static CardException translate(String readerName, String operation, Throwable failure) {
        if (failure instanceof CardException translated) {
            return translated;
        }
        String where = "reader '" + readerName + "': " + operation + " failed";
        String code = codeName(failure);
        if (code != null) {
            return byCode(code, where + ": " + code, failure);
        }
        String message = String.valueOf(failure.getMessage());
        if (failure instanceof CardNotPresentException) {
            return new NoCardException(where + ": no card in the reader", failure);
        }
        if (failure instanceof IllegalStateException) {
            return unchecked(where, message, failure);
        }
        if (failure instanceof IllegalArgumentException) {
            if (message.contains("at least 2 bytes")) {
                // The JDK could not make a response of what PC/SC returned: nothing, as vpcd answers once the card
                // has gone. The first sign of a removal, before PC/SC itself says so.
                return new CardRemovedException(where + ": the reader answered nothing; the card was removed",
                        failure);
            }
            if (message.contains("Manage channel")) {
                return new NotSupportedException(where + ": the JDK's PC/SC provider refuses MANAGE CHANNEL on the "
                        + "basic channel", failure);
            }
            return new CardIOException(ScardError.SCARD_E_INVALID_PARAMETER, where + ": " + message, failure);
        }
        if (failure instanceof javax.smartcardio.CardException) {
            return fromJdkMessage(where, message, failure);
        }
        return new CardIOException(ScardError.SCARD_F_INTERNAL_ERROR, where + ": " + failure, failure);
    }

    private static CardException unchecked(String where, String message, Throwable failure) {
        if (message.contains("not assigned to current Thread")) {
            return new CardException(ScardError.SCARD_E_NOT_TRANSACTED, where + ": no transaction is held on "
                    + "this connection", failure);
        }
        if (message.contains("disconnected")) {
            return new CardException(ScardError.SCARD_E_INVALID_HANDLE, where + ": the connection was closed "
                    + "(the card was reset or released)", failure);
        }
        // "Card has been removed": the JDK's own state after it saw SCARD_W_REMOVED_CARD once.
        return new CardRemovedException(where + ": the card was removed (" + message + ")", failure);
    }

    private static CardException fromJdkMessage(String where, String message, Throwable failure) {
        if (message.contains("Exclusive access")) {
            return new SharingViolationException(where + ": the card's transaction belongs to a call that is "
                    + "still blocked in PC/SC (" + message + ")", failure);
        }
        if (message.contains("Cannot connect using")) {
            return new CardException(ScardError.SCARD_E_PROTO_MISMATCH, where + ": " + message, failure);
        }
        if (message.contains("Extended length forms not supported")) {
            return new NotSupportedException(where + ": the JDK's PC/SC provider sends no extended APDUs over T=0",
                    failure);
        }
        return new CardIOException(ScardError.SCARD_F_UNKNOWN_ERROR, where + ": " + message, failure);
    }

    private static CardException byCode(String code, String message, Throwable cause) {
        if (SERVICE_GONE.contains(code)) {
            return new ReaderUnavailableException(message + " (pcscd is not running or was restarted)", cause);
        }
        if (READER_GONE.contains(code)) {
            return new ReaderUnavailableException(message, cause);
        }
        return switch (code) {
            case "SCARD_W_REMOVED_CARD" -> new CardRemovedException(message, cause);
            case "SCARD_E_NO_SMARTCARD" -> new NoCardException(message, cause);
            case "SCARD_W_RESET_CARD" -> new CardResetException(message, cause);
            case "SCARD_E_SHARING_VIOLATION" -> new SharingViolationException(message, cause);
            case "SCARD_E_TIMEOUT" -> new CardTimeoutException(message, cause);
            case "SCARD_W_SECURITY_VIOLATION" -> new AccessDeniedException(message, cause);
            case "SCARD_E_UNSUPPORTED_FEATURE", "SCARD_E_READER_UNSUPPORTED", "SCARD_E_CARD_UNSUPPORTED",
                    "SCARD_W_UNSUPPORTED_CARD" -> new NotSupportedException(message, cause);
            case "SCARD_E_PROTO_MISMATCH", "SCARD_E_CANCELLED", "SCARD_E_INVALID_PARAMETER",
                    "SCARD_E_INVALID_VALUE" -> new CardException(ScardError.valueOf(code), message, cause);
            default -> new CardIOException(known(code), message, cause);
        };
    }

    /** @return the constant of that name; a code the API does not list is reported as an unknown error */
    private static ScardError known(String code) {
        try {
            return ScardError.valueOf(code);
        } catch (IllegalArgumentException e) {
            return ScardError.SCARD_F_UNKNOWN_ERROR;
        }
    }

    private static String nameIn(String message) {
        Matcher name = CODE_NAME.matcher(message);
        if (name.find()) {
            return name.group(1);
        }
        Matcher unknown = UNKNOWN_CODE.matcher(message);
        if (unknown.find()) {
            ScardError error = ScardError.fromCode((int) Long.parseLong(unknown.group(1), 16));
            return error == ScardError.SCARD_F_UNKNOWN_ERROR
                    ? "SCARD_F_UNKNOWN_ERROR" : error.name().toUpperCase(Locale.ROOT);
        }
        return null;
    }
}

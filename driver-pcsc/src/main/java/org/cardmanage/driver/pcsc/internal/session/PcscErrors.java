package org.cardmanage.driver.pcsc.internal.session;

import java.util.function.BiFunction;

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
import org.cardmanage.driver.pcsc.internal.port.Pcsc;
import org.cardmanage.driver.pcsc.internal.port.PcscException;

/**
 * The one place where PC/SC return codes become the API's exceptions. Every message names the reader and the
 * operation and says in words what the code means; the code itself appears once: the API's exception names its own
 * code, so the PC/SC code is added to the words only where it differs (e.g. {@code reader 'X': transmit failed: pcscd
 * is not reachable (SCARD_E_NO_SERVICE) [SCARD_E_READER_UNAVAILABLE (0x80100017)]}).
 */
public final class PcscErrors {

    private PcscErrors() {
    }

    /** @return whether the code means that pcscd is gone (stopped, restarted, or the connection to it broke) */
    public static boolean serviceGone(int code) {
        return code == Pcsc.SCARD_E_NO_SERVICE || code == Pcsc.SCARD_E_SERVICE_STOPPED
                || code == Pcsc.SCARD_F_COMM_ERROR;
    }

    /**
     * @param readerName the reader
     * @param operation what was being done, e.g. {@code transmit}
     * @param failure the port's failure
     * @return the API exception to throw
     */
    public static CardException translate(String readerName, String operation, PcscException failure) {
        int code = failure.code();
        String where = "reader '" + readerName + "': " + operation + " failed: ";
        if (serviceGone(code)) {
            return make(ReaderUnavailableException::new, ScardError.SCARD_E_READER_UNAVAILABLE,
                    where + "pcscd is not reachable", failure);
        }
        return switch (code) {
            case Pcsc.SCARD_E_INVALID_HANDLE -> make(ReaderUnavailableException::new,
                    ScardError.SCARD_E_READER_UNAVAILABLE, where + "the PC/SC connection is no longer valid; pcscd "
                            + "was restarted or the reader went away", failure);
            case Pcsc.SCARD_E_READER_UNAVAILABLE, Pcsc.SCARD_E_UNKNOWN_READER -> make(
                    ReaderUnavailableException::new, ScardError.SCARD_E_READER_UNAVAILABLE,
                    where + "the reader is no longer available", failure);
            case Pcsc.SCARD_W_REMOVED_CARD -> make(CardRemovedException::new, ScardError.SCARD_W_REMOVED_CARD,
                    where + "the card was removed", failure);
            case Pcsc.SCARD_E_NO_SMARTCARD -> make(NoCardException::new, ScardError.SCARD_E_NO_SMARTCARD,
                    where + "no card in the reader", failure);
            case Pcsc.SCARD_W_RESET_CARD -> make(CardResetException::new, ScardError.SCARD_W_RESET_CARD,
                    where + "the card was reset by another connection", failure);
            case Pcsc.SCARD_W_UNPOWERED_CARD -> make(CardResetException::new, ScardError.SCARD_W_RESET_CARD,
                    where + "the card was powered down", failure);
            case Pcsc.SCARD_W_UNRESPONSIVE_CARD -> coded(ScardError.SCARD_W_UNRESPONSIVE_CARD,
                    where + "the card does not answer", failure);
            case Pcsc.SCARD_E_SHARING_VIOLATION -> make(SharingViolationException::new,
                    ScardError.SCARD_E_SHARING_VIOLATION, where + "another process uses the card (exclusively, or in "
                            + "a transaction)", failure);
            case Pcsc.SCARD_E_TIMEOUT -> make(CardTimeoutException::new, ScardError.SCARD_E_TIMEOUT,
                    where + "PC/SC timed out", failure);
            case Pcsc.SCARD_W_SECURITY_VIOLATION -> make(AccessDeniedException::new, ScardError.SCARD_W_SECURITY_VIOLATION,
                    where + "access denied", failure);
            case Pcsc.SCARD_E_UNSUPPORTED_FEATURE, Pcsc.SCARD_E_UNSUPPORTED_FEATURE_WINDOWS, Pcsc.SCARD_E_CANT_DISPOSE,
                    Pcsc.SCARD_W_UNSUPPORTED_CARD -> make(NotSupportedException::new,
                            ScardError.SCARD_E_UNSUPPORTED_FEATURE, where + "not supported by the reader, its driver "
                                    + "or the PC/SC binding", failure);
            case Pcsc.SCARD_E_PROTO_MISMATCH -> coded(ScardError.SCARD_E_PROTO_MISMATCH, where + "the card is in use "
                    + "with another protocol, or offers none of those requested", failure);
            case Pcsc.SCARD_E_NOT_TRANSACTED -> coded(ScardError.SCARD_E_NOT_TRANSACTED,
                    where + "the card did not take the command", failure);
            case Pcsc.SCARD_E_CANCELLED -> coded(ScardError.SCARD_E_CANCELLED, where + "cancelled", failure);
            case Pcsc.SCARD_E_INVALID_PARAMETER, Pcsc.SCARD_E_INVALID_VALUE, Pcsc.SCARD_E_INSUFFICIENT_BUFFER ->
                    coded(ScardError.SCARD_E_INVALID_PARAMETER, where + "PC/SC refused the parameters", failure);
            default -> {
                ScardError known = ScardError.fromCode(code);
                yield new CardIOException(known, where + "PC/SC error" + named(known, failure), failure);
            }
        };
    }

    private static CardException make(BiFunction<String, Throwable, CardException> type, ScardError itsCode,
            String words, PcscException failure) {
        return type.apply(words + named(itsCode, failure), failure);
    }

    private static CardException coded(ScardError error, String words, PcscException failure) {
        return new CardException(error, words + named(error, failure), failure);
    }

    /** @return the PC/SC code in words' brackets, unless the exception names that very code already */
    static String named(ScardError apiCode, PcscException failure) {
        return apiCode != null && apiCode.code() == failure.code() ? "" : " (" + failure.codeName() + ")";
    }
}

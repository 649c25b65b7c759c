package org.cardmanage.api;

/**
 * PC/SC return codes ({@code SCARD_E_*}, {@code SCARD_F_*}, {@code SCARD_W_*}) that a {@link CardException} carries,
 * so callers and logs speak the same language as pcsc-lite and WinSCard.
 *
 * @since 1.0
 */
public enum ScardError {
    /** An internal consistency check failed. */
    SCARD_F_INTERNAL_ERROR(0x80100001),
    /** The action was cancelled. */
    SCARD_E_CANCELLED(0x80100002),
    /** The supplied handle was invalid (for example, the attachment is closed). */
    SCARD_E_INVALID_HANDLE(0x80100003),
    /** One or more of the supplied parameters could not be properly interpreted. */
    SCARD_E_INVALID_PARAMETER(0x80100004),
    /** Not enough memory available to complete the command. */
    SCARD_E_NO_MEMORY(0x80100006),
    /** The data buffer to receive returned data is too small. */
    SCARD_E_INSUFFICIENT_BUFFER(0x80100008),
    /** The specified reader name is not recognized. */
    SCARD_E_UNKNOWN_READER(0x80100009),
    /** The user-specified timeout value has expired. */
    SCARD_E_TIMEOUT(0x8010000A),
    /** The smart card cannot be accessed because of other connections outstanding. */
    SCARD_E_SHARING_VIOLATION(0x8010000B),
    /** The operation requires a smart card, but no smart card is currently in the device. */
    SCARD_E_NO_SMARTCARD(0x8010000C),
    /** The requested protocols are incompatible with the protocol currently in use with the card. */
    SCARD_E_PROTO_MISMATCH(0x8010000F),
    /** The reader or smart card is not ready to accept commands. */
    SCARD_E_NOT_READY(0x80100010),
    /** One or more of the supplied parameter values could not be properly interpreted. */
    SCARD_E_INVALID_VALUE(0x80100011),
    /** The action was cancelled by the system, presumably to log off or shut down. */
    SCARD_E_SYSTEM_CANCELLED(0x80100012),
    /** An internal communications error has been detected. */
    SCARD_F_COMM_ERROR(0x80100013),
    /** An internal error has been detected, but the source is unknown. */
    SCARD_F_UNKNOWN_ERROR(0x80100014),
    /** An attempt was made to end a non-existent transaction. */
    SCARD_E_NOT_TRANSACTED(0x80100016),
    /** The specified reader is not currently available for use. */
    SCARD_E_READER_UNAVAILABLE(0x80100017),
    /** The smart card resource manager is not running. */
    SCARD_E_NO_SERVICE(0x8010001D),
    /** The smart card resource manager has shut down. */
    SCARD_E_SERVICE_STOPPED(0x8010001E),
    /** An unexpected card error has occurred. */
    SCARD_E_UNEXPECTED(0x8010001F),
    /** This smart card does not support the requested feature. */
    SCARD_E_UNSUPPORTED_FEATURE(0x80100022),
    /** The identified file does not exist in the smart card. */
    SCARD_E_FILE_NOT_FOUND(0x80100024),
    /** Access is denied to this file. */
    SCARD_E_NO_ACCESS(0x80100027),
    /** Cannot find a smart card reader. */
    SCARD_E_NO_READERS_AVAILABLE(0x8010002E),
    /** The smart card is not responding to a reset. */
    SCARD_W_UNRESPONSIVE_CARD(0x80100066),
    /** Power has been removed from the smart card, so that further communication is not possible. */
    SCARD_W_UNPOWERED_CARD(0x80100067),
    /** The smart card has been reset, so any shared state information is invalid. */
    SCARD_W_RESET_CARD(0x80100068),
    /** The smart card has been removed, so further communication is not possible. */
    SCARD_W_REMOVED_CARD(0x80100069),
    /** Access was denied because of a security violation. */
    SCARD_W_SECURITY_VIOLATION(0x8010006A),
    /** The card cannot be accessed because the wrong PIN was presented. */
    SCARD_W_WRONG_CHV(0x8010006B),
    /** The card cannot be accessed because the maximum number of PIN entry attempts has been reached. */
    SCARD_W_CHV_BLOCKED(0x8010006C),
    /** The requested item could not be found because the card is not authenticated. */
    SCARD_W_CARD_NOT_AUTHENTICATED(0x8010006F);

    private final int code;

    ScardError(int code) {
        this.code = code;
    }

    /** @return the 32-bit PC/SC code, e.g. {@code 0x80100069} */
    public int code() {
        return code;
    }

    /**
     * Finds the constant for a PC/SC code.
     *
     * @param code the 32-bit code
     * @return the constant, or {@link #SCARD_F_UNKNOWN_ERROR} for a code this enum does not know
     */
    public static ScardError fromCode(int code) {
        for (ScardError error : values()) {
            if (error.code == code) {
                return error;
            }
        }
        return SCARD_F_UNKNOWN_ERROR;
    }

    /** @return the name and the code, e.g. {@code SCARD_W_REMOVED_CARD (0x80100069)} */
    public String describe() {
        return name() + " (0x" + Integer.toHexString(code).toUpperCase(java.util.Locale.ROOT) + ")";
    }
}

package org.cardmanage.driver.pcsc.internal.port;

import java.util.Locale;
import java.util.Map;

import org.cardmanage.api.ScardError;

/** The PC/SC constants of pcsc-lite's {@code pcsclite.h} and {@code reader.h} that the driver uses. */
public final class Pcsc {
    public static final int SCARD_S_SUCCESS = 0;
    public static final int SCARD_F_INTERNAL_ERROR = 0x80100001;
    public static final int SCARD_E_CANCELLED = 0x80100002;
    public static final int SCARD_E_INVALID_HANDLE = 0x80100003;
    public static final int SCARD_E_INVALID_PARAMETER = 0x80100004;
    public static final int SCARD_E_NO_MEMORY = 0x80100006;
    public static final int SCARD_E_INSUFFICIENT_BUFFER = 0x80100008;
    public static final int SCARD_E_UNKNOWN_READER = 0x80100009;
    public static final int SCARD_E_TIMEOUT = 0x8010000A;
    public static final int SCARD_E_SHARING_VIOLATION = 0x8010000B;
    public static final int SCARD_E_NO_SMARTCARD = 0x8010000C;
    public static final int SCARD_E_CANT_DISPOSE = 0x8010000E;
    public static final int SCARD_E_PROTO_MISMATCH = 0x8010000F;
    public static final int SCARD_E_NOT_READY = 0x80100010;
    public static final int SCARD_E_INVALID_VALUE = 0x80100011;
    public static final int SCARD_E_SYSTEM_CANCELLED = 0x80100012;
    public static final int SCARD_F_COMM_ERROR = 0x80100013;
    public static final int SCARD_F_UNKNOWN_ERROR = 0x80100014;
    public static final int SCARD_E_NOT_TRANSACTED = 0x80100016;
    public static final int SCARD_E_READER_UNAVAILABLE = 0x80100017;
    public static final int SCARD_E_NO_SERVICE = 0x8010001D;
    public static final int SCARD_E_SERVICE_STOPPED = 0x8010001E;
    /** pcsc-lite's {@code SCARD_E_UNSUPPORTED_FEATURE} and {@code SCARD_E_UNEXPECTED} share this value. */
    public static final int SCARD_E_UNSUPPORTED_FEATURE = 0x8010001F;
    /** Windows' {@code SCARD_E_UNSUPPORTED_FEATURE}. */
    public static final int SCARD_E_UNSUPPORTED_FEATURE_WINDOWS = 0x80100022;
    public static final int SCARD_E_NO_READERS_AVAILABLE = 0x8010002E;
    public static final int SCARD_W_UNSUPPORTED_CARD = 0x80100065;
    public static final int SCARD_W_UNRESPONSIVE_CARD = 0x80100066;
    public static final int SCARD_W_UNPOWERED_CARD = 0x80100067;
    public static final int SCARD_W_RESET_CARD = 0x80100068;
    public static final int SCARD_W_REMOVED_CARD = 0x80100069;
    public static final int SCARD_W_SECURITY_VIOLATION = 0x8010006A;

    public static final int SCARD_SCOPE_SYSTEM = 2;

    public static final int SCARD_SHARE_EXCLUSIVE = 1;
    public static final int SCARD_SHARE_SHARED = 2;
    public static final int SCARD_SHARE_DIRECT = 3;

    public static final int SCARD_PROTOCOL_UNDEFINED = 0;
    public static final int SCARD_PROTOCOL_T0 = 1;
    public static final int SCARD_PROTOCOL_T1 = 2;
    public static final int SCARD_PROTOCOL_RAW = 4;

    public static final int SCARD_LEAVE_CARD = 0;
    public static final int SCARD_RESET_CARD = 1;
    public static final int SCARD_UNPOWER_CARD = 2;
    public static final int SCARD_EJECT_CARD = 3;

    /** {@code SCardStatus} card states. */
    public static final int SCARD_ABSENT = 0x0002;
    public static final int SCARD_PRESENT = 0x0004;
    public static final int SCARD_SWALLOWED = 0x0008;
    public static final int SCARD_POWERED = 0x0010;
    public static final int SCARD_NEGOTIABLE = 0x0020;
    public static final int SCARD_SPECIFIC = 0x0040;

    /** {@code SCardGetStatusChange} reader states; pcsc-lite counts card events in the upper 16 bits. */
    public static final int SCARD_STATE_UNAWARE = 0x0000;
    public static final int SCARD_STATE_IGNORE = 0x0001;
    public static final int SCARD_STATE_CHANGED = 0x0002;
    public static final int SCARD_STATE_UNKNOWN = 0x0004;
    public static final int SCARD_STATE_UNAVAILABLE = 0x0008;
    public static final int SCARD_STATE_EMPTY = 0x0010;
    public static final int SCARD_STATE_PRESENT = 0x0020;
    public static final int SCARD_STATE_EXCLUSIVE = 0x0080;
    public static final int SCARD_STATE_INUSE = 0x0100;
    public static final int SCARD_STATE_MUTE = 0x0200;
    public static final int SCARD_STATE_UNPOWERED = 0x0400;

    /** The pseudo reader whose state changes when a reader is plugged in or out. */
    public static final String PNP_NOTIFICATION = "\\\\?PnP?\\Notification";

    /** A wait without a bound. */
    public static final long INFINITE = 0xFFFFFFFFL;

    /** {@code SCARD_ATTR_ATR_STRING}. */
    public static final int SCARD_ATTR_ATR_STRING = 0x00090303;
    /** {@code SCARD_ATTR_VENDOR_NAME}. */
    public static final int SCARD_ATTR_VENDOR_NAME = 0x00010100;
    /** {@code SCARD_ATTR_POWER_MGMT_SUPPORT}: zero if the reader cannot power a present card down. */
    public static final int SCARD_ATTR_POWER_MGMT_SUPPORT = 0x00060131;

    /**
     * Names of the codes the API's {@link ScardError} does not list, and of pcsc-lite's 0x8010001F, which it calls
     * {@code SCARD_E_UNSUPPORTED_FEATURE} (ScardError names that value {@code SCARD_E_UNEXPECTED}).
     */
    private static final Map<Integer, String> OTHER_NAMES = Map.ofEntries(
            Map.entry(SCARD_S_SUCCESS, "SCARD_S_SUCCESS"),
            Map.entry(0x80100005, "SCARD_E_INVALID_TARGET"),
            Map.entry(0x80100007, "SCARD_F_WAITED_TOO_LONG"),
            Map.entry(0x8010000D, "SCARD_E_UNKNOWN_CARD"),
            Map.entry(SCARD_E_CANT_DISPOSE, "SCARD_E_CANT_DISPOSE"),
            Map.entry(0x80100015, "SCARD_E_INVALID_ATR"),
            Map.entry(0x80100019, "SCARD_E_PCI_TOO_SMALL"),
            Map.entry(0x8010001A, "SCARD_E_READER_UNSUPPORTED"),
            Map.entry(0x8010001B, "SCARD_E_DUPLICATE_READER"),
            Map.entry(0x8010001C, "SCARD_E_CARD_UNSUPPORTED"),
            Map.entry(SCARD_E_UNSUPPORTED_FEATURE, "SCARD_E_UNSUPPORTED_FEATURE"),
            Map.entry(0x8010002F, "SCARD_E_COMM_DATA_LOST"),
            Map.entry(0x80100031, "SCARD_E_SERVER_TOO_BUSY"),
            Map.entry(SCARD_W_UNSUPPORTED_CARD, "SCARD_W_UNSUPPORTED_CARD"));

    private Pcsc() {
    }

    /** @return the code's name, e.g. {@code SCARD_W_REMOVED_CARD}, or {@code 0x…} for a code not known here */
    public static String codeName(int code) {
        String other = OTHER_NAMES.get(code);
        if (other != null) {
            return other;
        }
        ScardError known = ScardError.fromCode(code);
        return known.code() == code ? known.name() : "0x" + Integer.toHexString(code).toUpperCase(Locale.ROOT);
    }

    /** @return the event counter pcsc-lite keeps in the upper 16 bits of a reader's event state */
    public static int eventCounter(int eventState) {
        return (eventState >>> 16) & 0xFFFF;
    }
}

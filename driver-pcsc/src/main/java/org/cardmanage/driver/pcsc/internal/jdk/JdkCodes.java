package org.cardmanage.driver.pcsc.internal.jdk;

import java.nio.BufferOverflowException;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.smartcardio.CardNotPresentException;

import org.cardmanage.driver.pcsc.internal.port.Pcsc;
import org.cardmanage.driver.pcsc.internal.port.PcscException;

/**
 * The one place where what {@code javax.smartcardio} throws becomes a PC/SC return code. The public API carries the
 * native code only as text: {@code sun.security.smartcardio.PCSCException}'s message is the code's name
 * ({@code SCARD_W_REMOVED_CARD}) or {@code Unknown error 0x…}, and it sits somewhere in the cause chain of a
 * {@link javax.smartcardio.CardException}. Where no code is named, the JDK's own checks are classified by type and
 * message here, and nowhere else.
 */
final class JdkCodes {
    private static final Pattern NAME = Pattern.compile("\\b(SCARD_[EFWS]_[A-Z_]+|WINDOWS_ERROR_[A-Z_]+)\\b");
    private static final Pattern UNKNOWN = Pattern.compile("Unknown error 0x([0-9a-fA-F]{1,8})\\b");
    private static final Map<String, Integer> CODES = codes();

    private JdkCodes() {
    }

    /**
     * @param function the winscard function the port was carrying out, e.g. {@code SCardTransmit}
     * @param failure anything the JDK threw
     * @return the failure as a {@link PcscException}; its message names only the function and the code
     */
    static PcscException translate(String function, Throwable failure) {
        if (failure instanceof PcscException) {
            return (PcscException) failure;
        }
        return new PcscException(function, code(failure));
    }

    /** @return the PC/SC code that the failure or one of its causes names, else the code its kind stands for */
    static int code(Throwable failure) {
        Set<Throwable> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            Integer named = parse(t.getMessage());
            if (named != null) {
                return named;
            }
        }
        return classify(failure);
    }

    /** @return the code named in the message ({@code SCARD_E_NO_SERVICE}, {@code Unknown error 0x8010002f}), or null */
    static Integer parse(String message) {
        if (message == null) {
            return null;
        }
        Matcher name = NAME.matcher(message);
        while (name.find()) {
            Integer code = CODES.get(name.group(1));
            if (code != null) {
                return code;
            }
        }
        Matcher unknown = UNKNOWN.matcher(message);
        if (unknown.find()) {
            return (int) Long.parseLong(unknown.group(1), 16);
        }
        return null;
    }

    /** The JDK's own refusals, which name no native code. */
    private static int classify(Throwable failure) {
        String message = failure.getMessage() == null ? "" : failure.getMessage().toLowerCase(Locale.ROOT);
        if (failure instanceof NoSuchAlgorithmException) {
            return Pcsc.SCARD_E_NO_SERVICE; // no PC/SC library or no context at all
        }
        if (failure instanceof CardNotPresentException) {
            return Pcsc.SCARD_E_NO_SMARTCARD;
        }
        if (failure instanceof BufferOverflowException) {
            return Pcsc.SCARD_E_INSUFFICIENT_BUFFER;
        }
        if (failure instanceof IllegalStateException) {
            if (message.contains("removed")) {
                return Pcsc.SCARD_W_REMOVED_CARD; // "Card has been removed"
            }
            if (message.contains("disconnected")) {
                return Pcsc.SCARD_E_INVALID_HANDLE; // "Card has been disconnected" (by other code in this JVM)
            }
            if (message.contains("not assigned to current thread")) {
                return Pcsc.SCARD_E_NOT_TRANSACTED;
            }
        }
        if (failure instanceof IllegalArgumentException && message.contains("at least 2 bytes")) {
            return Pcsc.SCARD_W_REMOVED_CARD; // the empty response vpcd and readers give for a card that has gone
        }
        if (message.contains("exclusive access")) {
            return Pcsc.SCARD_E_SHARING_VIOLATION; // other code in this JVM holds beginExclusive on another thread
        }
        if (message.contains("cannot connect using")) {
            return Pcsc.SCARD_E_PROTO_MISMATCH; // the JVM-wide Card is already connected with another protocol
        }
        return Pcsc.SCARD_F_UNKNOWN_ERROR;
    }

    private static Map<String, Integer> codes() {
        Map<String, Integer> codes = new HashMap<>();
        String[] names = {"SCARD_F_INTERNAL_ERROR", "SCARD_E_CANCELLED", "SCARD_E_INVALID_HANDLE",
            "SCARD_E_INVALID_PARAMETER", "SCARD_E_INVALID_TARGET", "SCARD_E_NO_MEMORY", "SCARD_F_WAITED_TOO_LONG",
            "SCARD_E_INSUFFICIENT_BUFFER", "SCARD_E_UNKNOWN_READER", "SCARD_E_TIMEOUT", "SCARD_E_SHARING_VIOLATION",
            "SCARD_E_NO_SMARTCARD", "SCARD_E_UNKNOWN_CARD", "SCARD_E_CANT_DISPOSE", "SCARD_E_PROTO_MISMATCH",
            "SCARD_E_NOT_READY", "SCARD_E_INVALID_VALUE", "SCARD_E_SYSTEM_CANCELLED", "SCARD_F_COMM_ERROR",
            "SCARD_F_UNKNOWN_ERROR", "SCARD_E_INVALID_ATR", "SCARD_E_NOT_TRANSACTED", "SCARD_E_READER_UNAVAILABLE",
            "SCARD_P_SHUTDOWN", "SCARD_E_PCI_TOO_SMALL", "SCARD_E_READER_UNSUPPORTED", "SCARD_E_DUPLICATE_READER",
            "SCARD_E_CARD_UNSUPPORTED", "SCARD_E_NO_SERVICE", "SCARD_E_SERVICE_STOPPED"};
        for (int i = 0; i < names.length; i++) {
            codes.put(names[i], 0x80100001 + i);
        }
        codes.put("SCARD_S_SUCCESS", Pcsc.SCARD_S_SUCCESS);
        codes.put("SCARD_E_UNSUPPORTED_FEATURE", Pcsc.SCARD_E_UNSUPPORTED_FEATURE);
        codes.put("SCARD_E_UNEXPECTED", Pcsc.SCARD_E_UNSUPPORTED_FEATURE);
        codes.put("SCARD_E_NO_READERS_AVAILABLE", Pcsc.SCARD_E_NO_READERS_AVAILABLE);
        codes.put("SCARD_E_COMM_DATA_LOST", 0x8010002F);
        codes.put("SCARD_E_NO_KEY_CONTAINER", 0x80100030);
        codes.put("SCARD_E_SERVER_TOO_BUSY", 0x80100031);
        String[] warnings = {"SCARD_W_UNSUPPORTED_CARD", "SCARD_W_UNRESPONSIVE_CARD", "SCARD_W_UNPOWERED_CARD",
            "SCARD_W_RESET_CARD", "SCARD_W_REMOVED_CARD", "SCARD_W_INSERTED_CARD"};
        for (int i = 0; i < warnings.length; i++) {
            codes.put(warnings[i], 0x80100065 + i);
        }
        codes.put("WINDOWS_ERROR_INVALID_HANDLE", Pcsc.SCARD_E_INVALID_HANDLE);
        codes.put("WINDOWS_ERROR_INVALID_PARAMETER", Pcsc.SCARD_E_INVALID_PARAMETER);
        return Map.copyOf(codes);
    }
}

package org.cardmanage.webconsole.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.cardmanage.api.Atr;

/** An ATR decoded for people: convention, protocols, interface bytes, historical bytes (hex and printable text). */
final class AtrView {
    private AtrView() {
    }

    /** @return the decoded ATR as a JSON-ready map */
    static Map<String, Object> of(Atr atr) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("hex", atr.toString());
        view.put("convention", atr.isDirectConvention() ? "direct" : "inverse");
        List<String> protocols = new ArrayList<>();
        for (int t : atr.offeredProtocolNumbers()) {
            protocols.add("T=" + t);
        }
        view.put("protocols", protocols);
        view.put("interfaceBytes", interfaceBytes(atr));
        byte[] historical = atr.historicalBytes();
        view.put("historicalBytes", hex(historical));
        view.put("historicalText", printable(historical));
        OptionalInt tck = atr.tck();
        view.put("tck", tck.isPresent() ? String.format("%02X", tck.getAsInt()) : null);
        return view;
    }

    /** @return e.g. {@code TA1=13 TD1=81 TD2=31 TA3=FE TB3=45} */
    static String interfaceBytes(Atr atr) {
        StringBuilder text = new StringBuilder();
        for (int group = 1; ; group++) {
            append(text, "TA", group, atr.ta(group));
            append(text, "TB", group, atr.tb(group));
            append(text, "TC", group, atr.tc(group));
            OptionalInt td = atr.td(group);
            append(text, "TD", group, td);
            if (td.isEmpty()) {
                return text.toString();
            }
        }
    }

    private static void append(StringBuilder text, String name, int group, OptionalInt value) {
        if (value.isPresent()) {
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append(name).append(group).append('=').append(String.format("%02X", value.getAsInt()));
        }
    }

    static String hex(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (byte b : bytes) {
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append(String.format("%02X", b & 0xFF));
        }
        return text.toString();
    }

    /** @return the bytes as ASCII with a dot for each byte that is not printable */
    static String printable(byte[] bytes) {
        byte[] shown = bytes.clone();
        for (int i = 0; i < shown.length; i++) {
            if (shown[i] < 0x20 || shown[i] > 0x7E) {
                shown[i] = '.';
            }
        }
        return new String(shown, StandardCharsets.US_ASCII);
    }
}

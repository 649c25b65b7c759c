package org.cardmanage.driver.sim.internal.card;

import java.util.Arrays;
import java.util.HexFormat;

/** Test helpers: hex APDUs in, data and status word out. */
final class Apdus {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private Apdus() {
    }

    /** A response split into data and the status word as four upper-case hex digits. */
    record Resp(byte[] data, String sw) {
        String dataHex() {
            return HEX.formatHex(data);
        }
    }

    static byte[] hex(String s) {
        return HEX.parseHex(s.replace(" ", ""));
    }

    static String hex(byte[] b) {
        return HEX.formatHex(b);
    }

    static Resp send(SimulatedCard card, String apduHex) {
        return split(card.process(hex(apduHex)));
    }

    static Resp send(SimulatedCard card, byte[] apdu) {
        return split(card.process(apdu));
    }

    static Resp split(byte[] r) {
        if (r == null || r.length < 2) {
            throw new AssertionError("response shorter than 2 bytes: " + (r == null ? "null" : hex(r)));
        }
        return new Resp(Arrays.copyOf(r, r.length - 2), hex(Arrays.copyOfRange(r, r.length - 2, r.length)));
    }

    /** Concatenates byte arrays. */
    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int i = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, i, p.length);
            i += p.length;
        }
        return out;
    }

    /** A PIN padded with FF to 8 bytes. */
    static byte[] padded(String ascii) {
        byte[] out = new byte[8];
        Arrays.fill(out, (byte) 0xFF);
        byte[] a = ascii.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(a, 0, out, 0, a.length);
        return out;
    }

    /** A command APDU with short Lc and the given data, and optionally a short Le. */
    static byte[] command(int cla, int ins, int p1, int p2, byte[] data, Integer le) {
        byte[] header = {(byte) cla, (byte) ins, (byte) p1, (byte) p2};
        byte[] lc = data.length == 0 ? new byte[0] : new byte[] {(byte) data.length};
        byte[] leField = le == null ? new byte[0] : new byte[] {(byte) (int) le};
        return concat(header, lc, data, leField);
    }
}

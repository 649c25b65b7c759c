package org.cardmanage.bench.jmh;

/** Sanity checks done once in a benchmark's set-up, so that a benchmark never times a failing path. */
final class Checks {
    private Checks() {
    }

    static int sw(byte[] response) {
        return ((response[response.length - 2] & 0xFF) << 8) | (response[response.length - 1] & 0xFF);
    }

    static void success(int sw, String what) {
        if (sw != 0x9000) {
            throw new IllegalStateException(what + " answered " + Integer.toHexString(sw) + ", not 9000");
        }
    }
}

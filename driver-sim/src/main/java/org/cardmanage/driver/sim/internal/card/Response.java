package org.cardmanage.driver.sim.internal.card;

/** A response APDU before encoding: response data (possibly empty) and the status word. */
record Response(byte[] data, int sw) {

    private static final byte[] NONE = new byte[0];

    static Response of(int sw) {
        return new Response(NONE, sw);
    }

    static Response ok(byte[] data) {
        return new Response(data, StatusWord.OK);
    }

    boolean hasData() {
        return data.length > 0;
    }

    byte[] toBytes() {
        byte[] out = new byte[data.length + 2];
        System.arraycopy(data, 0, out, 0, data.length);
        out[data.length] = (byte) (sw >>> 8);
        out[data.length + 1] = (byte) sw;
        return out;
    }
}

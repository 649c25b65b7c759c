package org.cardmanage.driver.sim.vpcd;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The vpcd wire format, the same in both directions: a 2-byte big-endian length, then that many bytes of payload.
 * From vpcd, a 1-byte payload is a control byte ({@link #POWER_OFF}, {@link #POWER_ON}, {@link #RESET},
 * {@link #GET_ATR}); a longer one is a command APDU.
 */
final class VpcdFrames {
    static final int POWER_OFF = 0;
    static final int POWER_ON = 1;
    static final int RESET = 2;
    static final int GET_ATR = 4;

    /** The largest payload a 2-byte length can announce. */
    static final int MAX_PAYLOAD = 0xFFFF;

    private VpcdFrames() {
    }

    /**
     * Reads one frame.
     *
     * @param in the stream from vpcd
     * @param beforeRead run before every read from the stream (the caller re-arms TCP quick-ACK there)
     * @return the payload, possibly empty; null if the stream ended cleanly, before a new frame began
     * @throws EOFException if the stream ended inside a frame (a truncated length or payload)
     * @throws IOException if reading failed
     */
    static byte[] read(InputStream in, Runnable beforeRead) throws IOException {
        beforeRead.run();
        int high = in.read();
        if (high < 0) {
            return null;
        }
        beforeRead.run();
        int low = in.read();
        if (low < 0) {
            throw new EOFException("vpcd frame truncated: the stream ended after the first byte of the length");
        }
        int length = (high << 8) | low;
        byte[] payload = new byte[length];
        int offset = 0;
        while (offset < length) {
            beforeRead.run();
            int n = in.read(payload, offset, length - offset);
            if (n < 0) {
                throw new EOFException("vpcd frame truncated: the length announced " + length
                        + " bytes, the stream ended after " + offset);
            }
            offset += n;
        }
        return payload;
    }

    /**
     * Writes one frame in a single write, so the peer gets length and payload together.
     *
     * @throws IllegalArgumentException if the payload is longer than {@link #MAX_PAYLOAD}
     */
    static void write(OutputStream out, byte[] payload) throws IOException {
        if (payload.length > MAX_PAYLOAD) {
            throw new IllegalArgumentException("a vpcd frame carries at most " + MAX_PAYLOAD + " bytes, not "
                    + payload.length);
        }
        byte[] frame = new byte[payload.length + 2];
        frame[0] = (byte) (payload.length >>> 8);
        frame[1] = (byte) payload.length;
        System.arraycopy(payload, 0, frame, 2, payload.length);
        out.write(frame);
        out.flush();
    }
}

package org.cardmanage.driver.sim.internal.card;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The card's one PIN (reference 81) with its retry counter, the PUK that unblocks it, and the security status
 * "PIN verified". Handles VERIFY, CHANGE REFERENCE DATA and RESET RETRY COUNTER.
 *
 * <p>PINs are compared as 8-byte blocks: ASCII digits padded with FF. VERIFY accepts 4 to 8 bytes and pads them
 * itself; CHANGE REFERENCE DATA and RESET RETRY COUNTER take ready-padded 8-byte blocks, and a new PIN block must
 * hold 4 to 8 non-FF bytes followed only by FF ({@code 6A80} otherwise). The PUK is exactly 8 bytes.
 *
 * <p>Retry counters and the PIN value survive reset; the verified flag does not. A wrong PIN also clears the
 * verified flag. Once a counter is at 0 the reference is blocked: {@code 6983} even for the right value.
 */
final class PinState {

    static final int PIN_REFERENCE = 0x81;
    static final int PIN_TRIES = 3;
    static final int PUK_TRIES = 10;
    static final int BLOCK = 8;
    static final int MIN_PIN = 4;

    private static final byte PAD = (byte) 0xFF;

    private final byte[] puk = "12345678".getBytes(StandardCharsets.US_ASCII);
    private byte[] pin = pad("1234".getBytes(StandardCharsets.US_ASCII));
    private int pinTries = PIN_TRIES;
    private int pukTries = PUK_TRIES;
    private boolean verified;

    static byte[] demoPin() {
        return "1234".getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] demoPuk() {
        return "12345678".getBytes(StandardCharsets.US_ASCII);
    }

    boolean verified() {
        return verified;
    }

    void clearSecurityStatus() {
        verified = false;
    }

    /** VERIFY (20): P1=00 with or without data; P1=FF without data resets the security status. */
    Response verify(ParsedCommand c) {
        if (c.p1() != 0x00 && c.p1() != 0xFF) {
            return Response.of(StatusWord.WRONG_P1P2);
        }
        if (c.p2() != PIN_REFERENCE) {
            return Response.of(StatusWord.REFERENCE_NOT_FOUND);
        }
        if (c.p1() == 0xFF) {
            if (c.hasData()) {
                return Response.of(StatusWord.WRONG_LENGTH);
            }
            verified = false;
            return Response.of(StatusWord.OK);
        }
        if (!c.hasData()) { // case 1: ask for the status
            if (pinTries == 0) {
                return Response.of(StatusWord.AUTH_METHOD_BLOCKED);
            }
            return Response.of(verified ? StatusWord.OK : StatusWord.COUNTER | pinTries);
        }
        if (c.data().length < MIN_PIN || c.data().length > BLOCK) {
            return Response.of(StatusWord.WRONG_LENGTH);
        }
        return checkPin(pad(c.data()));
    }

    /** CHANGE REFERENCE DATA (24): P1=00, data = old PIN block || new PIN block. */
    Response change(ParsedCommand c) {
        if (c.p1() != 0x00) {
            return Response.of(StatusWord.WRONG_P1P2);
        }
        if (c.p2() != PIN_REFERENCE) {
            return Response.of(StatusWord.REFERENCE_NOT_FOUND);
        }
        if (c.data().length != 2 * BLOCK) {
            return Response.of(StatusWord.WRONG_LENGTH);
        }
        byte[] newPin = Arrays.copyOfRange(c.data(), BLOCK, 2 * BLOCK);
        if (!wellFormedPin(newPin)) {
            return Response.of(StatusWord.WRONG_DATA);
        }
        Response r = checkPin(Arrays.copyOf(c.data(), BLOCK));
        if (r.sw() == StatusWord.OK) {
            pin = newPin;
        }
        return r;
    }

    /**
     * RESET RETRY COUNTER (2C): P1=00 data = PUK || new PIN block; P1=01 data = PUK, the PIN keeps its value.
     * Success resets both counters but does not verify the PIN.
     */
    Response resetRetryCounter(ParsedCommand c) {
        if (c.p1() != 0x00 && c.p1() != 0x01) {
            return Response.of(StatusWord.WRONG_P1P2);
        }
        if (c.p2() != PIN_REFERENCE) {
            return Response.of(StatusWord.REFERENCE_NOT_FOUND);
        }
        boolean withNewPin = c.p1() == 0x00;
        if (c.data().length != (withNewPin ? 2 * BLOCK : BLOCK)) {
            return Response.of(StatusWord.WRONG_LENGTH);
        }
        byte[] newPin = withNewPin ? Arrays.copyOfRange(c.data(), BLOCK, 2 * BLOCK) : null;
        if (newPin != null && !wellFormedPin(newPin)) {
            return Response.of(StatusWord.WRONG_DATA);
        }
        if (pukTries == 0) {
            return Response.of(StatusWord.AUTH_METHOD_BLOCKED);
        }
        if (!MessageDigest.isEqual(Arrays.copyOf(c.data(), BLOCK), puk)) {
            pukTries--;
            return Response.of(StatusWord.COUNTER | pukTries);
        }
        pukTries = PUK_TRIES;
        pinTries = PIN_TRIES;
        verified = false;
        if (newPin != null) {
            pin = newPin;
        }
        return Response.of(StatusWord.OK);
    }

    private Response checkPin(byte[] candidate) {
        if (pinTries == 0) {
            return Response.of(StatusWord.AUTH_METHOD_BLOCKED);
        }
        if (MessageDigest.isEqual(candidate, pin)) {
            pinTries = PIN_TRIES;
            verified = true;
            return Response.of(StatusWord.OK);
        }
        pinTries--;
        verified = false;
        return Response.of(StatusWord.COUNTER | pinTries);
    }

    private static byte[] pad(byte[] value) {
        byte[] out = Arrays.copyOf(value, BLOCK);
        Arrays.fill(out, value.length, BLOCK, PAD);
        return out;
    }

    /** 4 to 8 non-FF bytes, then only FF. */
    private static boolean wellFormedPin(byte[] block) {
        int len = 0;
        while (len < BLOCK && block[len] != PAD) {
            len++;
        }
        for (int i = len; i < BLOCK; i++) {
            if (block[i] != PAD) {
                return false;
            }
        }
        return len >= MIN_PIN;
    }
}

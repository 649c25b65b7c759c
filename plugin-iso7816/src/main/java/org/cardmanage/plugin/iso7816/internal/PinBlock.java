package org.cardmanage.plugin.iso7816.internal;

import java.util.Arrays;

/**
 * Encodes a PIN or PUK the way the ISO 7816-4 cards this plugin serves expect it: its characters as ASCII bytes,
 * padded with {@code FF} to an 8-byte block. The value never appears in a message.
 */
final class PinBlock {
    static final int LENGTH = 8;
    private static final byte PAD = (byte) 0xFF;

    private PinBlock() {
    }

    /**
     * @param secret the PIN or PUK; read, not kept
     * @param what "PIN", "new PIN" or "PUK", for the message
     * @return a fresh 8-byte block; the caller clears it after use
     * @throws IllegalArgumentException if secret is null, empty, longer than 8 characters or not printable ASCII
     */
    static byte[] encode(char[] secret, String what) {
        if (secret == null) {
            throw new IllegalArgumentException(what + " is null");
        }
        if (secret.length == 0 || secret.length > LENGTH) {
            throw new IllegalArgumentException(what + " must have 1 to " + LENGTH + " characters, has "
                    + secret.length);
        }
        byte[] block = new byte[LENGTH];
        Arrays.fill(block, PAD);
        for (int i = 0; i < secret.length; i++) {
            char c = secret[i];
            if (c < 0x20 || c > 0x7E) {
                Arrays.fill(block, (byte) 0);
                throw new IllegalArgumentException(what + " has a character that is not printable ASCII (position "
                        + (i + 1) + ")");
            }
            block[i] = (byte) c;
        }
        return block;
    }

    /** @return the blocks one after the other; the caller clears the result, and the parts are cleared here */
    static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        clear(first);
        clear(second);
        return both;
    }

    static void clear(byte[] block) {
        if (block != null) {
            Arrays.fill(block, (byte) 0);
        }
    }
}

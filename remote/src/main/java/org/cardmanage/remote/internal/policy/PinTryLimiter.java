package org.cardmanage.remote.internal.policy;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Counts the PIN-class commands each client sends to each card over a sliding minute, so that a client cannot try
 * PINs faster than its rule allows: VERIFY, CHANGE REFERENCE DATA, RESET RETRY COUNTER (even and odd INS) and
 * EXTERNAL AUTHENTICATE, also wrapped in an interindustry ENVELOPE. A card is a reader and the insertion number of the card in it, so a new card starts at 0.
 */
public final class PinTryLimiter {
    private static final long MINUTE_NANOS = TimeUnit.MINUTES.toNanos(1);

    private record Key(String identity, String reader, long insertion) {
    }

    private final LongSupplier nanoTime;
    private final Map<Key, ArrayDeque<Long>> tries = new HashMap<>();

    /** @param nanoTime the clock, {@code System::nanoTime} */
    public PinTryLimiter(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /**
     * @return whether the command APDU is PIN-class (by its INS byte; a PPS request with CLA FF is not), or an
     *     interindustry ENVELOPE (INS C2/C3) whose data begins with a PIN-class command: a wrapped VERIFY counts too.
     *     A proprietary-class ENVELOPE (a SIM's data download, CLA A0 or 80) is not looked into.
     */
    public static boolean isPinClass(byte[] command) {
        if (command.length < 4 || (command[0] & 0xFF) == 0xFF) {
            return false;
        }
        int ins = command[1] & 0xFF;
        if ((ins == 0xC2 || ins == 0xC3) && (command[0] & 0x80) == 0) {
            byte[] wrapped = data(command);
            return wrapped.length >= 2 && isPinInstruction(wrapped[1] & 0xFF);
        }
        return isPinInstruction(ins);
    }

    private static boolean isPinInstruction(int ins) {
        return ins == 0x20 || ins == 0x21 || ins == 0x24 || ins == 0x25 || ins == 0x2C || ins == 0x2D
                || ins == 0x82;
    }

    /** The data field of a command APDU (short or extended Lc), empty if it has none. */
    private static byte[] data(byte[] command) {
        if (command.length > 5 && command[4] != 0) {
            int length = Math.min(command[4] & 0xFF, command.length - 5);
            return java.util.Arrays.copyOfRange(command, 5, 5 + length);
        }
        if (command.length > 7 && command[4] == 0) {
            int length = Math.min(((command[5] & 0xFF) << 8) | (command[6] & 0xFF), command.length - 7);
            return java.util.Arrays.copyOfRange(command, 7, 7 + length);
        }
        return new byte[0];
    }

    /**
     * Takes one try if the client has one left for the card this minute.
     *
     * @param identity the client's rule identity
     * @param reader the farm reader
     * @param insertion the card's insertion number in it
     * @param perMinute the client's allowance
     * @return true if the command may go to the card (the try is counted), false if the allowance is used up
     */
    public synchronized boolean tryTake(String identity, String reader, long insertion, int perMinute) {
        long now = nanoTime.getAsLong();
        ArrayDeque<Long> window = tries.computeIfAbsent(new Key(identity, reader, insertion), k -> new ArrayDeque<>());
        while (!window.isEmpty() && now - window.peekFirst() >= MINUTE_NANOS) {
            window.removeFirst();
        }
        if (window.size() >= perMinute) {
            return false;
        }
        window.addLast(now);
        return true;
    }

    /** Forgets windows with no try in the last minute, so the table stays as small as the recent traffic. */
    public synchronized void prune() {
        long now = nanoTime.getAsLong();
        tries.values().removeIf(window -> window.isEmpty() || now - window.peekLast() >= MINUTE_NANOS);
    }
}

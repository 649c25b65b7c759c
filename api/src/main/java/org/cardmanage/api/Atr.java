package org.cardmanage.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * An ISO/IEC 7816-3 §8.2 answer-to-reset: TS, T0, the interface bytes TA<sub>i</sub> TB<sub>i</sub> TC<sub>i</sub>
 * TD<sub>i</sub>, the historical bytes and the check byte TCK.
 *
 * <p>Parsing is strict: TS must be 3B (direct convention) or 3F (inverse convention); every interface byte announced
 * by T0 or a TD<sub>i</sub> and every historical byte announced by T0 must be present; TCK must be present exactly
 * when some TD<sub>i</sub> indicates a protocol other than T=0 (T=15 included) and then the XOR of T0..TCK must be
 * 0; nothing may follow. The bytes are kept as given (for the inverse convention, as already decoded by the reader).
 *
 * <p>Instances are immutable; every byte array passed in or returned is copied. Equality is by bytes. Every
 * rejection is an {@link IllegalArgumentException} whose message says what was wrong, null arguments included.
 *
 * @since 1.0
 */
public final class Atr {

    /** ISO/IEC 7816-3: TS plus at most 32 further characters. */
    private static final int MAX_LENGTH = 33;
    private static final int TS_DIRECT = 0x3B;
    private static final int TS_INVERSE = 0x3F;
    private static final int T15 = 15;
    private static final String INTERFACE_NAMES = "ABCD";

    private final byte[] bytes;
    /** Offsets into {@link #bytes} of TA, TB, TC, TD of group i at [4 (i - 1) + 0..3], -1 when absent. */
    private final int[] interfaceOffsets;
    private final int historicalStart;
    private final int historicalLength;
    private final boolean tckPresent;
    private final Set<Protocol> protocols;
    private final List<Integer> protocolNumbers;

    private Atr(byte[] b) {
        int len = b.length;
        if (len < 2) {
            throw new IllegalArgumentException("ATR is " + IsoHex.count(len) + ", at least 2 (TS T0) required");
        }
        if (len > MAX_LENGTH) {
            throw new IllegalArgumentException("ATR is " + IsoHex.count(len) + ", at most " + MAX_LENGTH + " allowed");
        }
        int ts = b[0] & 0xFF;
        if (ts != TS_DIRECT && ts != TS_INVERSE) {
            throw new IllegalArgumentException("ATR TS byte 0x" + IsoHex.pair(ts)
                    + " is neither 3B (direct) nor 3F (inverse convention)");
        }
        int t0 = b[1] & 0xFF;
        // Every group but the last holds a TD, so there are at most len - 1 groups.
        int[] offsets = new int[4 * (len - 1)];
        Arrays.fill(offsets, -1);
        int y = t0 >> 4;
        int pos = 2;
        int group = 1;
        int indicated = 0; // bit T set for each protocol T a TD indicates
        int firstNonZero = -1; // the first T other than 0, which makes TCK mandatory
        while (true) {
            for (int kind = 0; kind < 4; kind++) {
                if ((y & (1 << kind)) != 0) {
                    if (pos >= len) {
                        throw new IllegalArgumentException("ATR truncated: T" + INTERFACE_NAMES.charAt(kind) + group
                                + " announced by " + (group == 1 ? "T0" : "TD" + (group - 1))
                                + " is missing at offset " + pos);
                    }
                    offsets[4 * (group - 1) + kind] = pos++;
                }
            }
            if ((y & 0x8) == 0) {
                break;
            }
            int td = b[pos - 1] & 0xFF;
            int t = td & 0x0F;
            indicated |= 1 << t;
            if (t != 0 && firstNonZero < 0) {
                firstNonZero = t;
            }
            y = td >> 4;
            group++;
        }
        int k = t0 & 0x0F;
        if (len - pos < k) {
            throw new IllegalArgumentException("ATR truncated: T0 announces " + k + " historical bytes but "
                    + IsoHex.count(len - pos) + " follow the interface bytes");
        }
        this.historicalStart = pos;
        this.historicalLength = k;
        pos += k;
        this.tckPresent = firstNonZero >= 0;
        if (tckPresent) {
            if (pos == len) {
                throw new IllegalArgumentException("ATR truncated: TCK missing, required because T=" + firstNonZero
                        + " is indicated");
            }
            if (pos + 1 < len) {
                throw new IllegalArgumentException("ATR has " + IsoHex.count(len - pos - 1) + " trailing after TCK");
            }
            int xor = 0;
            for (int i = 1; i < len; i++) {
                xor ^= b[i];
            }
            if ((xor & 0xFF) != 0) {
                throw new IllegalArgumentException("ATR checksum TCK 0x" + IsoHex.pair(b[pos])
                        + " is wrong: XOR of T0..TCK is 0x" + IsoHex.pair(xor));
            }
        } else if (pos < len) {
            throw new IllegalArgumentException("ATR has " + IsoHex.count(len - pos) + " trailing after the "
                    + "historical bytes; no TCK is expected as only T=0 is indicated");
        }
        this.bytes = b;
        this.interfaceOffsets = Arrays.copyOf(offsets, 4 * group);
        // T=15 holds global interface bytes, it is not a protocol; without any other indication T=0 is offered.
        int offered = indicated & ~(1 << T15);
        if (offered == 0) {
            offered = 1;
        }
        List<Integer> numbers = new ArrayList<>();
        for (int t = 0; t < T15; t++) {
            if ((offered & (1 << t)) != 0) {
                numbers.add(t);
            }
        }
        this.protocolNumbers = List.copyOf(numbers);
        EnumSet<Protocol> set = EnumSet.noneOf(Protocol.class);
        if ((offered & 1) != 0) {
            set.add(Protocol.T0);
        }
        if ((offered & 2) != 0) {
            set.add(Protocol.T1);
        }
        this.protocols = Collections.unmodifiableSet(set);
    }

    /**
     * Parses an answer-to-reset.
     *
     * @param bytes the ATR, copied
     * @return the ATR
     * @throws IllegalArgumentException if bytes is null, shorter than 2 or longer than 33 bytes, has a TS other than
     *         3B or 3F, lacks announced interface or historical bytes, lacks a required TCK, has a wrong TCK, or has
     *         trailing bytes
     */
    public static Atr parse(byte[] bytes) {
        if (bytes == null) {
            throw new IllegalArgumentException("ATR is null");
        }
        // Parse the copy, so a concurrent change of the caller's array cannot slip past the checks.
        return new Atr(bytes.clone());
    }

    /**
     * Parses an answer-to-reset written in hex, e.g. {@code "3B 02 14 50"}; spaces, tabs, line breaks and colons may
     * separate bytes.
     *
     * @param hex the hex text
     * @return the ATR
     * @throws IllegalArgumentException if hex is null or not hex, or for the reasons of {@link #parse(byte[])}
     */
    public static Atr parseHex(String hex) {
        return new Atr(IsoHex.parse(hex, "ATR"));
    }

    /** @return a copy of the ATR bytes, TS to TCK */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The bytes without a copy, for this package's read-only use. */
    byte[] rawBytes() {
        return bytes;
    }

    /** @return whether TS is 3B (direct convention) rather than 3F (inverse convention) */
    public boolean isDirectConvention() {
        return (bytes[0] & 0xFF) == TS_DIRECT;
    }

    /** @return the format byte T0, 0..255: Y1 in the high nibble, the number of historical bytes in the low one */
    public int t0() {
        return bytes[1] & 0xFF;
    }

    /**
     * Returns interface byte TA<sub>i</sub>.
     *
     * @param i the group number, 1 for TA1
     * @return the byte, 0..255, or empty if the ATR has none
     * @throws IllegalArgumentException if i is less than 1
     */
    public OptionalInt ta(int i) {
        return interfaceByte(i, 0);
    }

    /**
     * Returns interface byte TB<sub>i</sub>.
     *
     * @param i the group number, 1 for TB1
     * @return the byte, 0..255, or empty if the ATR has none
     * @throws IllegalArgumentException if i is less than 1
     */
    public OptionalInt tb(int i) {
        return interfaceByte(i, 1);
    }

    /**
     * Returns interface byte TC<sub>i</sub>.
     *
     * @param i the group number, 1 for TC1
     * @return the byte, 0..255, or empty if the ATR has none
     * @throws IllegalArgumentException if i is less than 1
     */
    public OptionalInt tc(int i) {
        return interfaceByte(i, 2);
    }

    /**
     * Returns interface byte TD<sub>i</sub>, whose low nibble is the protocol T of group i + 1 and whose high nibble
     * says which interface bytes that group has.
     *
     * @param i the group number, 1 for TD1
     * @return the byte, 0..255, or empty if the ATR has none
     * @throws IllegalArgumentException if i is less than 1
     */
    public OptionalInt td(int i) {
        return interfaceByte(i, 3);
    }

    private OptionalInt interfaceByte(int i, int kind) {
        if (i < 1) {
            throw new IllegalArgumentException("interface byte T" + INTERFACE_NAMES.charAt(kind) + i
                    + " does not exist: groups are numbered from 1");
        }
        int index = 4 * (i - 1) + kind;
        if (index >= interfaceOffsets.length || interfaceOffsets[index] < 0) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(bytes[interfaceOffsets[index]] & 0xFF);
    }

    /** @return a copy of the historical bytes, 0..15 of them */
    public byte[] historicalBytes() {
        return Arrays.copyOfRange(bytes, historicalStart, historicalStart + historicalLength);
    }

    /** @return the check byte TCK, 0..255, or empty when only T=0 is indicated */
    public OptionalInt tck() {
        return tckPresent ? OptionalInt.of(bytes[bytes.length - 1] & 0xFF) : OptionalInt.empty();
    }

    /**
     * Returns the offered protocols this API models: T0 and/or T1. An ATR without TD<sub>i</sub>, or whose
     * TD<sub>i</sub> indicate only T=0 (and T=15), offers T0. Protocols T=2..14 are not in the set, so it is empty
     * for an ATR offering only those; see {@link #offeredProtocolNumbers()}.
     *
     * @return an unmodifiable set, in {@link Protocol} order
     */
    public Set<Protocol> protocols() {
        return protocols;
    }

    /**
     * Returns every protocol number T the TD<sub>i</sub> indicate, T=15 excluded (it announces global interface
     * bytes, not a protocol); [0] when none is indicated.
     *
     * @return an unmodifiable, ascending list without duplicates, never empty
     */
    public List<Integer> offeredProtocolNumbers() {
        return protocolNumbers;
    }

    /**
     * Tells whether the card offers a protocol.
     *
     * @param protocol the protocol; {@link Protocol#RAW} is never offered by an ATR
     * @return whether {@link #protocols()} contains it
     * @throws IllegalArgumentException if protocol is null
     */
    public boolean isProtocolOffered(Protocol protocol) {
        if (protocol == null) {
            throw new IllegalArgumentException("protocol is null");
        }
        return protocols.contains(protocol);
    }

    /** Two ATRs are equal when their bytes are equal. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Atr that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** @return the ATR in uppercase hex with spaces, e.g. {@code 3B 02 14 50} */
    @Override
    public String toString() {
        return IsoHex.spaced(bytes);
    }
}

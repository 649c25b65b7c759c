package org.cardmanage.api;

/**
 * A card communication protocol (PC/SC {@code SCARD_PROTOCOL_*}).
 *
 * @since 1.0
 */
public enum Protocol {
    /** Character-oriented half-duplex protocol T=0 ({@code SCARD_PROTOCOL_T0}). */
    T0(0x0001),
    /** Block-oriented half-duplex protocol T=1 ({@code SCARD_PROTOCOL_T1}). */
    T1(0x0002),
    /** Raw transfer, reader specific ({@code SCARD_PROTOCOL_RAW}). */
    RAW(0x0004);

    private final int pcscValue;

    Protocol(int pcscValue) {
        this.pcscValue = pcscValue;
    }

    /** @return the PC/SC {@code SCARD_PROTOCOL_*} bit of this protocol */
    public int pcscValue() {
        return pcscValue;
    }

    /**
     * Parses a protocol name as users write it: {@code T0}, {@code T=0}, {@code t1}, {@code RAW}.
     *
     * @param name the name
     * @return the protocol
     * @throws IllegalArgumentException if the name is null or names no protocol
     */
    public static Protocol parse(String name) {
        if (name == null) {
            throw new IllegalArgumentException("protocol name is null");
        }
        String normalized = name.trim().toUpperCase(java.util.Locale.ROOT).replace("=", "");
        for (Protocol protocol : values()) {
            if (protocol.name().equals(normalized)) {
                return protocol;
            }
        }
        throw new IllegalArgumentException("unknown protocol '" + name + "': expected T0, T1 or RAW");
    }
}

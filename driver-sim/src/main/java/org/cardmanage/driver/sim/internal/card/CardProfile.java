package org.cardmanage.driver.sim.internal.card;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The kinds of simulated card. All profiles carry the same file system and PINs; they differ in the transmission
 * protocol their ATR offers and in the APDU lengths they accept.
 *
 * <ul>
 * <li>{@link #DEMO}: T=1, short and extended APDUs. ATR
 * {@code 3B F8 13 00 00 81 31 FE 45 43 4D 53 49 4D 2D 54 31 F1}: TA1=13 (Fi/Di), TB1, TC1, TD1=81 (T=1),
 * TD2=31 (T=1, TA3 TB3 follow), TA3=FE (IFSC 254), TB3=45 (BWI 4, CWI 5), the historical bytes are the ASCII text
 * "CMSIM-T1" (proprietary format) and TCK=F1.</li>
 * <li>{@link #DEMO_T0}: T=0 only, short APDUs only, responses follow the T=0 conventions (61xx / GET RESPONSE,
 * 6Cxx). ATR {@code 3B 78 13 00 00 43 4D 53 49 4D 2D 54 30}: TA1, TB1, TC1, no TD1 (so T=0 only and no TCK), the
 * historical bytes are "CMSIM-T0".</li>
 * </ul>
 */
public enum CardProfile {

    /** T=1 card with extended length support. */
    DEMO("Demo card (T=1, extended length)", false, true,
            withTck(new byte[] {0x3B, (byte) 0xF8, 0x13, 0x00, 0x00, (byte) 0x81, 0x31, (byte) 0xFE, 0x45,
                'C', 'M', 'S', 'I', 'M', '-', 'T', '1'})),

    /** T=0 card, short APDUs only. */
    DEMO_T0("Demo card (T=0, short APDUs)", true, false,
            new byte[] {0x3B, 0x78, 0x13, 0x00, 0x00, 'C', 'M', 'S', 'I', 'M', '-', 'T', '0'});

    private final String displayName;
    private final boolean t0;
    private final boolean extendedLength;
    private final byte[] atr;

    CardProfile(String displayName, boolean t0, boolean extendedLength, byte[] atr) {
        this.displayName = displayName;
        this.t0 = t0;
        this.extendedLength = extendedLength;
        this.atr = atr;
    }

    /** A copy of the answer-to-reset. */
    public byte[] atr() {
        return atr.clone();
    }

    public boolean supportsExtendedLength() {
        return extendedLength;
    }

    public boolean protocolT0() {
        return t0;
    }

    public boolean protocolT1() {
        return !t0;
    }

    /** {@code "T0"} or {@code "T1"}. */
    public String protocol() {
        return t0 ? "T0" : "T1";
    }

    public String displayName() {
        return displayName;
    }

    /**
     * Looks a profile up by name, ignoring case and treating '-' like '_': "demo", "DEMO", "demo-t0", "DEMO_T0".
     *
     * @throws IllegalArgumentException if no profile has that name; the message lists the valid names
     */
    public static CardProfile byName(String name) {
        if (name != null) {
            String key = name.trim().replace('-', '_').toUpperCase(Locale.ROOT);
            for (CardProfile p : values()) {
                if (p.name().equals(key)) {
                    return p;
                }
            }
        }
        throw new IllegalArgumentException("Unknown card profile '" + name + "'; valid names: "
                + Arrays.stream(values()).map(p -> p.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                        .collect(Collectors.joining(", ")));
    }

    /** Appends TCK, chosen so that the XOR of T0 up to and including TCK is zero. */
    private static byte[] withTck(byte[] atrWithoutTck) {
        byte[] out = Arrays.copyOf(atrWithoutTck, atrWithoutTck.length + 1);
        int tck = 0;
        for (int i = 1; i < atrWithoutTck.length; i++) {
            tck ^= atrWithoutTck[i];
        }
        out[atrWithoutTck.length] = (byte) tck;
        return out;
    }
}

package org.cardmanage.driver.sim.internal;

import java.util.HexFormat;

/** Upper-case hex without separators, as the {@code card.atr} service property carries it. */
final class Hex {
    private static final HexFormat FORMAT = HexFormat.of().withUpperCase();

    private Hex() {
    }

    static String of(byte[] bytes) {
        return FORMAT.formatHex(bytes);
    }
}

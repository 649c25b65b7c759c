package org.cardmanage.driver.sim.internal.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class CardProfileTest {

    /** Walks the ATR's interface bytes (ISO 7816-3 8.2) and returns the protocols offered by TD bytes. */
    private static List<Integer> checkStructureAndListProtocols(byte[] atr) {
        assertThat(atr[0]).as("TS").isEqualTo((byte) 0x3B);
        int i = 1;
        int t0 = atr[i++] & 0xFF;
        int y = t0 >>> 4;
        int historical = t0 & 0x0F;
        List<Integer> protocols = new ArrayList<>();
        while (true) {
            i += Integer.bitCount(y & 0x7); // TA, TB, TC
            if ((y & 0x8) == 0) {
                break;
            }
            int td = atr[i++] & 0xFF;
            protocols.add(td & 0x0F);
            y = td >>> 4;
        }
        i += historical;
        boolean tck = protocols.stream().anyMatch(p -> p != 0);
        if (tck) {
            int xor = 0;
            for (int j = 1; j <= i; j++) {
                xor ^= atr[j];
            }
            assertThat(xor).as("XOR of T0..TCK").isZero();
            i++;
        }
        assertThat(atr).as("ATR length matches its structure").hasSize(i);
        return protocols;
    }

    @Test
    void demoAtrOffersT1WithCorrectTck() {
        byte[] atr = CardProfile.DEMO.atr();
        assertThat(Apdus.hex(atr)).isEqualTo("3BF81300008131FE45434D53494D2D5431F1");
        assertThat(checkStructureAndListProtocols(atr)).containsOnly(1);
    }

    @Test
    void demoT0AtrOffersOnlyT0AndHasNoTck() {
        byte[] atr = CardProfile.DEMO_T0.atr();
        assertThat(Apdus.hex(atr)).isEqualTo("3B7813000043 4D53494D2D5430".replace(" ", ""));
        assertThat(checkStructureAndListProtocols(atr)).isEmpty(); // no TD1: T=0 implied
    }

    @Test
    void atrIsACopy() {
        byte[] atr = CardProfile.DEMO.atr();
        atr[0] = 0;
        assertThat(CardProfile.DEMO.atr()[0]).isEqualTo((byte) 0x3B);
        assertThat(SimulatedCard.create(CardProfile.DEMO).atr()).isEqualTo(CardProfile.DEMO.atr());
    }

    @Test
    void profilesDescribeTheirProtocol() {
        assertThat(CardProfile.DEMO.protocol()).isEqualTo("T1");
        assertThat(CardProfile.DEMO.protocolT1()).isTrue();
        assertThat(CardProfile.DEMO.protocolT0()).isFalse();
        assertThat(CardProfile.DEMO.supportsExtendedLength()).isTrue();
        assertThat(CardProfile.DEMO_T0.protocol()).isEqualTo("T0");
        assertThat(CardProfile.DEMO_T0.protocolT0()).isTrue();
        assertThat(CardProfile.DEMO_T0.supportsExtendedLength()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(CardProfile.class)
    void everyProfileHasADisplayName(CardProfile p) {
        assertThat(p.displayName()).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo-t0", "DEMO_T0", "Demo_T0", " demo-T0 "})
    void byNameAcceptsT0Spellings(String name) {
        assertThat(CardProfile.byName(name)).isEqualTo(CardProfile.DEMO_T0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo", "DEMO", "Demo"})
    void byNameAcceptsDemoSpellings(String name) {
        assertThat(CardProfile.byName(name)).isEqualTo(CardProfile.DEMO);
    }

    @Test
    void byNameRejectsUnknownNamesListingTheValidOnes() {
        assertThatThrownBy(() -> CardProfile.byName("gold")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gold").hasMessageContaining("demo").hasMessageContaining("demo-t0");
        assertThatThrownBy(() -> CardProfile.byName(null)).isInstanceOf(IllegalArgumentException.class);
    }
}

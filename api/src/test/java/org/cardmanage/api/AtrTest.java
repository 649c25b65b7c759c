package org.cardmanage.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AtrTest {

    private static final HexFormat HEX = HexFormat.ofDelimiter(" ").withUpperCase();

    /** vsmartcard virtual card: TA1 13, TD1 81 (T=1), TD2 01 (T=1), 5 historical bytes, TCK 0B. */
    private static final String VSMARTCARD = "3B 95 13 81 01 80 73 FF 01 00 0B";
    /** PC/SC part 3 contactless storage card: TD1 80 (T=0), TD2 01 (T=1), 15 historical bytes, TCK 6A. */
    private static final String PCSC_STORAGE = "3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 01 00 00 00 00 6A";
    /** A SIM card: TA1 96, TD1 80 (T=0), TD2 1F (T=15) with TA3 C7, 15 historical bytes, TCK D1. */
    private static final String SIM = "3B 9F 96 80 1F C7 80 31 E0 73 FE 21 1B 64 41 63 32 00 82 90 00 D1";
    /** T=0 only: two historical bytes, no TCK. */
    private static final String T0_ONLY = "3B 02 14 50";
    /** Inverse convention, TB1 and TC1, five historical bytes, no TCK. */
    private static final String INVERSE = "3F 65 25 08 33 04 20 90 00";

    private static byte[] hex(String spaced) {
        return HEX.parseHex(spaced);
    }

    // ---- real ATRs ----

    @Test
    void parsesTheVsmartcardAtrOfferingT1() {
        Atr atr = Atr.parseHex(VSMARTCARD);
        assertThat(atr.ta(1)).hasValue(0x13);
        assertThat(atr.td(1)).hasValue(0x81);
        assertThat(atr.td(2)).hasValue(0x01);
        assertThat(atr.historicalBytes()).isEqualTo(hex("80 73 FF 01 00"));
        assertThat(atr.tck()).hasValue(0x0B);
        assertThat(atr.protocols()).containsExactly(Protocol.T1);
        assertThat(atr.offeredProtocolNumbers()).containsExactly(1);
    }

    @Test
    void parsesThePcscContactlessStorageCardAtr() {
        Atr atr = Atr.parseHex(PCSC_STORAGE);
        assertThat(atr.td(1)).hasValue(0x80);
        assertThat(atr.td(2)).hasValue(0x01);
        assertThat(atr.historicalBytes()).isEqualTo(hex("80 4F 0C A0 00 00 03 06 03 00 01 00 00 00 00"));
        assertThat(atr.tck()).hasValue(0x6A);
        assertThat(atr.protocols()).containsExactly(Protocol.T0, Protocol.T1);
        assertThat(atr.offeredProtocolNumbers()).containsExactly(0, 1);
    }

    @Test
    void parsesASimAtrWhoseT15GroupRequiresTck() {
        Atr atr = Atr.parseHex(SIM);
        assertThat(atr.ta(1)).hasValue(0x96);
        assertThat(atr.td(2)).hasValue(0x1F);
        assertThat(atr.ta(3)).hasValue(0xC7);
        assertThat(atr.tck()).hasValue(0xD1);
        assertThat(atr.protocols()).containsExactly(Protocol.T0);
        assertThat(atr.offeredProtocolNumbers()).containsExactly(0);
    }

    @Test
    void parsesAT0AtrWithoutTck() {
        Atr atr = Atr.parseHex(T0_ONLY);
        assertThat(atr.historicalBytes()).isEqualTo(hex("14 50"));
        assertThat(atr.tck()).isEmpty();
        assertThat(atr.td(1)).isEmpty();
        assertThat(atr.protocols()).containsExactly(Protocol.T0);
        assertThat(atr.offeredProtocolNumbers()).containsExactly(0);
    }

    @Test
    void parsesTheMinimalAtr() {
        Atr atr = Atr.parseHex("3B 00");
        assertThat(atr.t0()).isZero();
        assertThat(atr.historicalBytes()).isEmpty();
        assertThat(atr.ta(1)).isEmpty();
        assertThat(atr.tck()).isEmpty();
        assertThat(atr.protocols()).containsExactly(Protocol.T0);
    }

    @Test
    void parsesAnInverseConventionAtr() {
        Atr atr = Atr.parseHex(INVERSE);
        assertThat(atr.isDirectConvention()).isFalse();
        assertThat(atr.tb(1)).hasValue(0x25);
        assertThat(atr.tc(1)).hasValue(0x08);
        assertThat(atr.historicalBytes()).isEqualTo(hex("33 04 20 90 00"));
    }

    @Test
    void reportsDirectConventionForTs3B() {
        assertThat(Atr.parseHex(T0_ONLY).isDirectConvention()).isTrue();
    }

    @Test
    void parsesHexWithColonsAndLowerCase() {
        assertThat(Atr.parseHex("3b:02:14:50")).isEqualTo(Atr.parse(hex(T0_ONLY)));
    }

    // ---- interface bytes ----

    @Test
    void readsAllFourInterfaceBytesOfAGroup() {
        // T0 F0: TA1 TB1 TC1 TD1; TD1 01: T=1, no further bytes; TCK.
        Atr atr = Atr.parseHex("3B F0 11 22 33 01 F1");
        assertThat(List.of(atr.ta(1), atr.tb(1), atr.tc(1), atr.td(1)))
                .containsExactly(OptionalInt.of(0x11), OptionalInt.of(0x22), OptionalInt.of(0x33), OptionalInt.of(1));
    }

    @Test
    void returnsEmptyForGroupsBeyondTheChain() {
        Atr atr = Atr.parseHex(VSMARTCARD);
        assertThat(atr.td(3)).isEmpty();
        assertThat(atr.ta(3)).isEmpty();
        assertThat(atr.ta(100)).isEmpty();
    }

    @ParameterizedTest(name = "index {0}")
    @ValueSource(ints = {0, -1})
    void rejectsInterfaceByteIndexBelowOne(int index) {
        Atr atr = Atr.parseHex(VSMARTCARD);
        assertThatThrownBy(() -> atr.ta(index))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("interface byte TA" + index + " does not exist: groups are numbered from 1");
    }

    @Test
    void returnsT0() {
        assertThat(Atr.parseHex(VSMARTCARD).t0()).isEqualTo(0x95);
    }

    // ---- protocols ----

    @Test
    void listsEveryIndicatedProtocolNumberAscendingWithoutDuplicates() {
        // TD1 81 (T=1), TD2 80 (T=0), TD3 01 (T=1).
        Atr atr = Atr.parseHex("3B 80 81 80 01 80");
        assertThat(atr.offeredProtocolNumbers()).containsExactly(0, 1);
        assertThat(atr.protocols()).containsExactly(Protocol.T0, Protocol.T1);
    }

    @Test
    void leavesProtocolsOtherThanT0AndT1OutOfTheSet() {
        Atr atr = Atr.parseHex("3B 80 0E 8E");
        assertThat(atr.offeredProtocolNumbers()).containsExactly(14);
        assertThat(atr.protocols()).isEmpty();
    }

    @Test
    void offersT0WhenOnlyT15IsIndicated() {
        Atr atr = Atr.parseHex("3B 80 0F 8F");
        assertThat(atr.offeredProtocolNumbers()).containsExactly(0);
        assertThat(atr.protocols()).containsExactly(Protocol.T0);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        VSMARTCARD + ", T1, true", VSMARTCARD + ", T0, false", VSMARTCARD + ", RAW, false",
        T0_ONLY + ", T0, true", T0_ONLY + ", T1, false",
    })
    void tellsWhetherAProtocolIsOffered(String atr, Protocol protocol, boolean offered) {
        assertThat(Atr.parseHex(atr).isProtocolOffered(protocol)).isEqualTo(offered);
    }

    @Test
    void rejectsNullProtocolQuery() {
        assertThatThrownBy(() -> Atr.parseHex(T0_ONLY).isProtocolOffered(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("protocol is null");
    }

    @Test
    void returnsUnmodifiableProtocolCollections() {
        Atr atr = Atr.parseHex(VSMARTCARD);
        assertThatThrownBy(() -> atr.protocols().add(Protocol.T0)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> atr.offeredProtocolNumbers().add(0))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    // ---- rejections ----

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> Atr.parse(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ATR is null");
    }

    @Test
    void rejectsNullHex() {
        assertThatThrownBy(() -> Atr.parseHex(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ATR hex string is null");
    }

    @ParameterizedTest(name = "{0} bytes")
    @CsvSource({"0, 0 bytes", "1, 1 byte"})
    void rejectsFewerThanTwoBytes(int length, String shown) {
        byte[] bytes = new byte[length];
        if (length > 0) {
            bytes[0] = 0x3B;
        }
        assertThatThrownBy(() -> Atr.parse(bytes)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ATR is " + shown + ", at least 2 (TS T0) required");
    }

    @Test
    void rejectsMoreThan33Bytes() {
        byte[] bytes = new byte[34];
        bytes[0] = 0x3B;
        assertThatThrownBy(() -> Atr.parse(bytes)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ATR is 34 bytes, at most 33 allowed");
    }

    @Test
    void acceptsExactly33Bytes() {
        // TD1..TD15 chain (T=1 each) then T0's 15 historical bytes: 2 + 15 + 15 + TCK = 33.
        StringBuilder hex = new StringBuilder("3B 8F");
        for (int i = 0; i < 14; i++) {
            hex.append(" 81");
        }
        hex.append(" 01");
        for (int i = 0; i < 15; i++) {
            hex.append(" 00");
        }
        // XOR of T0 (8F), 14 x 81 (cancel in pairs), 01 and zeros is 8E, so TCK 8E.
        Atr atr = Atr.parseHex(hex.append(" 8E").toString());
        assertThat(atr.bytes()).hasSize(33);
        assertThat(atr.td(15)).hasValue(0x01);
    }

    @Test
    void rejectsATsThatIsNeither3BNor3F() {
        assertThatThrownBy(() -> Atr.parseHex("12 00")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ATR TS byte 0x12 is neither 3B (direct) nor 3F (inverse convention)");
    }

    @Test
    void rejectsTruncatedInterfaceBytesAnnouncedByT0() {
        assertThatThrownBy(() -> Atr.parseHex("3B 30 11")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ATR truncated: TB1 announced by T0 is missing at offset 3");
    }

    @Test
    void rejectsTruncatedInterfaceBytesAnnouncedByTd() {
        assertThatThrownBy(() -> Atr.parseHex("3B 80 81")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ATR truncated: TD2 announced by TD1 is missing at offset 3");
    }

    @Test
    void rejectsMissingHistoricalBytes() {
        assertThatThrownBy(() -> Atr.parseHex("3B 05 01 02")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ATR truncated: T0 announces 5 historical bytes but 2 bytes follow the interface bytes");
    }

    @Test
    void rejectsMissingTckWhenT1IsIndicated() {
        assertThatThrownBy(() -> Atr.parseHex("3B 81 01 AA")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ATR truncated: TCK missing, required because T=1 is indicated");
    }

    @Test
    void rejectsMissingTckWhenT15IsIndicated() {
        String withoutTck = SIM.substring(0, SIM.length() - 3);
        assertThatThrownBy(() -> Atr.parseHex(withoutTck)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ATR truncated: TCK missing, required because T=15 is indicated");
    }

    @Test
    void rejectsAWrongTck() {
        assertThatThrownBy(() -> Atr.parseHex("3B 95 13 81 01 80 73 FF 01 00 0C"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ATR checksum TCK 0x0C is wrong: XOR of T0..TCK is 0x07");
    }

    @Test
    void rejectsTrailingBytesAfterTck() {
        assertThatThrownBy(() -> Atr.parseHex(VSMARTCARD + " 00")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ATR has 1 byte trailing after TCK");
    }

    @Test
    void rejectsTrailingBytesWhereNoTckIsExpected() {
        assertThatThrownBy(() -> Atr.parseHex(T0_ONLY + " 44 55")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ATR has 2 bytes trailing after the historical bytes; no TCK is expected as only T=0 "
                        + "is indicated");
    }

    @Test
    void rejectsMalformedHex() {
        assertThatThrownBy(() -> Atr.parseHex("3B-00")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ATR hex string has invalid character '-' at index 2: expected hex digits separated by "
                        + "spaces or colons");
    }

    @Test
    void eitherParsesAndRoundTripsOrRejectsWithIllegalArgumentForEveryThreeByteAtr() {
        int parsed = 0;
        for (int t0 = 0; t0 < 256; t0++) {
            for (int third = 0; third < 256; third++) {
                byte[] bytes = {0x3B, (byte) t0, (byte) third};
                try {
                    assertThat(Atr.parse(bytes).bytes()).isEqualTo(bytes);
                    parsed++;
                } catch (IllegalArgumentException expected) {
                    assertThat(expected.getMessage()).startsWith("ATR");
                }
            }
        }
        // 3B 01 xx (one historical byte), 3B 10/20/40 xx (TA1, TB1 or TC1 alone) and 3B 80 00 (TD1 says T=0).
        assertThat(parsed).isEqualTo(256 + 3 * 256 + 1);
    }

    @Test
    void eitherParsesAndRoundTripsOrRejectsWithIllegalArgumentForArbitraryBytes() {
        Random random = new Random(7816);
        for (int i = 0; i < 50_000; i++) {
            byte[] bytes = new byte[random.nextInt(36)];
            random.nextBytes(bytes);
            if (bytes.length > 0) {
                bytes[0] = 0x3B;
            }
            try {
                assertThat(Atr.parse(bytes).bytes()).isEqualTo(bytes);
            } catch (IllegalArgumentException expected) {
                assertThat(expected.getMessage()).startsWith("ATR");
            }
        }
    }

    // ---- copies and value semantics ----

    @Test
    void copiesBytesOnTheWayIn() {
        byte[] bytes = hex(T0_ONLY);
        Atr atr = Atr.parse(bytes);
        bytes[2] = 0;
        assertThat(atr.bytes()).isEqualTo(hex(T0_ONLY));
    }

    @Test
    void returnsCopiesOfBytesAndHistoricalBytes() {
        Atr atr = Atr.parseHex(T0_ONLY);
        atr.bytes()[2] = 0;
        atr.historicalBytes()[0] = 0;
        assertThat(atr.bytes()).isEqualTo(hex(T0_ONLY));
        assertThat(atr.historicalBytes()).isEqualTo(hex("14 50"));
    }

    @Test
    void isEqualByBytes() {
        Atr a = Atr.parseHex(PCSC_STORAGE);
        Atr b = Atr.parse(hex(PCSC_STORAGE));
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(Atr.parseHex(VSMARTCARD));
    }

    @Test
    void printsUppercaseSpacedHex() {
        assertThat(Atr.parseHex("3b 95 13 81 01 80 73 ff 01 00 0b")).hasToString(VSMARTCARD);
    }
}

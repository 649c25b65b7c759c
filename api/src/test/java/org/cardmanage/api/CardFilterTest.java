package org.cardmanage.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CardFilterTest {

    private static final HexFormat HEX = HexFormat.ofDelimiter(" ").withUpperCase();
    private static final Atr VSMARTCARD = Atr.parseHex("3B 95 13 81 01 80 73 FF 01 00 0B");
    private static final Atr T0_ONLY = Atr.parseHex("3B 02 14 50");

    private static byte[] hex(String spaced) {
        return HEX.parseHex(spaced);
    }

    // ---- any ----

    @Test
    void anyMatchesEveryReaderAndAtr() {
        CardFilter any = CardFilter.any();
        assertThat(any.matches("Sim Reader 0", VSMARTCARD)).isTrue();
        assertThat(any.matches("", T0_ONLY)).isTrue();
    }

    @Test
    void anyMatchesAReaderWithoutCard() {
        assertThat(CardFilter.any().matchesAtr(null)).isTrue();
    }

    @Test
    void anyHasNoConstraints() {
        CardFilter any = CardFilter.any();
        assertThat(any.readerPattern()).isEmpty();
        assertThat(any.atrValue()).isEmpty();
        assertThat(any.atrMask()).isEmpty();
    }

    // ---- ATR ----

    @Test
    void matchesAtrWhoseMaskedBitsEqualTheValue() {
        CardFilter filter = CardFilter.atrHex("3B 02 14 50", "FF FF FF FF");
        assertThat(filter.matchesAtr(T0_ONLY)).isTrue();
    }

    @Test
    void ignoresAtrBitsOutsideTheMask() {
        CardFilter filter = CardFilter.atrHex("3B 02 FF 5F", "FF FF 00 F0");
        assertThat(filter.matchesAtr(T0_ONLY)).isTrue();
    }

    @Test
    void rejectsAtrWithADifferentMaskedBit() {
        CardFilter filter = CardFilter.atrHex("3B 02 14 51", "FF FF FF 01");
        assertThat(filter.matchesAtr(T0_ONLY)).isFalse();
    }

    @Test
    void rejectsAtrOfAnotherLength() {
        CardFilter filter = CardFilter.atrHex("3B 02 14 50 00", "FF FF FF FF 00");
        assertThat(filter.matchesAtr(T0_ONLY)).isFalse();
    }

    @Test
    void rejectsMissingAtrWhenConstrained() {
        assertThat(CardFilter.atrHex("3B 00", "FF FF").matchesAtr(null)).isFalse();
    }

    @Test
    void buildsTheSameFilterFromBytesAndHex() {
        assertThat(CardFilter.atr(hex("3B 02 14 50"), hex("FF FF 00 00")))
                .isEqualTo(CardFilter.atrHex("3b:02:14:50", "FFFF0000"));
    }

    @Test
    void rejectsNullAtrValue() {
        assertThatThrownBy(() -> CardFilter.atr(null, hex("FF FF")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("ATR value is null");
    }

    @Test
    void rejectsNullAtrMask() {
        assertThatThrownBy(() -> CardFilter.atr(hex("3B 00"), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("ATR mask is null");
    }

    @Test
    void rejectsMaskOfAnotherLengthThanTheValue() {
        assertThatThrownBy(() -> CardFilter.atr(hex("3B 02 14 50"), hex("FF FF FF")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ATR value is 4 bytes but mask is 3 bytes: they must be equally long");
    }

    @ParameterizedTest(name = "{0} bytes")
    @CsvSource({"0, 0 bytes", "1, 1 byte", "34, 34 bytes"})
    void rejectsAtrValueNoAtrCanHave(int length, String shown) {
        assertThatThrownBy(() -> CardFilter.atr(new byte[length], new byte[length]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ATR value is " + shown + ", an ATR has 2..33");
    }

    @Test
    void rejectsNullAtrHex() {
        assertThatThrownBy(() -> CardFilter.atrHex("3B 00", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("ATR mask hex string is null");
    }

    @Test
    void rejectsMalformedAtrHex() {
        assertThatThrownBy(() -> CardFilter.atrHex("3B 0", "FF FF"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ATR value hex string has an unpaired hex digit '0' at index 3: every byte needs two "
                        + "digits");
    }

    @Test
    void copiesAtrValueAndMaskOnTheWayIn() {
        byte[] value = hex("3B 02 14 50");
        byte[] mask = hex("FF FF FF FF");
        CardFilter filter = CardFilter.atr(value, mask);
        value[2] = 0;
        mask[2] = 0;
        assertThat(filter.atrValue()).hasValueSatisfying(v -> assertThat(v).isEqualTo(hex("3B 02 14 50")));
        assertThat(filter.atrMask()).hasValueSatisfying(m -> assertThat(m).isEqualTo(hex("FF FF FF FF")));
    }

    @Test
    void returnsCopiesOfAtrValueAndMask() {
        CardFilter filter = CardFilter.atrHex("3B 02 14 50", "FF FF FF FF");
        filter.atrValue().orElseThrow()[2] = 0;
        filter.atrMask().orElseThrow()[2] = 0;
        assertThat(filter.matchesAtr(T0_ONLY)).isTrue();
        assertThat(filter.atrMask().orElseThrow()).isEqualTo(hex("FF FF FF FF"));
    }

    // ---- reader glob ----

    @ParameterizedTest(name = "''{0}'' vs ''{1}'' -> {2}")
    @CsvSource(delimiter = '|', value = {
        "Sim*|Sim Reader 0|true",
        "Sim*|Sim|true",
        "Sim*|sim Reader 0|false",
        "Sim*|My Sim Reader|false",
        "Sim|Sim Reader|false",
        "Sim Reader 0|Sim Reader 0|true",
        "*Reader ?|Sim Reader 0|true",
        "*Reader ?|Sim Reader 10|false",
        "*Reader ??|Sim Reader 10|true",
        "?|x|true",
        "?|xy|false",
        "*|anything at all|true",
        "a*b*c|abc|true",
        "a*b*c|aXXbYYc|true",
        "a*b*c|acb|false",
        "a*b*c|abcabd|false",
        "a*b*c|abcabc|true",
        "**x|x|true",
        "*x*|abxab|true",
        "*00 00*|Gemalto USB 00 00|true",
        "*00 00*|Gemalto USB 00 01|false",
    })
    void matchesReaderNamesWithTheGlob(String glob, String name, boolean matches) {
        assertThat(CardFilter.any().withReaderPattern(glob).matchesReader(name)).isEqualTo(matches);
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"*", "**"})
    void matchesTheEmptyReaderNameWithStarsOnly(String glob) {
        assertThat(CardFilter.any().withReaderPattern(glob).matchesReader("")).isTrue();
    }

    @Test
    void doesNotMatchTheEmptyReaderNameWithAQuestionMark() {
        assertThat(CardFilter.any().withReaderPattern("?").matchesReader("")).isFalse();
    }

    @Test
    void matchesOneCodePointWithAQuestionMark() {
        CardFilter filter = CardFilter.any().withReaderPattern("R?x");
        assertThat(filter.matchesReader("R\uD83D\uDE00x")).isTrue();
    }

    @Test
    void handlesManyStarsAgainstANonMatchingNameWithoutBlowingUp() {
        // Backtracking regexes take exponential time on this; the glob matcher is O(pattern x name).
        CardFilter filter = CardFilter.any().withReaderPattern("a*a*a*a*a*a*a*a*a*a*a*a*b");
        assertThat(filter.matchesReader("a".repeat(5000))).isFalse();
    }

    @Test
    void rejectsNullReaderPattern() {
        assertThatThrownBy(() -> CardFilter.any().withReaderPattern(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("reader pattern is null");
    }

    @Test
    void rejectsEmptyReaderPattern() {
        assertThatThrownBy(() -> CardFilter.any().withReaderPattern(""))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("reader pattern is empty");
    }

    @Test
    void rejectsNullReaderName() {
        assertThatThrownBy(() -> CardFilter.any().matchesReader(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("reader name is null");
    }

    // ---- combination ----

    @Test
    void requiresBothReaderAndAtrToMatch() {
        CardFilter filter = CardFilter.atrHex("3B 02 14 50", "FF FF FF FF").withReaderPattern("Sim*");
        assertThat(filter.matches("Sim Reader 0", T0_ONLY)).isTrue();
        assertThat(filter.matches("Other Reader", T0_ONLY)).isFalse();
        assertThat(filter.matches("Sim Reader 0", VSMARTCARD)).isFalse();
        assertThat(filter.matches("Sim Reader 0", null)).isFalse();
    }

    @Test
    void withAtrKeepsTheReaderPattern() {
        CardFilter filter = CardFilter.any().withReaderPattern("Sim*").withAtr(hex("3B 00"), hex("FF FF"));
        assertThat(filter.readerPattern()).hasValue("Sim*");
        assertThat(filter.atrValue()).isPresent();
    }

    @Test
    void withReaderPatternKeepsTheAtrConstraint() {
        CardFilter filter = CardFilter.atrHex("3B 00", "FF FF").withReaderPattern("Sim*");
        assertThat(filter.atrMask().orElseThrow()).isEqualTo(hex("FF FF"));
    }

    @Test
    void withMethodsLeaveTheOriginalUnchanged() {
        CardFilter original = CardFilter.atrHex("3B 00", "FF FF");
        original.withReaderPattern("Sim*");
        original.withAtr(hex("3B 02 14 50"), hex("FF FF FF FF"));
        assertThat(original).isEqualTo(CardFilter.atrHex("3B 00", "FF FF"));
    }

    @Test
    void rejectsNullReaderNameEvenWhenUnconstrained() {
        assertThatThrownBy(() -> CardFilter.any().matches(null, T0_ONLY))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("reader name is null");
    }

    // ---- value semantics ----

    @Test
    void isEqualByPatternValueAndMask() {
        CardFilter a = CardFilter.atrHex("3B 00", "FF FF").withReaderPattern("Sim*");
        CardFilter b = CardFilter.any().withReaderPattern("Sim*").withAtr(hex("3B 00"), hex("FF FF"));
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(b.withReaderPattern("Sim?"));
        assertThat(a).isNotEqualTo(b.withAtr(hex("3B 00"), hex("FF 00")));
    }

    @Test
    void printsBothConstraints() {
        assertThat(CardFilter.atrHex("3B 8F 80 01", "FF FF 00 FF").withReaderPattern("Sim*"))
                .hasToString("CardFilter[reader=Sim*, atr=3B8F8001/FFFF00FF]");
    }

    @Test
    void printsOnlyTheConstraintsPresent() {
        assertThat(CardFilter.any().withReaderPattern("Sim*")).hasToString("CardFilter[reader=Sim*]");
        assertThat(CardFilter.atrHex("3B 00", "FF FF")).hasToString("CardFilter[atr=3B00/FFFF]");
        assertThat(CardFilter.any()).hasToString("CardFilter[any]");
    }
}

package org.cardmanage.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import java.util.regex.Pattern;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Property-based tests of {@link CardFilter}: the reader glob agrees with a regular-expression oracle on every name,
 * and ATR value/mask arguments are either accepted or rejected saying what was wrong.
 */
class CardFilterPropertyTest {

    @Property(tries = 20_000)
    void readerGlobAgreesWithARegexOracle(@ForAll("globs") String glob, @ForAll("names") String name) {
        assertThat(CardFilter.any().withReaderPattern(glob).matchesReader(name))
                .as("'%s' matches '%s'", glob, name).isEqualTo(oracle(glob).matcher(name).matches());
    }

    @Property(tries = 2_000)
    void aGlobWithoutWildcardsMatchesOnlyItself(@ForAll("names") String name, @ForAll("names") String other) {
        if (name.isEmpty()) {
            return;
        }
        CardFilter filter = CardFilter.any().withReaderPattern(name);

        assertThat(filter.matchesReader(name)).isTrue();
        assertThat(filter.matchesReader(other)).isEqualTo(other.equals(name));
    }

    @Property(tries = 200)
    void manyStarsAgainstALongNameStillAnswer(@ForAll @IntRange(min = 1, max = 200) int stars) {
        String glob = "*a".repeat(stars) + "b";
        String name = "a".repeat(2_000);

        assertThat(CardFilter.any().withReaderPattern(glob).matchesReader(name)).isFalse();
    }

    @Property(tries = 5_000)
    void atrValueAndMaskAreAcceptedOrRejectedSayingWhy(@ForAll @Size(max = 40) byte[] value,
            @ForAll @Size(max = 40) byte[] mask) {
        Throwable thrown = catchThrowable(() -> CardFilter.atr(value, mask));
        boolean valid = value.length == mask.length && value.length >= 2 && value.length <= 33;

        if (valid) {
            assertThat(thrown).isNull();
        } else {
            Rejections.assertSaysWhatWasWrong(thrown, List.of("ATR value", "mask"));
        }
    }

    @Property(tries = 5_000)
    void aZeroMaskMatchesEveryAtrOfItsLengthAndAFullMaskOnlyEqualOnes(@ForAll("validAtrs") byte[] atr,
            @ForAll("validAtrs") byte[] other) {
        CardFilter anyOfLength = CardFilter.atr(atr, new byte[atr.length]);
        byte[] full = new byte[atr.length];
        java.util.Arrays.fill(full, (byte) 0xFF);
        CardFilter exact = CardFilter.atr(atr, full);

        assertThat(anyOfLength.matchesAtr(Atr.parse(other))).isEqualTo(other.length == atr.length);
        assertThat(exact.matchesAtr(Atr.parse(other))).isEqualTo(java.util.Arrays.equals(atr, other));
        assertThat(exact.matchesAtr(null)).isFalse();
    }

    @Property(tries = 100)
    void emptyOrNullGlobsAreRejected(@ForAll boolean empty) {
        Rejections.assertSaysWhatWasWrong(catchThrowable(() -> CardFilter.any().withReaderPattern(empty ? "" : null)),
                List.of("reader pattern"));
    }

    private static Pattern oracle(String glob) {
        StringBuilder regex = new StringBuilder();
        glob.codePoints().forEach(cp -> regex.append(cp == '*' ? ".*" : cp == '?' ? "."
                : Pattern.quote(new String(Character.toChars(cp)))));
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    @Provide
    Arbitrary<String> globs() {
        return Arbitraries.strings().withChars("ab*? \u00e9").ofMinLength(1).ofMaxLength(8);
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.strings().withChars("ab \u00e9").ofMaxLength(12);
    }

    @Provide
    Arbitrary<byte[]> validAtrs() {
        // T0 = 0x0K with K historical bytes: no interface bytes, no TCK; 2..17 bytes.
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(15).map(historical -> {
            byte[] atr = new byte[2 + historical.length];
            atr[0] = 0x3B;
            atr[1] = (byte) historical.length;
            System.arraycopy(historical, 0, atr, 2, historical.length);
            return atr;
        });
    }
}

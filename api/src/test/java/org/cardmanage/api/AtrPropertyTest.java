package org.cardmanage.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Property-based tests of {@link Atr}: ATRs built by the ISO/IEC 7816-3 rules parse into their parts; any corruption
 * of the check byte, any truncation and any random bytes are either parsed or rejected with a message that says what
 * was wrong.
 */
class AtrPropertyTest {
    private static final List<String> VOCABULARY = List.of("ATR");

    /** An ATR as built, with the parts it was built from. */
    record Built(byte[] bytes, byte[] historical, boolean tck) {
    }

    @Property(tries = 5_000)
    void builtAtrsParseIntoTheirParts(@ForAll("atrs") Built built) {
        Atr atr = Atr.parse(built.bytes());

        assertThat(atr.bytes()).isEqualTo(built.bytes());
        assertThat(atr.historicalBytes()).isEqualTo(built.historical());
        assertThat(atr.tck().isPresent()).isEqualTo(built.tck());
        assertThat(atr.offeredProtocolNumbers()).isNotEmpty();
        assertThat(Atr.parseHex(atr.toString().replaceAll("[^0-9A-Fa-f ]", ""))).isEqualTo(atr);
    }

    @Property(tries = 5_000)
    void aCorruptedCheckByteIsRejectedAsAWrongChecksum(@ForAll("atrs") Built built,
            @ForAll @IntRange(min = 1, max = 255) int flip) {
        if (!built.tck()) {
            return;
        }
        byte[] corrupted = built.bytes().clone();
        corrupted[corrupted.length - 1] ^= (byte) flip;

        Rejections.assertSaysWhatWasWrong(catchThrowable(() -> Atr.parse(corrupted)), List.of("checksum"));
    }

    @Property(tries = 5_000)
    void everyTruncationIsRejected(@ForAll("atrs") Built built, @ForAll @IntRange(min = 1, max = 33) int cut) {
        int keep = Math.max(0, built.bytes().length - cut);

        Rejections.assertSaysWhatWasWrong(catchThrowable(() -> Atr.parse(Arrays.copyOf(built.bytes(), keep))),
                VOCABULARY);
    }

    @Property(tries = 20_000)
    void anyBytesParseOrAreRejectedSayingWhy(@ForAll @Size(max = 40) byte[] bytes) {
        Throwable thrown = catchThrowable(() -> assertThat(Atr.parse(bytes).bytes()).isEqualTo(bytes));
        if (thrown instanceof AssertionError failed) {
            throw failed;
        }
        if (thrown != null) {
            Rejections.assertSaysWhatWasWrong(thrown, VOCABULARY);
        }
    }

    /** Random ATRs following the rules: TS, T0, a chain of up to 4 interface groups, historical bytes, TCK. */
    @Provide
    Arbitrary<Built> atrs() {
        Arbitrary<Integer> groups = Arbitraries.integers().between(1, 4);
        Arbitrary<int[]> presence = Arbitraries.integers().between(0, 7).array(int[].class).ofSize(4);
        Arbitrary<int[]> protocols = Arbitraries.integers().between(0, 15).array(int[].class).ofSize(3);
        Arbitrary<byte[]> historical = Arbitraries.bytes().array(byte[].class).ofMaxSize(15);
        Arbitrary<byte[]> interfaceValues = Arbitraries.bytes().array(byte[].class).ofSize(12);
        Arbitrary<Boolean> inverse = Arbitraries.of(true, false);
        return Combinators.combine(groups, presence, protocols, historical, interfaceValues, inverse)
                .as(AtrPropertyTest::build).filter(b -> b.bytes().length <= 33);
    }

    private static Built build(int groups, int[] presence, int[] protocols, byte[] historical, byte[] values,
            boolean inverse) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(inverse ? 0x3F : 0x3B);
        boolean tck = false;
        int value = 0;
        // Y1 lives in T0, Y(i+1) in TD(i); bit 4 of Y (TD present) is set for every group but the last.
        int y = presence[0] | (groups > 1 ? 8 : 0);
        out.write((y << 4) | historical.length);
        for (int group = 1; group <= groups; group++) {
            for (int kind = 0; kind < 3; kind++) {
                if ((y & (1 << kind)) != 0) {
                    out.write(values[value++ % values.length]);
                }
            }
            if ((y & 8) != 0) {
                int t = protocols[group - 1];
                tck |= t != 0;
                int next = presence[group] | (group + 1 < groups ? 8 : 0);
                out.write((next << 4) | t);
                y = next;
            }
        }
        out.writeBytes(historical);
        if (tck) {
            byte[] soFar = out.toByteArray();
            int xor = 0;
            for (int i = 1; i < soFar.length; i++) {
                xor ^= soFar[i];
            }
            out.write(xor);
        }
        return new Built(out.toByteArray(), historical, tck);
    }
}

package org.cardmanage.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

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
 * Property-based tests of {@link CommandApdu}: any bytes either decode into a command that encodes back to exactly
 * those bytes, or are rejected with a message that says what was wrong; any valid parts make a command that decodes
 * back to the same parts.
 */
class CommandApduPropertyTest {
    private static final List<String> DECODE_VOCABULARY =
            List.of("APDU", "Lc", "Le", "CLA", "extended", "P3", "trailing");

    @Property(tries = 20_000)
    void anyBytesDecodeToTheSameBytesOrAreRejectedSayingWhy(@ForAll @Size(max = 300) byte[] bytes) {
        Throwable thrown = catchThrowable(() -> {
            CommandApdu command = CommandApdu.parse(bytes);
            assertThat(command.bytes()).isEqualTo(bytes);
            assertThat(command.length()).isEqualTo(bytes.length);
        });
        if (thrown instanceof AssertionError failed) {
            throw failed;
        }
        if (thrown != null) {
            Rejections.assertSaysWhatWasWrong(thrown, DECODE_VOCABULARY);
        }
    }

    @Property(tries = 5_000)
    void headerWithRandomLengthFieldsDecodesConsistentlyOrIsRejected(@ForAll("lengthFieldApdus") byte[] bytes) {
        Throwable thrown = catchThrowable(() -> {
            CommandApdu command = CommandApdu.parse(bytes);
            int expectedLength = 4 + (command.nc() > 0 ? (command.isExtended() ? 3 : 1) + command.nc() : 0)
                    + (command.ne() > 0 ? (command.isExtended() ? (command.nc() > 0 ? 2 : 3) : 1) : 0);
            assertThat(expectedLength).as("Nc and Ne account for every byte of " + command).isEqualTo(bytes.length);
        });
        if (thrown instanceof AssertionError failed) {
            throw failed;
        }
        if (thrown != null) {
            Rejections.assertSaysWhatWasWrong(thrown, DECODE_VOCABULARY);
        }
    }

    @Property(tries = 5_000)
    void validPartsMakeACommandThatDecodesBackToThem(
            @ForAll @IntRange(max = 254) int cla, @ForAll @IntRange(max = 255) int ins,
            @ForAll @IntRange(max = 255) int p1, @ForAll @IntRange(max = 255) int p2,
            @ForAll @Size(max = 600) byte[] data, @ForAll @IntRange(max = 65536) int ne) {
        CommandApdu command = new CommandApdu(cla, ins, p1, p2, data, ne);

        CommandApdu decoded = CommandApdu.parse(command.bytes());

        assertThat(decoded).isEqualTo(command);
        assertThat(List.of(decoded.cla(), decoded.ins(), decoded.p1(), decoded.p2(), decoded.nc(), decoded.ne()))
                .containsExactly(cla, ins, p1, p2, data.length, ne);
        assertThat(decoded.data()).isEqualTo(data);
        assertThat(decoded.isExtended()).isEqualTo(data.length > 255 || ne > 256);
        assertThat(decoded.apduCase()).isEqualTo(data.length == 0 ? (ne == 0 ? 1 : 2) : (ne == 0 ? 3 : 4));
    }

    @Property(tries = 2_000)
    void outOfRangePartsAreRejectedNamingThePart(@ForAll("outOfRangeByte") int bad, @ForAll @IntRange(max = 3) int at) {
        int[] parts = {0x00, 0xA4, 0x00, 0x0C};
        parts[at] = bad;

        Throwable thrown = catchThrowable(() -> new CommandApdu(parts[0], parts[1], parts[2], parts[3]));

        Rejections.assertSaysWhatWasWrong(thrown, List.of(new String[] {"CLA", "INS", "P1", "P2"}[at]));
    }

    @Property(tries = 2_000)
    void outOfRangeNeIsRejectedNamingLe(@ForAll("outOfRangeNe") int ne) {
        Rejections.assertSaysWhatWasWrong(catchThrowable(() -> new CommandApdu(0, 0xB0, 0, 0, ne)), List.of("Le"));
    }

    @Property(tries = 5_000)
    void anyTextParsesAsHexOrIsRejectedSayingWhy(@ForAll("hexishText") String text) {
        Throwable thrown = catchThrowable(() -> CommandApdu.parseHex(text));
        if (thrown != null) {
            Rejections.assertSaysWhatWasWrong(thrown, DECODE_VOCABULARY);
        }
    }

    @Property(tries = 2_000)
    void theCallersArrayIsCopiedNotKept(@ForAll @Size(min = 4, max = 40) byte[] bytes) {
        bytes[0] = 0x00;
        CommandApdu command;
        try {
            command = CommandApdu.parse(bytes);
        } catch (IllegalArgumentException rejected) {
            return;
        }
        byte[] before = command.bytes();
        Arrays.fill(bytes, (byte) 0x55);
        command.bytes()[0] = 0x7F;

        assertThat(command.bytes()).isEqualTo(before);
    }

    @Provide
    Arbitrary<byte[]> lengthFieldApdus() {
        // A valid header, then a length byte or an extended length, then a random tail: the length fields are where
        // decoders go wrong.
        Arbitrary<byte[]> header = Arbitraries.bytes().array(byte[].class).ofSize(4).map(h -> {
            h[0] = h[0] == (byte) 0xFF ? 0 : h[0];
            return h;
        });
        Arbitrary<byte[]> lengths = Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofSize(1),
                Arbitraries.integers().between(0, 0xFFFF).map(l -> new byte[] {0, (byte) (l >> 8), l.byteValue()}));
        Arbitrary<byte[]> tail = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        return Combinators.combine(header, lengths, tail).as((h, l, t) -> {
            byte[] all = Arrays.copyOf(h, h.length + l.length + t.length);
            System.arraycopy(l, 0, all, h.length, l.length);
            System.arraycopy(t, 0, all, h.length + l.length, t.length);
            return all;
        });
    }

    @Provide
    Arbitrary<Integer> outOfRangeByte() {
        return Arbitraries.oneOf(Arbitraries.integers().between(Integer.MIN_VALUE, -1),
                Arbitraries.integers().between(256, Integer.MAX_VALUE));
    }

    @Provide
    Arbitrary<Integer> outOfRangeNe() {
        return Arbitraries.oneOf(Arbitraries.integers().between(Integer.MIN_VALUE, -1),
                Arbitraries.integers().between(65537, Integer.MAX_VALUE));
    }

    @Provide
    Arbitrary<String> hexishText() {
        return Arbitraries.strings().withChars("0123456789abcdefABCDEF :\tgxZ-\u00e9").ofMaxLength(60);
    }
}

package org.cardmanage.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CommandApduTest {

    private static final HexFormat HEX = HexFormat.ofDelimiter(" ").withUpperCase();

    private static byte[] hex(String spaced) {
        return HEX.parseHex(spaced);
    }

    private static byte[] filled(int length) {
        byte[] data = new byte[length];
        for (int i = 0; i < length; i++) {
            data[i] = (byte) (i * 7 + 1);
        }
        return data;
    }

    // ---- encoding ----

    @Test
    void encodesCase1AsHeaderOnly() {
        assertThat(new CommandApdu(0x00, 0x70, 0x80, 0x01).bytes()).isEqualTo(hex("00 70 80 01"));
    }

    @Test
    void encodesCase2ShortWithOneByteLe() {
        assertThat(new CommandApdu(0x00, 0xB0, 0x00, 0x00, 0x10).bytes()).isEqualTo(hex("00 B0 00 00 10"));
    }

    @Test
    void encodesNe256AsShortLe00() {
        assertThat(new CommandApdu(0x00, 0xB0, 0x00, 0x00, 256).bytes()).isEqualTo(hex("00 B0 00 00 00"));
    }

    @Test
    void encodesCase3ShortWithOneByteLc() {
        CommandApdu apdu = new CommandApdu(0x00, 0xA4, 0x00, 0x0C, hex("3F 00"));
        assertThat(apdu.bytes()).isEqualTo(hex("00 A4 00 0C 02 3F 00"));
    }

    @Test
    void encodesCase4ShortWithLcDataAndLe() {
        CommandApdu apdu = new CommandApdu(0x00, 0xA4, 0x04, 0x00, hex("A0 00 00 00 03 10 10"), 256);
        assertThat(apdu.bytes()).isEqualTo(hex("00 A4 04 00 07 A0 00 00 00 03 10 10 00"));
    }

    @Test
    void encodesCase2ExtendedWhenNeExceeds256() {
        CommandApdu apdu = new CommandApdu(0x00, 0xB0, 0x00, 0x00, 257);
        assertThat(apdu.bytes()).isEqualTo(hex("00 B0 00 00 00 01 01"));
        assertThat(apdu.isExtended()).isTrue();
    }

    @Test
    void encodesNe65536AsExtendedLe0000InCase2() {
        assertThat(new CommandApdu(0x00, 0xB0, 0x00, 0x00, 65536).bytes()).isEqualTo(hex("00 B0 00 00 00 00 00"));
    }

    @Test
    void encodesNe65536AsTwoZeroBytesAfterDataInCase4() {
        CommandApdu apdu = new CommandApdu(0x80, 0xCA, 0x00, 0x00, hex("01"), 65536);
        assertThat(apdu.bytes()).isEqualTo(hex("80 CA 00 00 00 00 01 01 00 00"));
    }

    @Test
    void encodesCase3ExtendedWhenNcExceeds255() {
        byte[] data = filled(256);
        CommandApdu apdu = new CommandApdu(0x00, 0xD6, 0x00, 0x00, data);
        byte[] bytes = apdu.bytes();
        assertThat(Arrays.copyOf(bytes, 7)).isEqualTo(hex("00 D6 00 00 00 01 00"));
        assertThat(Arrays.copyOfRange(bytes, 7, bytes.length)).isEqualTo(data);
        assertThat(apdu.isExtended()).isTrue();
    }

    @Test
    void encodesCase4ExtendedWithTwoByteLeWhenEitherLengthIsLarge() {
        CommandApdu apdu = new CommandApdu(0x00, 0x2A, 0x9E, 0x9A, hex("11 22"), 300);
        assertThat(apdu.bytes()).isEqualTo(hex("00 2A 9E 9A 00 00 02 11 22 01 2C"));
    }

    @Test
    void keepsShortFormAtTheShortLimits() {
        CommandApdu apdu = new CommandApdu(0x00, 0xD6, 0x00, 0x00, filled(255), 256);
        assertThat(apdu.isExtended()).isFalse();
        assertThat(apdu.length()).isEqualTo(4 + 1 + 255 + 1);
    }

    @Test
    void encodesTheLargestCommand() {
        CommandApdu apdu = new CommandApdu(0x00, 0xD6, 0x00, 0x00, filled(65535), 65536);
        assertThat(apdu.length()).isEqualTo(65544);
        assertThat(apdu.nc()).isEqualTo(65535);
        assertThat(apdu.ne()).isEqualTo(65536);
        assertThat(CommandApdu.parse(apdu.bytes())).isEqualTo(apdu);
    }

    @Test
    void treatsEmptyDataAsNoData() {
        CommandApdu apdu = new CommandApdu(0x00, 0x70, 0x00, 0x00, new byte[0]);
        assertThat(apdu.apduCase()).isEqualTo(1);
        assertThat(apdu.bytes()).isEqualTo(hex("00 70 00 00"));
    }

    @Test
    void treatsEmptyDataWithNeAsCase2() {
        CommandApdu apdu = new CommandApdu(0x00, 0xC0, 0x00, 0x00, new byte[0], 0x20);
        assertThat(apdu.apduCase()).isEqualTo(2);
        assertThat(apdu.bytes()).isEqualTo(hex("00 C0 00 00 20"));
    }

    @Test
    void treatsNeZeroAsNoLeField() {
        assertThat(new CommandApdu(0x00, 0x70, 0x00, 0x00, 0).bytes()).isEqualTo(hex("00 70 00 00"));
        assertThat(new CommandApdu(0x00, 0xA4, 0x00, 0x0C, hex("3F 00"), 0).apduCase()).isEqualTo(3);
    }

    @Test
    void takesDataFromAnArrayRange() {
        CommandApdu apdu = new CommandApdu(0x00, 0xA4, 0x00, 0x0C, hex("FF 3F 00 FF"), 1, 2, 0);
        assertThat(apdu.bytes()).isEqualTo(hex("00 A4 00 0C 02 3F 00"));
    }

    @Test
    void extendedFactoryForcesExtendedFormForSmallValues() {
        CommandApdu apdu = CommandApdu.extended(0x00, 0xA4, 0x04, 0x00, hex("A0 00"), 0x10);
        assertThat(apdu.bytes()).isEqualTo(hex("00 A4 04 00 00 00 02 A0 00 00 10"));
        assertThat(apdu.isExtended()).isTrue();
    }

    @Test
    void extendedFactoryEncodesCase2WithThreeByteLe() {
        assertThat(CommandApdu.extended(0x00, 0xB0, 0x00, 0x00, new byte[0], 256).bytes())
                .isEqualTo(hex("00 B0 00 00 00 01 00"));
    }

    @Test
    void extendedFactoryLeavesCase1AsHeaderOnly() {
        CommandApdu apdu = CommandApdu.extended(0x00, 0x70, 0x00, 0x00, new byte[0], 0);
        assertThat(apdu.bytes()).isEqualTo(hex("00 70 00 00"));
        assertThat(apdu.isExtended()).isFalse();
    }

    // ---- decoding ----

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "00 70 80 01,                               1, 0, 0,     false",
        "00 B0 00 00 10,                            2, 0, 16,    false",
        "00 B0 00 00 00,                            2, 0, 256,   false",
        "00 A4 00 0C 02 3F 00,                      3, 2, 0,     false",
        "00 A4 04 00 02 A0 00 00,                   4, 2, 256,   false",
        "00 A4 04 00 02 A0 00 FF,                   4, 2, 255,   false",
        "00 B0 00 00 00 01 2C,                      2, 0, 300,   true",
        "00 B0 00 00 00 00 00,                      2, 0, 65536, true",
        "00 B0 00 00 00 00 05,                      2, 0, 5,     true",
        "00 D6 00 00 00 00 02 11 22,                3, 2, 0,     true",
        "00 2A 9E 9A 00 00 02 11 22 01 2C,          4, 2, 300,   true",
        "00 2A 9E 9A 00 00 02 11 22 00 00,          4, 2, 65536, true",
        "00 2A 9E 9A 00 00 02 11 22 00 01,          4, 2, 1,     true",
    })
    void decodesEveryEncodingAndRoundTripsExactly(String encoding, int apduCase, int nc, int ne, boolean extended) {
        byte[] bytes = hex(encoding.trim());
        CommandApdu apdu = CommandApdu.parse(bytes);
        assertThat(apdu.apduCase()).isEqualTo(apduCase);
        assertThat(apdu.nc()).isEqualTo(nc);
        assertThat(apdu.ne()).isEqualTo(ne);
        assertThat(apdu.isExtended()).isEqualTo(extended);
        assertThat(apdu.bytes()).isEqualTo(bytes);
        assertThat(apdu.length()).isEqualTo(bytes.length);
    }

    @ParameterizedTest(name = "Nc {0}")
    @ValueSource(ints = {255, 256, 65535})
    void roundTripsExtendedCase3WithLargeData(int nc) {
        byte[] bytes = CommandApdu.extended(0x00, 0xD6, 0x00, 0x00, filled(nc), 0).bytes();
        CommandApdu apdu = CommandApdu.parse(bytes);
        assertThat(apdu.bytes()).isEqualTo(bytes);
        assertThat(apdu.data()).isEqualTo(filled(nc));
    }

    static Stream<Arguments> lengthCombinations() {
        int[] ncs = {0, 1, 255, 256, 65535};
        int[] nes = {0, 1, 255, 256, 257, 65535, 65536};
        return IntStream.of(ncs).boxed().flatMap(nc -> IntStream.of(nes).boxed()
                .flatMap(ne -> Stream.of(Arguments.of(nc, ne, false), Arguments.of(nc, ne, true))));
    }

    @ParameterizedTest(name = "Nc {0} Ne {1} forced extended {2}")
    @MethodSource("lengthCombinations")
    void roundTripsEveryCombinationOfDataLengthAndNe(int nc, int ne, boolean forceExtended) {
        byte[] data = filled(nc);
        CommandApdu built = forceExtended
                ? CommandApdu.extended(0x00, 0xD6, 0x01, 0x02, data, ne)
                : new CommandApdu(0x00, 0xD6, 0x01, 0x02, data, ne);
        CommandApdu parsed = CommandApdu.parse(built.bytes());
        assertThat(parsed).isEqualTo(built);
        assertThat(parsed.bytes()).isEqualTo(built.bytes());
        assertThat(parsed.nc()).isEqualTo(nc);
        assertThat(parsed.ne()).isEqualTo(ne);
        assertThat(parsed.data()).isEqualTo(data);
        assertThat(parsed.isExtended()).isEqualTo((nc > 0 || ne > 0) && (forceExtended || nc > 255 || ne > 256));
    }

    @Test
    void eitherDecodesAndRoundTripsOrRejectsWithIllegalArgumentForArbitraryBytes() {
        Random random = new Random(7816);
        for (int i = 0; i < 50_000; i++) {
            byte[] bytes = new byte[random.nextInt(16)];
            random.nextBytes(bytes);
            // Small length fields make well-formed APDUs frequent enough to exercise both outcomes.
            if (bytes.length > 4) {
                bytes[4] = (byte) random.nextInt(4);
            }
            if (bytes.length > 6 && bytes[4] == 0) {
                bytes[5] = 0;
                bytes[6] = (byte) random.nextInt(10);
            }
            try {
                assertThat(CommandApdu.parse(bytes).bytes()).isEqualTo(bytes);
            } catch (IllegalArgumentException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
    }

    @Test
    void decodesViaTheByteArrayConstructorLikeParse() {
        byte[] bytes = hex("00 A4 04 00 02 A0 00 00");
        assertThat(new CommandApdu(bytes)).isEqualTo(CommandApdu.parse(bytes));
    }

    @Test
    void decodesTheDataField() {
        assertThat(CommandApdu.parse(hex("00 2A 9E 9A 00 00 02 11 22 01 2C")).data()).isEqualTo(hex("11 22"));
    }

    @Test
    void parsesHexWithSpacesColonsAndLowerCase() {
        assertThat(CommandApdu.parseHex("00a4:04:00 02 a0 00\n00").bytes()).isEqualTo(hex("00 A4 04 00 02 A0 00 00"));
    }

    @Test
    void rejectsNullApdu() {
        assertThatThrownBy(() -> CommandApdu.parse(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("APDU is null");
    }

    @Test
    void rejectsApduShorterThanFourBytes() {
        assertThatThrownBy(() -> CommandApdu.parse(hex("00 A4 04")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("APDU truncated: 3 bytes, a command needs at least 4 (CLA INS P1 P2)");
    }

    @Test
    void rejectsLcThatDoesNotMatchData() {
        assertThatThrownBy(() -> CommandApdu.parse(hex("00 D6 00 00 05 01 02 03 04")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("Lc is 5 but 4 data bytes follow");
    }

    @Test
    void rejectsTrailingBytesAfterShortLe() {
        assertThatThrownBy(() -> CommandApdu.parse(hex("00 D6 00 00 02 01 02 00 00 00")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Lc is 2 but 5 bytes follow: expected 2 (data) or 3 (data and Le), 2 trailing");
    }

    @Test
    void rejectsShortLcOfZeroFollowedByOneByte() {
        assertThatThrownBy(() -> CommandApdu.parse(hex("00 B0 00 00 00 01")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("APDU of 6 bytes has P3 = 00 followed by 1 byte: a short Lc must be 1..255 and an "
                        + "extended length (00 xx yy) needs 7 bytes");
    }

    @Test
    void rejectsExtendedLcOfZeroFollowedByData() {
        assertThatThrownBy(() -> CommandApdu.parse(hex("00 D6 00 00 00 00 00 01 02")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("extended Lc is 0 (00 00 00) but 2 bytes follow: an extended Lc must be 1..65535");
    }

    @Test
    void rejectsExtendedLcThatDoesNotMatchData() {
        assertThatThrownBy(() -> CommandApdu.parse(hex("00 D6 00 00 00 01 00 01 02 03")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("extended Lc is 256 but 3 data bytes follow");
    }

    @Test
    void rejectsThreeByteLeAfterExtendedData() {
        assertThatThrownBy(() -> CommandApdu.parse(hex("00 2A 9E 9A 00 00 02 11 22 00 01 00")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("extended Le after 2 data bytes is 3 bytes (00 xx yy): in case 4E Le is 2 bytes, "
                        + "the leading 00 is sent once before Lc");
    }

    @Test
    void rejectsOneByteLeAfterExtendedLc() {
        assertThatThrownBy(() -> CommandApdu.parse(hex("00 2A 9E 9A 00 00 02 11 22 10")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("extended Lc is 2 but 3 bytes follow: a 1-byte Le cannot follow an extended Lc, "
                        + "expected 2 (data) or 4 (data and 2-byte Le)");
    }

    @Test
    void rejectsTrailingBytesAfterExtendedLe() {
        assertThatThrownBy(() -> CommandApdu.parse(hex("00 2A 9E 9A 00 00 02 11 22 01 00 AA AA AA")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("extended Lc is 2 but 7 bytes follow: expected 2 (data) or 4 (data and 2-byte Le), "
                        + "3 trailing");
    }

    @Test
    void rejectsClaFfWhenParsing() {
        assertThatThrownBy(() -> CommandApdu.parse(hex("FF 00 00 00")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("CLA FF is invalid (reserved for PPS)");
    }

    @Test
    void rejectsMalformedHex() {
        assertThatThrownBy(() -> CommandApdu.parseHex("00 A4 0x 00"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("command APDU hex string has invalid character 'x' at index 7: expected hex digits "
                        + "separated by spaces or colons");
    }

    @Test
    void rejectsHexDigitSplitBySeparator() {
        assertThatThrownBy(() -> CommandApdu.parseHex("00 A 4 04 00"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("command APDU hex string has an unpaired hex digit 'A' at index 3: every byte needs two "
                        + "digits");
    }

    @Test
    void rejectsOddNumberOfHexDigits() {
        assertThatThrownBy(() -> CommandApdu.parseHex("00A40"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("command APDU hex string has an unpaired hex digit '0' at index 4: every byte needs two "
                        + "digits");
    }

    @Test
    void rejectsNullHex() {
        assertThatThrownBy(() -> CommandApdu.parseHex(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("command APDU hex string is null");
    }

    // ---- construction checks ----

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({"CLA, -1", "CLA, 256", "INS, -1", "INS, 256", "P1, -1", "P1, 300", "P2, -5", "P2, 256"})
    void rejectsHeaderByteOutOfRange(String name, int value) {
        int[] header = {0, 0xA4, 0, 0};
        header[java.util.List.of("CLA", "INS", "P1", "P2").indexOf(name)] = value;
        assertThatThrownBy(() -> new CommandApdu(header[0], header[1], header[2], header[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(name + " " + value + " out of range 0..255");
    }

    @Test
    void rejectsClaFfWhenConstructing() {
        assertThatThrownBy(() -> new CommandApdu(0xFF, 0xA4, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("CLA FF is invalid (reserved for PPS)");
    }

    @ParameterizedTest(name = "Ne {0}")
    @ValueSource(ints = {-1, 65537, 70000, Integer.MAX_VALUE})
    void rejectsNeOutOfRange(int ne) {
        assertThatThrownBy(() -> new CommandApdu(0x00, 0xB0, 0, 0, ne))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("Le " + ne + " out of range 0..65536");
    }

    @Test
    void rejectsNullData() {
        assertThatThrownBy(() -> new CommandApdu(0x00, 0xD6, 0, 0, (byte[]) null, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("command data is null");
    }

    @Test
    void rejectsNullDataInTheCase3Constructor() {
        assertThatThrownBy(() -> new CommandApdu(0x00, 0xD6, 0, 0, (byte[]) null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("command data is null");
    }

    @Test
    void rejectsNullDataInTheExtendedFactory() {
        assertThatThrownBy(() -> CommandApdu.extended(0x00, 0xD6, 0, 0, null, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("command data is null");
    }

    @Test
    void rejectsDataLongerThan65535Bytes() {
        assertThatThrownBy(() -> new CommandApdu(0x00, 0xD6, 0, 0, new byte[65536]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("command data is 65536 bytes, at most 65535 allowed");
    }

    @ParameterizedTest(name = "offset {0} length {1}")
    @CsvSource({"-1, 2", "0, -1", "3, 2", "5, 0", "1, 2147483647"})
    void rejectsDataRangeOutsideTheArray(int offset, int length) {
        assertThatThrownBy(() -> new CommandApdu(0x00, 0xD6, 0, 0, new byte[4], offset, length, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("command data range offset " + offset + " length " + length
                        + " is outside the 4-byte array");
    }

    // ---- accessors ----

    @Test
    void returnsHeaderBytesAsUnsignedInts() {
        CommandApdu apdu = new CommandApdu(0x84, 0xCA, 0x9F, 0xFE);
        assertThat(new int[] {apdu.cla(), apdu.ins(), apdu.p1(), apdu.p2()})
                .containsExactly(0x84, 0xCA, 0x9F, 0xFE);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "00 70 00 00,                1",
        "00 B0 00 00 10,             2",
        "00 D6 00 00 01 AA,          3",
        "00 A4 04 00 01 AA 00,       4",
        "00 B0 00 00 00 01 00,       2",
        "00 D6 00 00 00 00 01 AA,    3",
        "00 A4 04 00 00 00 01 AA 00 10, 4",
    })
    void reportsTheIsoCase(String encoding, int apduCase) {
        assertThat(CommandApdu.parseHex(encoding).apduCase()).isEqualTo(apduCase);
    }

    @Test
    void returnsEmptyDataWhenThereIsNone() {
        assertThat(new CommandApdu(0x00, 0xB0, 0, 0, 16).data()).isEmpty();
    }

    @Test
    void copiesDataOnTheWayIn() {
        byte[] data = hex("3F 00");
        CommandApdu apdu = new CommandApdu(0x00, 0xA4, 0x00, 0x0C, data);
        data[0] = 0;
        assertThat(apdu.data()).isEqualTo(hex("3F 00"));
    }

    @Test
    void copiesTheEncodingOnTheWayIn() {
        byte[] bytes = hex("00 A4 00 0C 02 3F 00");
        CommandApdu apdu = CommandApdu.parse(bytes);
        bytes[5] = 0;
        assertThat(apdu.data()).isEqualTo(hex("3F 00"));
    }

    @Test
    void returnsCopiesOfDataAndEncoding() {
        CommandApdu apdu = CommandApdu.parseHex("00 A4 00 0C 02 3F 00");
        apdu.data()[0] = 0;
        apdu.bytes()[0] = 0x7F;
        assertThat(apdu.bytes()).isEqualTo(hex("00 A4 00 0C 02 3F 00"));
    }

    // ---- withNe ----

    @Test
    void withNeAddsLeToACaseOneCommand() {
        CommandApdu apdu = new CommandApdu(0x00, 0x84, 0x00, 0x00).withNe(8);
        assertThat(apdu.bytes()).isEqualTo(hex("00 84 00 00 08"));
        assertThat(apdu.apduCase()).isEqualTo(2);
    }

    @Test
    void withNeReplacesOnlyNe() {
        CommandApdu apdu = new CommandApdu(0x00, 0xB0, 0x00, 0x04, 0x20).withNe(0x12);
        assertThat(apdu.bytes()).isEqualTo(hex("00 B0 00 04 12"));
    }

    @Test
    void withNeKeepsTheData() {
        CommandApdu apdu = new CommandApdu(0x00, 0xA4, 0x04, 0x00, hex("A0 00 00"), 256).withNe(0x15);
        assertThat(apdu.bytes()).isEqualTo(hex("00 A4 04 00 03 A0 00 00 15"));
    }

    @Test
    void withNeChoosesTheShortFormAgain() {
        CommandApdu apdu = CommandApdu.parseHex("00 A4 04 00 00 00 02 A0 00 00 10").withNe(0x20);
        assertThat(apdu.bytes()).isEqualTo(hex("00 A4 04 00 02 A0 00 20"));
    }

    @Test
    void withNeSwitchesToExtendedWhenNeExceeds256() {
        CommandApdu apdu = new CommandApdu(0x00, 0xA4, 0x04, 0x00, hex("A0"), 0x10).withNe(1000);
        assertThat(apdu.bytes()).isEqualTo(hex("00 A4 04 00 00 00 01 A0 03 E8"));
    }

    @Test
    void withNeZeroRemovesTheLeField() {
        assertThat(new CommandApdu(0x00, 0xA4, 0x04, 0x00, hex("A0"), 0x10).withNe(0).bytes())
                .isEqualTo(hex("00 A4 04 00 01 A0"));
    }

    @Test
    void withNeRejectsOutOfRange() {
        CommandApdu apdu = new CommandApdu(0x00, 0xB0, 0, 0, 1);
        assertThatThrownBy(() -> apdu.withNe(70000))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("Le 70000 out of range 0..65536");
    }

    // ---- class byte ----

    @ParameterizedTest(name = "CLA {0} -> channel {1}")
    @CsvSource({
        "0x00, 0", "0x01, 1", "0x03, 3", "0x0C, 0", "0x0F, 3", "0x13, 3",
        "0x40, 4", "0x41, 5", "0x4F, 19", "0x60, 4", "0x7F, 19",
        "0x20, 0", "0x80, 0", "0x83, 0", "0xFE, 0",
    })
    void derivesTheLogicalChannelFromCla(String cla, int channel) {
        assertThat(new CommandApdu(Integer.decode(cla), 0xA4, 0, 0).logicalChannel()).isEqualTo(channel);
    }

    @ParameterizedTest(name = "CLA {0} -> {1}")
    @CsvSource({"0x00, false", "0x7F, false", "0x80, true", "0x84, true", "0xFE, true"})
    void flagsProprietaryClassByBit8(String cla, boolean proprietary) {
        assertThat(new CommandApdu(Integer.decode(cla), 0xCA, 0, 0).isProprietaryClass()).isEqualTo(proprietary);
    }

    // ---- value semantics ----

    @Test
    void isEqualByEncoding() {
        CommandApdu a = new CommandApdu(0x00, 0xA4, 0x04, 0x00, hex("A0 00"), 256);
        CommandApdu b = CommandApdu.parseHex("00 A4 04 00 02 A0 00 00");
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    }

    @Test
    void distinguishesShortAndExtendedEncodingsOfTheSameValues() {
        CommandApdu shortForm = new CommandApdu(0x00, 0xB0, 0x00, 0x00, 0x10);
        CommandApdu extendedForm = CommandApdu.extended(0x00, 0xB0, 0x00, 0x00, new byte[0], 0x10);
        assertThat(shortForm).isNotEqualTo(extendedForm);
        assertThat(shortForm.ne()).isEqualTo(extendedForm.ne());
    }

    @Test
    void printsTheEncodingAsUppercaseSpacedHex() {
        assertThat(new CommandApdu(0x00, 0xA4, 0x04, 0x00, hex("A0 00 00 00 03 10 10 0A"), 256))
                .hasToString("00 A4 04 00 08 A0 00 00 00 03 10 10 0A 00");
    }
}

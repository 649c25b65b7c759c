package org.cardmanage.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ResponseApduTest {

    private static final HexFormat HEX = HexFormat.ofDelimiter(" ").withUpperCase();

    private static byte[] hex(String spaced) {
        return HEX.parseHex(spaced);
    }

    private static ResponseApdu sw(int sw) {
        return ResponseApdu.of(new byte[0], sw);
    }

    // ---- construction ----

    @Test
    void splitsDataAndStatusWord() {
        ResponseApdu response = new ResponseApdu(hex("6F 03 84 01 AA 90 00"));
        assertThat(response.data()).isEqualTo(hex("6F 03 84 01 AA"));
        assertThat(response.dataLength()).isEqualTo(5);
        assertThat(response.sw()).isEqualTo(0x9000);
        assertThat(response.sw1()).isEqualTo(0x90);
        assertThat(response.sw2()).isEqualTo(0x00);
    }

    @Test
    void acceptsAStatusWordWithoutData() {
        ResponseApdu response = new ResponseApdu(hex("6A 82"));
        assertThat(response.data()).isEmpty();
        assertThat(response.sw()).isEqualTo(0x6A82);
    }

    @Test
    void acceptsMoreDataThanOneExtendedResponseCarries() {
        // GET RESPONSE chains may be joined into one value.
        ResponseApdu response = ResponseApdu.of(new byte[70000], 0x9000);
        assertThat(response.dataLength()).isEqualTo(70000);
    }

    @Test
    void buildsFromDataAndStatusWord() {
        assertThat(ResponseApdu.of(hex("01 02"), 0x6310).bytes()).isEqualTo(hex("01 02 63 10"));
    }

    @Test
    void parsesHexWithSpacesColonsAndLowerCase() {
        assertThat(ResponseApdu.parseHex("01:02 90\t00").bytes()).isEqualTo(hex("01 02 90 00"));
        assertThat(ResponseApdu.parseHex("6a82").sw()).isEqualTo(0x6A82);
    }

    @Test
    void rejectsNullBytes() {
        assertThatThrownBy(() -> new ResponseApdu(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("response APDU is null");
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1})
    void rejectsFewerThanTwoBytes(int length) {
        assertThatThrownBy(() -> new ResponseApdu(new byte[length]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("response APDU truncated: " + (length == 1 ? "1 byte" : length + " bytes")
                        + ", a response needs at least 2 (SW1 SW2)");
    }

    @Test
    void rejectsHexOfFewerThanTwoBytes() {
        assertThatThrownBy(() -> ResponseApdu.parseHex("90"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("response APDU truncated: 1 byte, a response needs at least 2 (SW1 SW2)");
    }

    @Test
    void rejectsMalformedHex() {
        assertThatThrownBy(() -> ResponseApdu.parseHex("90 0G"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("response APDU hex string has invalid character 'G' at index 4: expected hex digits "
                        + "separated by spaces or colons");
    }

    @Test
    void rejectsNullHex() {
        assertThatThrownBy(() -> ResponseApdu.parseHex(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("response APDU hex string is null");
    }

    @Test
    void rejectsNullData() {
        assertThatThrownBy(() -> ResponseApdu.of(null, 0x9000))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("response data is null");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"-1, -1", "65536, 0x10000", "1048575, 0xFFFFF"})
    void rejectsStatusWordOutOfRange(int sw, String shown) {
        assertThatThrownBy(() -> ResponseApdu.of(new byte[0], sw))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("status word " + shown + " out of range 0x0000..0xFFFF");
    }

    // ---- copies ----

    @Test
    void copiesBytesOnTheWayIn() {
        byte[] bytes = hex("01 90 00");
        ResponseApdu response = new ResponseApdu(bytes);
        bytes[0] = 0x55;
        bytes[1] = 0x6A;
        assertThat(response.bytes()).isEqualTo(hex("01 90 00"));
    }

    @Test
    void copiesDataOnTheWayIn() {
        byte[] data = hex("01 02");
        ResponseApdu response = ResponseApdu.of(data, 0x9000);
        data[0] = 0x55;
        assertThat(response.data()).isEqualTo(hex("01 02"));
    }

    @Test
    void returnsCopiesOfDataAndBytes() {
        ResponseApdu response = ResponseApdu.parseHex("01 02 90 00");
        response.data()[0] = 0x55;
        response.bytes()[2] = 0x6A;
        assertThat(response.bytes()).isEqualTo(hex("01 02 90 00"));
    }

    // ---- classification ----

    @ParameterizedTest(name = "{0}")
    @CsvSource({"9000, true", "9001, false", "6100, false", "6A82, false", "0090, false"})
    void reportsSuccessOnlyFor9000(String sw, boolean success) {
        assertThat(sw(Integer.parseInt(sw, 16)).isSuccess()).isEqualTo(success);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"9000, true", "6100, true", "61FF, true", "9001, false", "6282, false", "6C10, false"})
    void reportsNormalFor9000And61xx(String sw, boolean normal) {
        assertThat(sw(Integer.parseInt(sw, 16)).isNormal()).isEqualTo(normal);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"6200, true", "6282, true", "63C2, true", "6300, true", "6400, false", "9000, false",
        "6100, false"})
    void reportsWarningFor62xxAnd63xx(String sw, boolean warning) {
        assertThat(sw(Integer.parseInt(sw, 16)).isWarning()).isEqualTo(warning);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"6101, 1", "6110, 16", "61FF, 255", "6100, 256"})
    void reportsMoreDataLengthWith00Meaning256(String sw, int length) {
        ResponseApdu response = sw(Integer.parseInt(sw, 16));
        assertThat(response.hasMoreData()).isTrue();
        assertThat(response.moreDataLength()).isEqualTo(length);
    }

    @Test
    void refusesMoreDataLengthUnless61xx() {
        ResponseApdu response = sw(0x6C10);
        assertThat(response.hasMoreData()).isFalse();
        assertThatThrownBy(response::moreDataLength)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("status word 6C10 is not 61xx (more data available)");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"6C01, 1", "6C10, 16", "6CFF, 255", "6C00, 256"})
    void reportsCorrectLengthWith00Meaning256(String sw, int length) {
        ResponseApdu response = sw(Integer.parseInt(sw, 16));
        assertThat(response.isWrongLength()).isTrue();
        assertThat(response.correctLength()).isEqualTo(length);
    }

    @Test
    void refusesCorrectLengthUnless6Cxx() {
        ResponseApdu response = sw(0x6700);
        assertThat(response.isWrongLength()).isFalse();
        assertThatThrownBy(response::correctLength)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("status word 6700 is not 6Cxx (wrong length)");
    }

    // ---- status meanings ----

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "9000|OK",
        "6110|more data available: 16 bytes",
        "6101|more data available: 1 byte",
        "6100|more data available: 256 bytes",
        "6C08|wrong length: expected 8",
        "6C00|wrong length: expected 256",
        "63C3|verification failed: 3 retries left",
        "63C1|verification failed: 1 retry left",
        "63C0|verification failed: 0 retries left",
        "6983|authentication method blocked",
        "6A82|file not found",
        "6982|security status not satisfied",
        "6700|wrong length",
        "6D00|instruction not supported",
        "6E00|class not supported",
        "6A86|incorrect parameters P1-P2",
        "6B00|wrong parameters P1-P2",
        "6A83|record not found",
        "6A81|function not supported",
        "6985|conditions of use not satisfied",
        "6986|command not allowed: no current EF",
        "6A88|reference data not found",
        "6282|end of file reached before reading Le bytes",
        "6881|logical channel not supported",
        "6882|secure messaging not supported",
        "6F00|no information given",
        "6581|memory failure",
        "6A84|not enough memory space in the file",
        "6981|command incompatible with file structure",
        "6A80|incorrect parameters in the command data field",
        "6984|reference data not usable",
        "6884|command chaining not supported",
    })
    void explainsStatusWordsFromTheIsoTable(String sw, String meaning) {
        assertThat(ResponseApdu.statusMeaning(Integer.parseInt(sw, 16))).isEqualTo(meaning);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "6200|warning, state of non-volatile memory unchanged",
        "62F1|warning, state of non-volatile memory unchanged",
        "6300|warning, state of non-volatile memory changed",
        "6400|execution error",
        "6502|execution error, state of non-volatile memory changed",
        "6600|execution error, security related",
        "6701|checking error",
        "6800|functions in CLA not supported",
        "6999|command not allowed",
        "6A00|wrong parameters P1-P2",
        "6B01|checking error",
        "6D01|checking error",
        "6E12|checking error",
        "6F01|checking error",
        "9001|unknown status",
        "6000|unknown status",
        "0000|unknown status",
        "FFFF|unknown status",
    })
    void fallsBackToAMeaningBySw1(String sw, String meaning) {
        assertThat(ResponseApdu.statusMeaning(Integer.parseInt(sw, 16))).isEqualTo(meaning);
    }

    @Test
    void explainsItsOwnStatusWord() {
        assertThat(ResponseApdu.parseHex("6A 82").statusMeaning()).isEqualTo("file not found");
    }

    @Test
    void refusesToExplainAStatusWordOutOfRange() {
        assertThatThrownBy(() -> ResponseApdu.statusMeaning(0x19000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("status word 0x19000 out of range 0x0000..0xFFFF");
    }

    // ---- value semantics ----

    @Test
    void isEqualByBytes() {
        ResponseApdu a = ResponseApdu.of(hex("01 02"), 0x9000);
        ResponseApdu b = new ResponseApdu(hex("01 02 90 00"));
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(ResponseApdu.of(hex("01 02"), 0x9001));
    }

    @Test
    void printsDataThenStatusWordAsUppercaseSpacedHex() {
        assertThat(ResponseApdu.of(hex("6F 10 A5"), 0x9000)).hasToString("6F 10 A5 90 00");
    }
}

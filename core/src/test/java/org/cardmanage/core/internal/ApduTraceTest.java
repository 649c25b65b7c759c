package org.cardmanage.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.cardmanage.api.CommandApdu;
import org.cardmanage.api.ResponseApdu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApduTraceTest {
    /** A PIN, "1234" padded with FF, as VERIFY carries it. */
    private static final String PIN = "31 32 33 34 FF FF FF FF";

    @ParameterizedTest(name = "INS {0}")
    @ValueSource(strings = {"20", "21", "24", "2C"})
    void referenceDataIsRedacted(String ins) {
        CommandApdu command = CommandApdu.parseHex("00 " + ins + " 00 80 08 " + PIN);

        String text = ApduTrace.format(command);

        assertThat(text).doesNotContain("31 32 33 34").doesNotContain("FF FF")
                .contains("00 " + ins + " 00 80")
                .contains("8 bytes of reference data redacted");
    }

    @Test
    void verifyInAProprietaryClassIsRedactedToo() {
        assertThat(ApduTrace.format(CommandApdu.parseHex("80 20 00 01 08 " + PIN))).doesNotContain("31 32 33 34");
    }

    @Test
    void verifyOnALogicalChannelIsRedactedToo() {
        assertThat(ApduTrace.format(CommandApdu.parseHex("03 20 00 01 08 " + PIN))).doesNotContain("31 32 33 34");
    }

    @Test
    void redactedCommandKeepsItsLe() {
        String text = ApduTrace.format(CommandApdu.parseHex("00 24 00 80 08 " + PIN + " 10"));

        assertThat(text).doesNotContain("31 32 33 34").contains("Le=16");
    }

    @Test
    void verifyWithoutDataIsShownInFull() {
        // VERIFY without data asks for the retry counter: nothing to hide.
        assertThat(ApduTrace.format(CommandApdu.parseHex("00 20 00 80"))).isEqualTo("00 20 00 80");
    }

    @Test
    void otherCommandsAreShownInFull() {
        CommandApdu select = CommandApdu.parseHex("00 A4 04 00 02 A0 00 00");

        assertThat(ApduTrace.format(select)).isEqualTo("00 A4 04 00 02 A0 00 00");
        assertThat(ApduTrace.carriesSecret(select)).isFalse();
    }

    @Test
    void traceLineNamesReaderAndAttachmentAndHidesThePin() {
        String line = ApduTrace.line("Reader A", "a-7", CommandApdu.parseHex("00 20 00 80 08 " + PIN),
                ResponseApdu.parseHex("63 C2"), 12_000);

        assertThat(line).contains("Reader A").contains("a-7").contains("63 C2").contains("12 us")
                .doesNotContain("31 32 33 34");
    }
}

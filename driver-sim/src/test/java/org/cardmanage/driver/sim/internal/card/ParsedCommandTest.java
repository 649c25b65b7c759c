package org.cardmanage.driver.sim.internal.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cardmanage.driver.sim.internal.card.Apdus.hex;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParsedCommandTest {

    @Test
    void case1HasNeitherDataNorLe() {
        ParsedCommand c = ParsedCommand.parse(hex("00200081"));
        assertThat(c.hasData()).isFalse();
        assertThat(c.hasLe()).isFalse();
        assertThat(c.extended()).isFalse();
        assertThat(c.p2()).isEqualTo(0x81);
    }

    @Test
    void case2ShortLeZeroMeans256() {
        assertThat(ParsedCommand.parse(hex("00B0000000")).ne()).isEqualTo(256);
        assertThat(ParsedCommand.parse(hex("00B0000010")).ne()).isEqualTo(16);
    }

    @Test
    void case3ShortCarriesData() {
        ParsedCommand c = ParsedCommand.parse(hex("00A4000C023F00"));
        assertThat(hex(c.data())).isEqualTo("3F00");
        assertThat(c.hasLe()).isFalse();
    }

    @Test
    void case4ShortCarriesDataAndLe() {
        ParsedCommand c = ParsedCommand.parse(hex("00A40000023F0000"));
        assertThat(hex(c.data())).isEqualTo("3F00");
        assertThat(c.ne()).isEqualTo(256);
    }

    @Test
    void case2ExtendedLeZeroMeans65536() {
        ParsedCommand c = ParsedCommand.parse(hex("00B00000000000"));
        assertThat(c.extended()).isTrue();
        assertThat(c.ne()).isEqualTo(65536);
        assertThat(ParsedCommand.parse(hex("00B00000000102")).ne()).isEqualTo(0x102);
    }

    @Test
    void case3And4ExtendedCarryData() {
        ParsedCommand c3 = ParsedCommand.parse(hex("00A4000C0000023F00"));
        assertThat(c3.extended()).isTrue();
        assertThat(hex(c3.data())).isEqualTo("3F00");
        assertThat(c3.hasLe()).isFalse();
        ParsedCommand c4 = ParsedCommand.parse(hex("00A4000000 0002 3F00 0000".replace(" ", "")));
        assertThat(hex(c4.data())).isEqualTo("3F00");
        assertThat(c4.ne()).isEqualTo(65536);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "00", "00A4", "00A400", "00A4000C033F00", "00A4000C023F", "00B000000000",
            "00A4000C0000003F00", "00A4000C00000300", "00A4000C0000023F0000"})
    void malformedLengthsAreRejected(String apdu) {
        assertThat(ParsedCommand.parse(hex(apdu))).isNull();
    }
}

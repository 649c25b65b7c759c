package org.cardmanage.webconsole.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.cardmanage.api.Atr;
import org.junit.jupiter.api.Test;

class AtrViewTest {
    /** driver-sim's demo card: T=1, historical bytes "CMSIM-T1". */
    private static final Atr DEMO = Atr.parseHex("3B F8 13 00 00 81 31 FE 45 43 4D 53 49 4D 2D 54 31 F1");

    @Test
    void decodesProtocolsHistoricalBytesAndCheckByte() {
        Map<String, Object> view = AtrView.of(DEMO);

        assertThat(view).containsEntry("hex", "3B F8 13 00 00 81 31 FE 45 43 4D 53 49 4D 2D 54 31 F1")
                .containsEntry("convention", "direct")
                .containsEntry("protocols", List.of("T=1"))
                .containsEntry("historicalBytes", "43 4D 53 49 4D 2D 54 31")
                .containsEntry("historicalText", "CMSIM-T1")
                .containsEntry("tck", "F1");
    }

    @Test
    void listsTheInterfaceBytesByGroup() {
        assertThat(AtrView.interfaceBytes(DEMO)).isEqualTo("TA1=13 TB1=00 TC1=00 TD1=81 TD2=31 TA3=FE TB3=45");
    }

    @Test
    void aT0CardHasNoCheckByte() {
        Map<String, Object> view = AtrView.of(Atr.parseHex("3B 78 13 00 00 43 4D 53 49 4D 2D 54 30"));

        assertThat(view).containsEntry("protocols", List.of("T=0")).containsEntry("tck", null)
                .containsEntry("historicalText", "CMSIM-T0");
    }

    @Test
    void unprintableHistoricalBytesShowAsDots() {
        assertThat(AtrView.printable(new byte[] {0x41, 0x00, (byte) 0x80, 0x7A})).isEqualTo("A..z");
    }
}

package org.cardmanage.driver.sim.internal.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cardmanage.driver.sim.internal.card.Apdus.send;

import org.cardmanage.driver.sim.internal.card.Apdus.Resp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SimulatedCardSelectTest {

    private final SimulatedCard card = SimulatedCard.create(CardProfile.DEMO);

    /** Reads 2 bytes of the current EF; tells which EF is current by its content. */
    private String firstBytesOfCurrentEf() {
        Resp r = send(card, "00B0000002");
        return r.dataHex() + r.sw();
    }

    @Test
    void selectMfByFidWithoutResponseData() {
        Resp r = send(card, "00A4000C023F00");
        assertThat(r.sw()).isEqualTo("9000");
        assertThat(r.data()).isEmpty();
    }

    @Test
    void selectMfWithEmptyDataSelectsMf() {
        send(card, "00A4000C025000");
        assertThat(send(card, "00A4000000").dataHex()).contains("83023F00");
    }

    @Test
    void selectEfByFidReturnsFcpWithSizeDescriptorAndFid() {
        Resp r = send(card, "00A40000022F0100");
        assertThat(r.sw()).isEqualTo("9000");
        assertThat(r.dataHex()).isEqualTo("6211" + "80020258" + "820101" + "83022F01" + "880110" + "8A0105");
    }

    @Test
    void selectDfReturnsFcpWithDfName() {
        Resp r = send(card, "00A4000002500000");
        assertThat(r.sw()).isEqualTo("9000");
        assertThat(r.dataHex()).isEqualTo("6214" + "820138" + "83025000" + "8408" + SimulatedCard.DEMO_AID
                + "8A0105");
    }

    @Test
    void selectRecordFileFcpDescribesRecords() {
        Resp r = send(card, "00A4000402000100");
        assertThat(r.dataHex()).contains("80020030", "820502210010" + "03", "83020001");
    }

    @Test
    void selectByFidFindsSiblingOfCurrentDf() {
        send(card, "00A4000C025000");
        assertThat(send(card, "00A4000C022F01").sw()).isEqualTo("9000");
        assertThat(firstBytesOfCurrentEf()).isEqualTo("00019000");
    }

    @Test
    void selectChildDfAndEfUnderCurrentDf() {
        assertThat(send(card, "00A4010C025000").sw()).isEqualTo("9000");
        assertThat(send(card, "00A4020C025002").sw()).isEqualTo("9000");
        assertThat(firstBytesOfCurrentEf()).isEqualTo("63619000"); // "ca"
    }

    @Test
    void selectChildDfRejectsAnEfAndViceVersa() {
        assertThat(send(card, "00A4010C022F01").sw()).isEqualTo("6A82");
        assertThat(send(card, "00A4020C025000").sw()).isEqualTo("6A82");
    }

    @Test
    void selectParentGoesUpOneDf() {
        send(card, "00A4080C0450005002");
        assertThat(send(card, "00A4030C").sw()).isEqualTo("9000");
        assertThat(send(card, "00A4020C022F01").sw()).as("now in the MF").isEqualTo("9000");
        send(card, "00A4000C025000");
        Resp fcp = send(card, "00A4030000");
        assertThat(fcp.sw()).isEqualTo("9000");
        assertThat(fcp.dataHex()).contains("83023F00");
        assertThat(send(card, "00A4030C").sw()).as("MF has no parent").isEqualTo("6A82");
    }

    @Test
    void selectByAidSelectsApplicationDf() {
        Resp r = send(card, "00A4040008" + SimulatedCard.DEMO_AID + "00");
        assertThat(r.sw()).isEqualTo("9000");
        assertThat(r.dataHex()).contains("83025000");
        assertThat(send(card, "00A4020C025001").sw()).isEqualTo("9000");
    }

    @Test
    void selectByRightTruncatedAidMatchesPrefix() {
        assertThat(send(card, "00A4040C05F0434D5349").sw()).isEqualTo("9000");
        assertThat(send(card, "00A4020C025002").sw()).isEqualTo("9000");
    }

    @Test
    void selectByUnknownAidIsNotFound() {
        assertThat(send(card, "00A4040C08A000000003000000").sw()).isEqualTo("6A82");
    }

    @Test
    void selectByPathFromMf() {
        send(card, "00A4000C025000");
        assertThat(send(card, "00A4080C022F01").sw()).isEqualTo("9000");
        assertThat(firstBytesOfCurrentEf()).isEqualTo("00019000");
        assertThat(send(card, "00A4080C0450005001").sw()).isEqualTo("9000");
    }

    @Test
    void selectByPathFromCurrentDf() {
        send(card, "00A4000C025000");
        assertThat(send(card, "00A4090C025002").sw()).isEqualTo("9000");
        assertThat(send(card, "00A4090C022F01").sw()).as("2F01 is not under DF 5000").isEqualTo("6A82");
    }

    @Test
    void selectByPathThroughAnEfIsNotFound() {
        assertThat(send(card, "00A4080C042F015001").sw()).isEqualTo("6A82");
        assertThat(send(card, "00A4080C043F005000").sw()).as("path excludes 3F00").isEqualTo("6A82");
    }

    @Test
    void selectUnknownFidIsNotFoundAndKeepsSelection() {
        send(card, "00A4000C022F01");
        assertThat(send(card, "00A4000C021234").sw()).isEqualTo("6A82");
        assertThat(firstBytesOfCurrentEf()).isEqualTo("00019000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"00A4050C023F00", "00A4FF0C023F00", "00A40001023F00", "00A40008023F00",
            "00A4000E023F00"})
    void selectWithWrongP1OrP2(String apdu) {
        assertThat(send(card, apdu).sw()).isEqualTo("6A86");
    }

    @ParameterizedTest
    @ValueSource(strings = {"00A4000C013F", "00A4000C033F0000", "00A4010C00", "00A4010C013F", "00A4030C023F00",
            "00A4080C033F0050", "00A4040C00", "00A4040C11000102030405060708090A0B0C0D0E0F10"})
    void selectWithWrongLcIsWrongLength(String apdu) {
        assertThat(send(card, apdu).sw()).isEqualTo("6700");
    }

    @Test
    void selectingADfClearsTheCurrentEf() {
        send(card, "00A4000C022F01");
        send(card, "00A4000C025000");
        assertThat(send(card, "00B0000001").sw()).isEqualTo("6986");
    }

    @Test
    void selectCase3OverT1ReturnsNoDataEvenWithP2Zero() {
        Resp r = send(card, "00A40000023F00");
        assertThat(r.sw()).isEqualTo("9000");
        assertThat(r.data()).isEmpty();
    }

    @Test
    void selectWithSmallLeOverT1CutsTheFcp() {
        Resp r = send(card, "00A40000022F0104");
        assertThat(r.sw()).isEqualTo("9000");
        assertThat(r.dataHex()).isEqualTo("62118002");
    }
}

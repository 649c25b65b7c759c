package org.cardmanage.driver.sim.internal.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cardmanage.driver.sim.internal.card.Apdus.send;

import java.util.HashSet;
import java.util.Set;

import org.cardmanage.driver.sim.internal.card.Apdus.Resp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SimulatedCardProtocolTest {

    private final SimulatedCard card = SimulatedCard.create(CardProfile.DEMO);

    @Test
    void nullAndShortInputsAreWrongLength() {
        assertThat(Apdus.hex(card.process(null))).isEqualTo("6700");
        assertThat(Apdus.hex(card.process(new byte[0]))).isEqualTo("6700");
        assertThat(send(card, "00A400").sw()).isEqualTo("6700");
    }

    @Test
    void inconsistentLengthFieldsAreWrongLength() {
        assertThat(send(card, "00A4000C033F00").sw()).isEqualTo("6700");
        assertThat(send(card, "00B000000000").sw()).isEqualTo("6700");
    }

    @ParameterizedTest
    @ValueSource(strings = {"80A4000C023F00", "FFA4000C023F00", "20A4000C023F00", "A0A4000C023F00"})
    void proprietaryOrRfuClaIsNotSupported(String apdu) {
        assertThat(send(card, apdu).sw()).isEqualTo("6E00");
    }

    @ParameterizedTest
    @ValueSource(strings = {"04A4000C023F00", "08A4000C023F00", "0CA4000C023F00", "60A4000C023F00"})
    void secureMessagingIsNotSupported(String apdu) {
        assertThat(send(card, apdu).sw()).isEqualTo("6882");
    }

    @Test
    void commandChainingIsNotSupported() {
        assertThat(send(card, "10A4000C023F00").sw()).isEqualTo("6884");
    }

    @Test
    void furtherInterindustryChannelsAreNotSupported() {
        assertThat(send(card, "40A4000C023F00").sw()).isEqualTo("6881");
    }

    @ParameterizedTest
    @ValueSource(strings = {"00CA9F7F00", "00A5000C023F00", "00B1000000", "00DC010400", "00000000", "00FE0000"})
    void unknownOrOddInsIsNotSupported(String apdu) {
        assertThat(send(card, apdu).sw()).isEqualTo("6D00");
    }

    @Test
    void getChallengeReturnsLeRandomBytes() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            Resp r = send(card, "0084000008");
            assertThat(r.sw()).isEqualTo("9000");
            assertThat(r.data()).hasSize(8);
            seen.add(r.dataHex());
        }
        assertThat(seen).as("20 random 8-byte challenges are distinct").hasSize(20);
        assertThat(send(card, "0084000001").data()).hasSize(1);
        assertThat(send(card, "0084000000").data()).as("Le 00 means 256").hasSize(256);
        assertThat(send(card, "00840000000100").data()).as("extended Le 256").hasSize(256);
    }

    @Test
    void getChallengeErrors() {
        assertThat(send(card, "00840000").sw()).as("no Le").isEqualTo("6700");
        assertThat(send(card, "008400000101").sw()).as("data").isEqualTo("6700");
        assertThat(send(card, "00840000000101").sw()).as("more than 256").isEqualTo("6700");
        assertThat(send(card, "0084010008").sw()).isEqualTo("6A86");
    }

    @Test
    void getResponseWithoutPendingDataOverT1IsRefused() {
        send(card, "00A40000022F0100");
        assertThat(send(card, "00C0000000").sw()).isEqualTo("6985");
    }

    @Test
    void extendedLeReadsTheWholeFileAtOnce() {
        send(card, "00A4000C022F01");
        Resp r = send(card, "00B00000000000");
        assertThat(r.sw()).isEqualTo("6282");
        assertThat(r.data()).isEqualTo(CardFileSystem.bigContent());
        Resp exact = send(card, "00B00000000258");
        assertThat(exact.sw()).isEqualTo("9000");
        assertThat(exact.data()).hasSize(600);
    }

    @Test
    void extendedCase4SelectReturnsFcp() {
        Resp r = send(card, "00A40000 00 0002 2F01 0000".replace(" ", ""));
        assertThat(r.sw()).isEqualTo("9000");
        assertThat(r.dataHex()).startsWith("6211");
    }

    @Test
    void extendedCase3UpdateWritesMoreThan255Bytes() {
        send(card, "00A4000C022F01");
        byte[] data = new byte[300];
        java.util.Arrays.fill(data, (byte) 0x5A);
        byte[] apdu = Apdus.concat(Apdus.hex("00D60000" + "00012C"), data);
        assertThat(send(card, apdu).sw()).isEqualTo("9000");
        Resp r = send(card, "00B00000000258");
        assertThat(java.util.Arrays.copyOf(r.data(), 300)).isEqualTo(data);
        assertThat(r.data()[300]).isEqualTo((byte) 300);
    }

    @Test
    void profileIsReported() {
        assertThat(card.profile()).isEqualTo(CardProfile.DEMO);
        assertThat(SimulatedCard.create(CardProfile.DEMO_T0).profile()).isEqualTo(CardProfile.DEMO_T0);
    }

    @Test
    void cardsDoNotShareState() {
        SimulatedCard other = SimulatedCard.create(CardProfile.DEMO);
        send(card, "00A4000C022F01");
        send(card, "00D6000001EE");
        send(other, "00A4000C022F01");
        assertThat(send(other, "00B0000001").dataHex()).isEqualTo("00");
    }
}

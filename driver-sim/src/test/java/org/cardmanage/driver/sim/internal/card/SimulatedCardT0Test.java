package org.cardmanage.driver.sim.internal.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cardmanage.driver.sim.internal.card.Apdus.send;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

import org.cardmanage.driver.sim.internal.card.Apdus.Resp;
import org.junit.jupiter.api.Test;

class SimulatedCardT0Test {

    private final SimulatedCard card = SimulatedCard.create(CardProfile.DEMO_T0);

    @Test
    void case4CommandAnswers61xxThenGetResponseDeliversTheData() {
        Resp r = send(card, "00A40000022F0100");
        assertThat(r.sw()).isEqualTo("6113");
        assertThat(r.data()).isEmpty();
        Resp fcp = send(card, "00C0000013");
        assertThat(fcp.sw()).isEqualTo("9000");
        assertThat(fcp.dataHex()).startsWith("621180020258").endsWith("8A0105");
    }

    @Test
    void case3SelectWithP2ZeroAlsoAnswers61xx() {
        assertThat(send(card, "00A40000023F00").sw()).isEqualTo("610C");
        assertThat(send(card, "00C0000000").dataHex()).isEqualTo("620A8201388302 3F008A0105".replace(" ", ""));
    }

    @Test
    void getResponseInPartsAnswers61xxForTheRest() {
        send(card, "00A40000022F0100");
        Resp first = send(card, "00C0000005");
        assertThat(first.dataHex()).isEqualTo("6211800202");
        assertThat(first.sw()).isEqualTo("610E");
        Resp rest = send(card, "00C000000E");
        assertThat(rest.sw()).isEqualTo("9000");
        assertThat(rest.dataHex()).startsWith("58820101");
    }

    @Test
    void getResponseWithLeTooLargeAnswers6CxxAndKeepsTheData() {
        send(card, "00A40000022F0100");
        assertThat(send(card, "00C0000020").sw()).isEqualTo("6C13");
        assertThat(send(card, "00C0000013").sw()).isEqualTo("9000");
    }

    @Test
    void getResponseWithoutPendingDataIsRefused() {
        assertThat(send(card, "00C0000010").sw()).isEqualTo("6985");
        send(card, "00A40000022F0100");
        send(card, "00C0000013");
        assertThat(send(card, "00C0000013").sw()).as("already fetched").isEqualTo("6985");
    }

    @Test
    void anyOtherCommandDiscardsPendingData() {
        send(card, "00A40000022F0100");
        send(card, "00200081");
        assertThat(send(card, "00C0000013").sw()).isEqualTo("6985");
    }

    @Test
    void resetDiscardsPendingData() {
        send(card, "00A40000022F0100");
        card.reset();
        assertThat(send(card, "00C0000013").sw()).isEqualTo("6985");
    }

    @Test
    void getResponseErrors() {
        send(card, "00A40000022F0100");
        assertThat(send(card, "00C0010013").sw()).isEqualTo("6A86");
        send(card, "00A40000022F0100");
        assertThat(send(card, "00C00000").sw()).isEqualTo("6700");
    }

    @Test
    void readBinaryWithWrongLeAnswers6CxxWithTheAvailableLength() {
        send(card, "00A4000C022F01");
        assertThat(send(card, "00B0024E20").sw()).isEqualTo("6C0A"); // offset 590, 10 bytes left
        Resp r = send(card, "00B0024E0A");
        assertThat(r.sw()).isEqualTo("9000");
        assertThat(r.data()).isEqualTo(Arrays.copyOfRange(CardFileSystem.bigContent(), 590, 600));
    }

    @Test
    void readBinaryWithLeZeroReturnsWhatIsAvailable() {
        send(card, "00A4000C022F01");
        Resp r = send(card, "00B0020000");
        assertThat(r.sw()).isEqualTo("6282");
        assertThat(r.data()).hasSize(600 - 512);
    }

    @Test
    void readsThe600ByteFileWithLeZeroChunks() {
        send(card, "00A4000C022F01");
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int offset = 0; offset < 600; offset += 256) {
            all.writeBytes(send(card, String.format("00B0%04X00", offset)).data());
        }
        assertThat(all.toByteArray()).isEqualTo(CardFileSystem.bigContent());
    }

    @Test
    void readRecordWithWrongLeAnswers6Cxx() {
        assertThat(send(card, "00B2010C20").sw()).isEqualTo("6C10");
        assertThat(send(card, "00B2010C10").dataHex()).isEqualTo("01".repeat(16));
    }

    @Test
    void case2SelectParentRefusedWith6CxxHasNoEffect() {
        send(card, "00A4080C0450005002");
        assertThat(send(card, "00A4030005").sw()).isEqualTo("6C0C");
        Resp r = send(card, "00A403000C");
        assertThat(r.sw()).as("DF 5000 was still current, so its parent is found").isEqualTo("9000");
        assertThat(r.dataHex()).contains("83023F00");
    }

    @Test
    void manageChannelWithWrongLeOpensNothing() {
        assertThat(send(card, "0070000002").sw()).isEqualTo("6C01");
        assertThat(send(card, "0070000001").dataHex()).isEqualTo("01");
    }

    @Test
    void getChallengeReturnsDataDirectly() {
        Resp r = send(card, "0084000008");
        assertThat(r.sw()).isEqualTo("9000");
        assertThat(r.data()).hasSize(8);
    }

    @Test
    void extendedApdusAreRejected() {
        send(card, "00A4000C022F01");
        assertThat(send(card, "00B00000000000").sw()).isEqualTo("6700");
        assertThat(send(card, "00A4000C0000023F00").sw()).isEqualTo("6700");
    }
}

package org.cardmanage.driver.sim.internal.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cardmanage.driver.sim.internal.card.Apdus.hex;
import static org.cardmanage.driver.sim.internal.card.Apdus.send;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

import org.cardmanage.driver.sim.internal.card.Apdus.Resp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SimulatedCardFileTest {

    private final SimulatedCard card = SimulatedCard.create(CardProfile.DEMO);

    private void verifyPin() {
        assertThat(send(card, "0020008104" + hex(SimulatedCard.demoPin())).sw()).isEqualTo("9000");
    }

    private static String readBinary(int offset, int le) {
        return String.format("00B0%04X%02X", offset, le);
    }

    @Test
    void readsThe600ByteFileInChunks() {
        send(card, "00A4000C022F01");
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        int offset = 0;
        while (offset < 600) {
            int chunk = Math.min(0xF0, 600 - offset);
            Resp r = send(card, readBinary(offset, chunk));
            assertThat(r.sw()).isEqualTo("9000");
            assertThat(r.data()).hasSize(chunk);
            all.writeBytes(r.data());
            offset += chunk;
        }
        assertThat(all.toByteArray()).isEqualTo(CardFileSystem.bigContent());
    }

    @Test
    void readWithLeZeroReads256Bytes() {
        send(card, "00A4000C022F01");
        Resp r = send(card, "00B0010000");
        assertThat(r.sw()).isEqualTo("9000");
        assertThat(r.data()).isEqualTo(Arrays.copyOfRange(CardFileSystem.bigContent(), 256, 512));
    }

    @Test
    void readPastEndOverT1ReturnsTheRestWith6282() {
        send(card, "00A4000C022F01");
        Resp r = send(card, readBinary(590, 0x20));
        assertThat(r.sw()).isEqualTo("6282");
        assertThat(r.data()).isEqualTo(Arrays.copyOfRange(CardFileSystem.bigContent(), 590, 600));
    }

    @Test
    void readAtOrBeyondEndOfFileIsOffsetError() {
        send(card, "00A4000C022F01");
        assertThat(send(card, readBinary(600, 1)).sw()).isEqualTo("6B00");
        assertThat(send(card, readBinary(0x7FFF, 1)).sw()).isEqualTo("6B00");
    }

    @Test
    void readWithoutCurrentEfIsRefused() {
        assertThat(send(card, "00B0000001").sw()).isEqualTo("6986");
    }

    @Test
    void readBinaryOnRecordFileIsIncompatible() {
        send(card, "00A4000C020001");
        assertThat(send(card, "00B0000001").sw()).isEqualTo("6981");
    }

    @Test
    void readWithoutLeOrWithDataIsWrongLength() {
        send(card, "00A4000C022F01");
        assertThat(send(card, "00B00000").sw()).isEqualTo("6700");
        assertThat(send(card, "00B000000100").sw()).isEqualTo("6700");
    }

    @Test
    void readByShortEfIdSelectsTheEf() {
        Resp r = send(card, "00B09E0004"); // SFI 1E = EF 2F00, offset 0
        assertThat(r.sw()).isEqualTo("9000");
        assertThat(r.dataHex()).isEqualTo("61104F08");
        assertThat(send(card, "00B0000404").dataHex()).as("2F00 is now current").isEqualTo("F0434D53");
        assertThat(send(card, "00B0820502").dataHex()).as("SFI 02 = 2F01, offset 5").isEqualTo("0506");
    }

    @ParameterizedTest
    @ValueSource(strings = {"00B0800001", "00B09F0001", "00B0A10001", "00B0C10001"})
    void readWithInvalidShortEfIdIsWrongP1P2(String apdu) {
        assertThat(send(card, apdu).sw()).isEqualTo("6A86");
    }

    @Test
    void readWithUnknownShortEfIdIsNotFound() {
        assertThat(send(card, "00B0850001").sw()).isEqualTo("6A82");
    }

    @Test
    void protectedEfNeedsPinToRead() {
        send(card, "00A4080C0450005001");
        assertThat(send(card, "00B0000010").sw()).isEqualTo("6982");
        verifyPin();
        Resp r = send(card, "00B0000000");
        assertThat(r.sw()).isEqualTo("6282");
        assertThat(r.data()).isEqualTo(CardFileSystem.secretContent());
    }

    @Test
    void publicEfInApplicationIsReadableWithoutPin() {
        send(card, "00A4080C0450005002");
        Resp r = send(card, "00B0000020");
        assertThat(r.sw()).isEqualTo("9000");
        assertThat(r.data()).isEqualTo(CardFileSystem.publicContent());
    }

    @Test
    void updateBinaryWritesAndPersistsAcrossReset() {
        send(card, "00A4000C022F01");
        assertThat(send(card, "00D6000A03AABBCC").sw()).isEqualTo("9000");
        card.reset();
        send(card, "00A4000C022F01");
        assertThat(send(card, "00B0000905").dataHex()).isEqualTo("09AABBCC0D");
    }

    @Test
    void updateBinaryPastEndWritesNothingAndReportsNotEnoughMemory() {
        send(card, "00A4000C022F01");
        assertThat(send(card, "00D6025603AABBCC").sw()).isEqualTo("6A84");
        assertThat(send(card, "00B0025602").dataHex()).isEqualTo("5657");
        assertThat(send(card, "00D6025801AA").sw()).isEqualTo("6B00");
        assertThat(send(card, "00D6025702AABB").sw()).isEqualTo("6A84");
        assertThat(send(card, "00D6025701AA").sw()).isEqualTo("9000");
    }

    @Test
    void updateProtectedEfNeedsPin() {
        send(card, "00A4080C0450005001");
        assertThat(send(card, "00D6000001FF").sw()).isEqualTo("6982");
        verifyPin();
        assertThat(send(card, "00D6000001FF").sw()).isEqualTo("9000");
        assertThat(send(card, "00B0000001").dataHex()).isEqualTo("FF");
    }

    @Test
    void updateBinaryByShortEfId() {
        assertThat(send(card, "00D6820001EE").sw()).isEqualTo("9000");
        assertThat(send(card, "00B0000001").dataHex()).isEqualTo("EE");
    }

    @Test
    void updateBinaryErrors() {
        assertThat(send(card, "00D6000001EE").sw()).as("no current EF").isEqualTo("6986");
        send(card, "00A4000C022F01");
        assertThat(send(card, "00D60000").sw()).as("no data").isEqualTo("6700");
        send(card, "00A4000C020001");
        assertThat(send(card, "00D6000001EE").sw()).as("record file").isEqualTo("6981");
    }

    @Test
    void readRecordByNumberInCurrentEf() {
        send(card, "00A4000C020001");
        for (int n = 1; n <= 3; n++) {
            Resp r = send(card, String.format("00B2%02X0400", n));
            assertThat(r.sw()).isEqualTo("9000");
            byte[] expected = new byte[16];
            Arrays.fill(expected, (byte) n);
            assertThat(r.data()).isEqualTo(expected);
        }
    }

    @Test
    void readRecordByShortEfId() {
        Resp r = send(card, "00B2020C00"); // SFI 01 = EF 0001, record 2
        assertThat(r.sw()).isEqualTo("9000");
        assertThat(r.dataHex()).isEqualTo("02".repeat(16));
        assertThat(send(card, "00B2030410").dataHex()).as("0001 is now current").isEqualTo("03".repeat(16));
    }

    @Test
    void readRecordWithSmallLeOverT1CutsTheRecord() {
        assertThat(send(card, "00B2010C04").dataHex()).isEqualTo("01010101");
    }

    @Test
    void readRecordErrors() {
        assertThat(send(card, "00B2010400").sw()).as("no current EF").isEqualTo("6986");
        send(card, "00A4000C020001");
        assertThat(send(card, "00B2040400").sw()).as("record 4").isEqualTo("6A83");
        assertThat(send(card, "00B2000400").sw()).as("record 0").isEqualTo("6A86");
        assertThat(send(card, "00B2010000").sw()).as("first record mode").isEqualTo("6A86");
        assertThat(send(card, "00B2010500").sw()).as("all records mode").isEqualTo("6A86");
        assertThat(send(card, "00B20104").sw()).as("no Le").isEqualTo("6700");
        assertThat(send(card, "00B201FC00").sw()).as("SFI 1F").isEqualTo("6A86");
        assertThat(send(card, "00B2013C00").sw()).as("unknown SFI 07").isEqualTo("6A82");
        assertThat(send(card, "00B2011400").sw()).as("SFI 02 is transparent").isEqualTo("6981");
    }
}

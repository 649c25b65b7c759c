package org.cardmanage.driver.sim.internal.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cardmanage.driver.sim.internal.card.Apdus.command;
import static org.cardmanage.driver.sim.internal.card.Apdus.concat;
import static org.cardmanage.driver.sim.internal.card.Apdus.hex;
import static org.cardmanage.driver.sim.internal.card.Apdus.padded;
import static org.cardmanage.driver.sim.internal.card.Apdus.send;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SimulatedCardPinTest {

    private final SimulatedCard card = SimulatedCard.create(CardProfile.DEMO);

    private String verify(String pin) {
        return send(card, command(0x00, 0x20, 0x00, 0x81, pin.getBytes(StandardCharsets.US_ASCII), null)).sw();
    }

    private String verifyStatus() {
        return send(card, "00200081").sw();
    }

    private String change(String oldPin, String newPin) {
        return send(card, command(0x00, 0x24, 0x00, 0x81, concat(padded(oldPin), padded(newPin)), null)).sw();
    }

    private String unblock(String puk, String newPin) {
        byte[] data = newPin == null ? puk.getBytes(StandardCharsets.US_ASCII)
                : concat(puk.getBytes(StandardCharsets.US_ASCII), padded(newPin));
        return send(card, command(0x00, 0x2C, newPin == null ? 0x01 : 0x00, 0x81, data, null)).sw();
    }

    private String readSecret() {
        send(card, "00A4080C0450005001");
        return send(card, "00B0000001").sw();
    }

    @Test
    void demoPinAndPukAreCopies() {
        assertThat(new String(SimulatedCard.demoPin(), StandardCharsets.US_ASCII)).isEqualTo("1234");
        assertThat(new String(SimulatedCard.demoPuk(), StandardCharsets.US_ASCII)).isEqualTo("12345678");
        SimulatedCard.demoPin()[0] = 0;
        assertThat(SimulatedCard.demoPin()[0]).isEqualTo((byte) '1');
        assertThat(SimulatedCard.demoAid()).isEqualTo(hex(SimulatedCard.DEMO_AID));
    }

    @Test
    void verifyWithCorrectPinGrantsAccess() {
        assertThat(verifyStatus()).isEqualTo("63C3");
        assertThat(readSecret()).isEqualTo("6982");
        assertThat(verify("1234")).isEqualTo("9000");
        assertThat(verifyStatus()).isEqualTo("9000");
        assertThat(readSecret()).isEqualTo("9000");
    }

    @Test
    void verifyAcceptsAlreadyPaddedPin() {
        assertThat(send(card, command(0x00, 0x20, 0x00, 0x81, padded("1234"), null)).sw()).isEqualTo("9000");
    }

    @Test
    void verifyWithWrongPinCountsDown() {
        assertThat(verify("0000")).isEqualTo("63C2");
        assertThat(verify("9999")).isEqualTo("63C1");
        assertThat(verifyStatus()).isEqualTo("63C1");
        assertThat(verify("1234")).isEqualTo("9000");
        assertThat(verify("0000")).as("counter back at 3 after success").isEqualTo("63C2");
    }

    @Test
    void wrongPinClearsTheSecurityStatus() {
        verify("1234");
        verify("4321");
        assertThat(readSecret()).isEqualTo("6982");
    }

    @Test
    void verifyBlocksAfterThreeWrongPinsEvenForTheRightOne() {
        verify("0000");
        verify("0000");
        assertThat(verify("0000")).isEqualTo("63C0");
        assertThat(verify("1234")).isEqualTo("6983");
        assertThat(verifyStatus()).isEqualTo("6983");
        assertThat(readSecret()).isEqualTo("6982");
    }

    @Test
    void blockedPinIsUnblockedWithPukKeepingThePin() {
        for (int i = 0; i < 3; i++) {
            verify("0000");
        }
        assertThat(unblock("12345678", null)).isEqualTo("9000");
        assertThat(verifyStatus()).as("unblocking does not verify").isEqualTo("63C3");
        assertThat(verify("1234")).isEqualTo("9000");
    }

    @Test
    void unblockWithNewPinReplacesThePin() {
        for (int i = 0; i < 3; i++) {
            verify("0000");
        }
        assertThat(unblock("12345678", "876543")).isEqualTo("9000");
        assertThat(verify("1234")).isEqualTo("63C2");
        assertThat(verify("876543")).isEqualTo("9000");
    }

    @Test
    void wrongPukCountsDownAndBlocks() {
        for (int left = 9; left >= 0; left--) {
            assertThat(unblock("00000000", null)).isEqualTo(String.format("63C%X", left));
        }
        assertThat(unblock("12345678", null)).isEqualTo("6983");
        assertThat(verify("1234")).as("PIN itself is not affected").isEqualTo("9000");
    }

    @Test
    void resetRetryCounterValidatesItsInput() {
        assertThat(send(card, "002C008108" + "3132333435363738").sw()).as("P1=00 needs 16 bytes").isEqualTo("6700");
        assertThat(send(card, "002C0181103132333435363738" + hex(padded("1234"))).sw()).isEqualTo("6700");
        assertThat(send(card, "002C0281083132333435363738").sw()).isEqualTo("6A86");
        assertThat(send(card, "002C0182083132333435363738").sw()).isEqualTo("6A88");
        assertThat(unblock("12345678", "12")).as("new PIN too short").isEqualTo("6A80");
    }

    @Test
    void changeReferenceDataReplacesThePin() {
        assertThat(change("1234", "5678")).isEqualTo("9000");
        assertThat(verifyStatus()).as("change verifies").isEqualTo("9000");
        card.reset();
        assertThat(verify("1234")).isEqualTo("63C2");
        assertThat(verify("5678")).isEqualTo("9000");
    }

    @Test
    void changeWithWrongOldPinCountsDownLikeVerify() {
        assertThat(change("1111", "5678")).isEqualTo("63C2");
        assertThat(change("1111", "5678")).isEqualTo("63C1");
        assertThat(change("1111", "5678")).isEqualTo("63C0");
        assertThat(change("1234", "5678")).isEqualTo("6983");
        assertThat(verify("5678")).isEqualTo("6983");
    }

    @Test
    void changeValidatesItsInput() {
        assertThat(send(card, command(0x00, 0x24, 0x00, 0x81, padded("1234"), null)).sw()).isEqualTo("6700");
        assertThat(send(card, command(0x00, 0x24, 0x01, 0x81, concat(padded("1234"), padded("5678")), null)).sw())
                .isEqualTo("6A86");
        assertThat(send(card, command(0x00, 0x24, 0x00, 0x80, concat(padded("1234"), padded("5678")), null)).sw())
                .isEqualTo("6A88");
        byte[] gap = padded("5678");
        gap[6] = '9'; // non-FF after the padding started
        assertThat(send(card, command(0x00, 0x24, 0x00, 0x81, concat(padded("1234"), gap), null)).sw())
                .isEqualTo("6A80");
        assertThat(verifyStatus()).as("format errors do not count").isEqualTo("63C3");
    }

    @ParameterizedTest
    @ValueSource(strings = {"00200080", "0020008004" + "31323334", "00200001"})
    void verifyWithWrongReferenceIsRefused(String apdu) {
        assertThat(send(card, apdu).sw()).isEqualTo("6A88");
    }

    @Test
    void verifyWithWrongLengthOrP1() {
        assertThat(verify("123")).isEqualTo("6700");
        assertThat(verify("123456789")).isEqualTo("6700");
        assertThat(send(card, "00200181").sw()).isEqualTo("6A86");
        assertThat(verifyStatus()).isEqualTo("63C3");
    }

    @Test
    void verifyP1FfResetsTheSecurityStatus() {
        verify("1234");
        assertThat(send(card, "0020FF81").sw()).isEqualTo("9000");
        assertThat(verifyStatus()).isEqualTo("63C3");
    }

    @Test
    void resetClearsSecurityStatusButKeepsCounters() {
        verify("0000");
        verify("1234");
        verify("0000");
        assertThat(readSecret()).isEqualTo("6982");
        verify("1234");
        verify("0000");
        card.reset();
        assertThat(verifyStatus()).isEqualTo("63C2");
        verify("1234");
        card.reset();
        assertThat(verifyStatus()).isEqualTo("63C3");
        assertThat(readSecret()).isEqualTo("6982");
    }

    @Test
    void powerOffClearsSecurityStatus() {
        verify("1234");
        card.powerOff();
        assertThat(readSecret()).isEqualTo("6982");
    }
}

package org.cardmanage.driver.sim.internal.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cardmanage.driver.sim.internal.card.Apdus.send;

import java.util.Random;

import org.cardmanage.driver.sim.internal.card.Apdus.Resp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SimulatedCardFuzzTest {

    private static final int ROUNDS = 100_000;
    private static final int[] INS = {0xA4, 0xB0, 0xD6, 0xB2, 0x20, 0x24, 0x2C, 0x84, 0x70, 0xC0};
    private static final int[] P1 = {0x00, 0x01, 0x02, 0x03, 0x04, 0x08, 0x09, 0x80, 0x81, 0x82, 0x9E, 0xFF};
    private static final int[] P2 = {0x00, 0x01, 0x02, 0x03, 0x04, 0x0C, 0x14, 0x81};

    private static void assertStillWorks(SimulatedCard card) {
        card.reset();
        assertThat(send(card, "00A4000C023F00").sw()).isEqualTo("9000");
        assertThat(send(card, "00A4000C022F00").sw()).isEqualTo("9000");
        assertThat(send(card, "00B0000002").sw()).isEqualTo("9000");
        String status = send(card, "00200081").sw();
        assertThat(status).matches("63C[0-3]|6983");
        if (!status.equals("6983")) {
            assertThat(send(card, "0020008104" + Apdus.hex(SimulatedCard.demoPin())).sw()).isEqualTo("9000");
        }
    }

    @ParameterizedTest
    @EnumSource(CardProfile.class)
    void randomBytesNeverMakeProcessThrow(CardProfile profile) {
        SimulatedCard card = SimulatedCard.create(profile);
        Random random = new Random(0x5EED_CAFEL + profile.ordinal());
        for (int i = 0; i < ROUNDS; i++) {
            byte[] apdu = new byte[random.nextInt(300)];
            random.nextBytes(apdu);
            byte[] response = card.process(apdu);
            assertThat(response).hasSizeGreaterThanOrEqualTo(2);
            assertThat(Apdus.split(response).sw()).as("no internal error").isNotEqualTo("6F00");
        }
        assertStillWorks(card);
    }

    /**
     * Well-formed APDUs (any case, short or extended) with plausible CLA, INS, P1 and P2 and random data, plus some
     * garbage bodies, so that the commands themselves get exercised past their parameter checks.
     */
    @ParameterizedTest
    @EnumSource(CardProfile.class)
    void randomCommandsWithValidHeadersNeverMakeProcessThrow(CardProfile profile) {
        SimulatedCard card = SimulatedCard.create(profile);
        Random random = new Random(0xF00DL + profile.ordinal());
        for (int i = 0; i < ROUNDS; i++) {
            byte[] apdu = plausibleApdu(random);
            Resp r = Apdus.split(card.process(apdu));
            assertThat(r.sw()).as("no internal error").isNotEqualTo("6F00");
            if (i % 1000 == 0) {
                card.reset();
            }
        }
        assertStillWorks(card);
    }

    private static byte[] plausibleApdu(Random random) {
        int cla = random.nextInt(4) == 0 ? random.nextInt(4) : 0;
        int ins = INS[random.nextInt(INS.length)];
        int p1 = random.nextBoolean() ? P1[random.nextInt(P1.length)] : random.nextInt(256);
        int p2 = random.nextBoolean() ? P2[random.nextInt(P2.length)] : random.nextInt(256);
        byte[] header = {(byte) cla, (byte) ins, (byte) p1, (byte) p2};
        if (random.nextInt(5) == 0) { // garbage body
            byte[] body = new byte[random.nextInt(20)];
            random.nextBytes(body);
            return Apdus.concat(header, body);
        }
        boolean extended = random.nextInt(4) == 0;
        int dataLength = random.nextBoolean() ? 0 : 1 + random.nextInt(random.nextInt(10) == 0 ? 600 : 20);
        if (!extended) {
            dataLength = Math.min(dataLength, 255);
        }
        byte[] data = new byte[dataLength];
        random.nextBytes(data);
        boolean withLe = random.nextBoolean();
        int le = random.nextInt(4) == 0 ? 0 : random.nextInt(extended ? 1024 : 256);
        byte[] lc;
        if (dataLength == 0) {
            lc = new byte[0];
        } else {
            lc = extended ? new byte[] {0, (byte) (dataLength >> 8), (byte) dataLength}
                    : new byte[] {(byte) dataLength};
        }
        byte[] leField;
        if (!withLe) {
            leField = new byte[0];
        } else if (!extended) {
            leField = new byte[] {(byte) le};
        } else { // an extended Le has its own 00 marker only when there is no Lc
            leField = dataLength == 0 ? new byte[] {0, (byte) (le >> 8), (byte) le}
                    : new byte[] {(byte) (le >> 8), (byte) le};
        }
        return Apdus.concat(header, lc, data, leField);
    }
}

package org.cardmanage.driver.sim.internal.card;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Property-based test of the simulated card: 100 sequences of 1 000 random APDUs each (100 000 in all, on a fresh card
 * per sequence) never make it throw or answer an internal error, and its PIN state stays consistent after every
 * command: the retry counter never rises without a successful VERIFY, CHANGE REFERENCE DATA or RESET RETRY COUNTER,
 * the PIN reads as verified only after a successful VERIFY or CHANGE since the last reset, and a blocked PIN stays
 * blocked until a RESET RETRY COUNTER succeeds. After each sequence the card still works.
 */
class SimulatedCardPropertyTest {
    private static final byte[] PIN_STATUS = Apdus.hex("00200081");
    private static final int SEQUENCE = 1_000;
    private static final int[] INS = {0xA4, 0xB0, 0xD6, 0xB2, 0x20, 0x24, 0x2C, 0x84, 0x70, 0xC0, 0xCA, 0x00};

    /** The PIN state as the card reports it to {@code VERIFY} without data. */
    private record PinView(int tries, boolean verified) {
        static PinView of(String sw) {
            if (sw.equals("9000")) {
                return new PinView(-1, true);
            }
            if (sw.equals("6983")) {
                return new PinView(0, false);
            }
            assertThat(sw).as("PIN status").matches("63C[1-3]");
            return new PinView(Integer.parseInt(sw.substring(3), 16), false);
        }
    }

    @Property(tries = 100)
    void randomCommandsNeverBreakTheCardOrItsPinState(@ForAll("sequences") List<Tuple.Tuple2<byte[], Boolean>> steps) {
        SimulatedCard card = SimulatedCard.create(CardProfile.DEMO);
        PinView before = PinView.of(Apdus.send(card, PIN_STATUS).sw());
        // May the card be verified now? Over-approximated: cleared only by what surely clears the status.
        boolean mayBeVerified = false;
        for (Tuple.Tuple2<byte[], Boolean> step : steps) {
            if (step.get2()) {
                card.reset();
                mayBeVerified = false;
            }
            byte[] apdu = step.get1();
            byte[] response = card.process(apdu);
            assertThat(response).hasSizeGreaterThanOrEqualTo(2);
            String sw = Apdus.split(response).sw();
            assertThat(sw).as("no internal error for %s", Apdus.hex(apdu)).isNotEqualTo("6F00");
            int ins = apdu.length >= 4 ? apdu[1] & 0xFF : -1;
            boolean withData = apdu.length > 5;
            boolean pinChecked = withData && (ins == 0x20 || ins == 0x24) && sw.equals("9000");
            boolean unblocked = withData && ins == 0x2C && sw.equals("9000");
            if (pinChecked) {
                mayBeVerified = true;
            } else if (unblocked || (withData && (ins == 0x20 || ins == 0x24) && sw.startsWith("63C"))
                    || (ins == 0x20 && (apdu[2] & 0xFF) == 0xFF && sw.equals("9000"))) {
                mayBeVerified = false;
            }
            PinView after = PinView.of(Apdus.send(card, PIN_STATUS).sw());
            if (after.verified()) {
                assertThat(mayBeVerified).as("verified without a successful VERIFY, after %s", Apdus.hex(apdu))
                        .isTrue();
            } else if (!pinChecked && !unblocked) {
                assertThat(after.tries()).as("retry counter after %s", Apdus.hex(apdu))
                        .isLessThanOrEqualTo(before.tries());
            }
            // A verified PIN has a full counter: a failed check both clears the status and counts down.
            before = after.verified() ? new PinView(3, true) : after;
        }
        assertStillWorks(card);
    }

    private static void assertStillWorks(SimulatedCard card) {
        card.reset();
        assertThat(Apdus.send(card, "00A4000C023F00").sw()).isEqualTo("9000");
        assertThat(Apdus.send(card, "00A4000C022F00").sw()).isEqualTo("9000");
        assertThat(Apdus.send(card, "00B0000002").sw()).isEqualTo("9000");
    }

    /** 1 000 steps: an APDU, and whether the card is reset before it (1 in 200). */
    @Provide
    Arbitrary<List<Tuple.Tuple2<byte[], Boolean>>> sequences() {
        Arbitrary<Boolean> reset = Arbitraries.integers().between(0, 199).map(i -> i == 0);
        return Combinators.combine(apdus(), reset).as(Tuple::of).list().ofSize(SEQUENCE);
    }

    /** Plausible commands most of the time, the right and wrong PINs and PUK now and then, raw bytes sometimes. */
    private static Arbitrary<byte[]> apdus() {
        Arbitrary<byte[]> raw = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        Arbitrary<byte[]> rightPin = Arbitraries.just(Apdus.hex("0020008104" + Apdus.hex(SimulatedCard.demoPin())));
        Arbitrary<byte[]> wrongPin = Arbitraries.bytes().array(byte[].class).ofMinSize(4).ofMaxSize(8)
                .map(pin -> Apdus.command(0x00, 0x20, 0x00, 0x81, pin, null));
        Arbitrary<byte[]> unblock = Arbitraries.just(Apdus.concat(Apdus.hex("002C010108"), SimulatedCard.demoPuk()));
        return Arbitraries.frequencyOf(
                Tuple.of(70, plausible()),
                Tuple.of(15, raw),
                Tuple.of(6, wrongPin),
                Tuple.of(5, rightPin),
                Tuple.of(4, unblock));
    }

    private static Arbitrary<byte[]> plausible() {
        Arbitrary<Integer> cla = Arbitraries.frequency(Tuple.of(8, 0), Tuple.of(1, 1), Tuple.of(1, 0x80));
        Arbitrary<Integer> ins = Arbitraries.of(INS[0], INS[1], INS[2], INS[3], INS[4], INS[5], INS[6], INS[7], INS[8],
                INS[9], INS[10], INS[11]);
        Arbitrary<Integer> p = Arbitraries.oneOf(Arbitraries.of(0x00, 0x01, 0x02, 0x04, 0x08, 0x0C, 0x81, 0xFF),
                Arbitraries.integers().between(0, 255));
        Arbitrary<byte[]> data = Arbitraries.oneOf(Arbitraries.just(new byte[0]),
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(20),
                Arbitraries.of(Apdus.hex("3F00"), Apdus.hex("2F00"), Apdus.hex("5000"), Apdus.hex("5001"),
                        Apdus.hex("2F01"), SimulatedCard.demoAid()));
        Arbitrary<Integer> le = Arbitraries.oneOf(Arbitraries.just(-1), Arbitraries.integers().between(0, 255));
        return Combinators.combine(cla, ins, p, p, data, le)
                .as((c, i, p1, p2, d, l) -> Apdus.command(c, i, p1, p2, d, l < 0 ? null : l));
    }
}

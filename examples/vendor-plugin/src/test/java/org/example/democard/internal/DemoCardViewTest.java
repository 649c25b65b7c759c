package org.example.democard.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.cardmanage.api.Atr;
import org.cardmanage.api.CardException;
import org.cardmanage.api.CardState;
import org.cardmanage.api.CardStatus;
import org.cardmanage.api.Protocol;
import org.cardmanage.api.service.CardStatusException;
import org.cardmanage.api.service.FileAccess;
import org.cardmanage.api.service.WrongPinException;
import org.cardmanage.driver.sim.internal.card.CardProfile;
import org.example.democard.DemoCard;
import org.junit.jupiter.api.Test;

/** The vendor plugin against the simulated T=0 demo card. */
class DemoCardViewTest {
    private final SimulatedDemoCard card = new SimulatedDemoCard();
    private final DemoCardFactory factory = new DemoCardFactory();

    private static CardStatus status(byte[] atr, Protocol protocol) {
        return new CardStatus("Test Reader", CardState.SPECIFIC, protocol, Atr.parse(atr));
    }

    @Test
    void bidsHighForTheDemoCardOnly() {
        assertThat(factory.match(status(CardProfile.DEMO_T0.atr(), Protocol.T0))).isEqualTo(DemoCardFactory.BID);
        assertThat(factory.match(status(CardProfile.DEMO.atr(), Protocol.T1))).isZero();
    }

    @Test
    void bidIgnoresTheInterfaceBytesOfOtherBatches() {
        byte[] otherBatch = CardProfile.DEMO_T0.atr();
        otherBatch[2] = 0x18; // another TA1

        assertThat(factory.match(status(otherBatch, Protocol.T0))).isEqualTo(DemoCardFactory.BID);
    }

    @Test
    void makesOneViewForBothInterfaces() {
        Object view = factory.create(card);

        assertThat(view).isInstanceOf(FileAccess.class).isInstanceOf(DemoCard.class);
    }

    @Test
    void readsTheBigFileWithExactLengthsAndNoGetResponse() throws CardException {
        FileAccess files = (FileAccess) factory.create(card);

        files.select(0x2F01);
        byte[] content = files.readBinary();

        assertThat(content).hasSize(600);
        assertThat(content[599]).isEqualTo((byte) 599);
        assertThat(card.sent()).containsExactly("00A4000C022F01", "00B0000000", "00B0010000", "00B0020058");
    }

    @Test
    void readsTheApplicationLabelAndPublicDataUnderTheCardsLock() throws CardException {
        DemoCard demo = (DemoCard) factory.create(card);

        assertThat(demo.applicationLabel()).isEqualTo("DEMO");
        assertThat(new String(demo.publicData(), StandardCharsets.US_ASCII)).startsWith("cardmanage public data");
        assertThat(card.locksTaken()).isEqualTo(2);
    }

    @Test
    void protectedDataNeedsTheRightPin() throws CardException {
        DemoCard demo = (DemoCard) factory.create(card);

        assertThatThrownBy(() -> demo.protectedData("9999".toCharArray())).isInstanceOf(WrongPinException.class)
                .hasMessageNotContaining("9999");
        assertThat(demo.protectedData("1234".toCharArray())).hasSize(64);
    }

    @Test
    void readingAtTheEndOfAFileIsRefusedByTheCard() throws CardException {
        FileAccess files = (FileAccess) factory.create(card);
        files.select(0x2F01);

        assertThatThrownBy(() -> files.readBinary(600, 10)).isInstanceOf(CardStatusException.class)
                .satisfies(e -> assertThat(((CardStatusException) e).sw()).isEqualTo(0x6B00));
        assertThat(files.readBinary(590, 100)).hasSize(10);
    }

    @Test
    void readsRecordsByTheVendorsTable() throws CardException {
        FileAccess files = (FileAccess) factory.create(card);

        files.select(0x0001);

        assertThat(files.readRecords()).hasSize(3).allSatisfy(r -> assertThat(r).hasSize(16));
    }
}

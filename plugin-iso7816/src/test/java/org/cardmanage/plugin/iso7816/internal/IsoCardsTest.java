package org.cardmanage.plugin.iso7816.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.cardmanage.api.Atr;
import org.cardmanage.api.CardException;
import org.cardmanage.api.CardState;
import org.cardmanage.api.CardStatus;
import org.cardmanage.api.NotSupportedException;
import org.cardmanage.api.Protocol;
import org.cardmanage.api.service.CardAuthentication;
import org.cardmanage.api.service.FileAccess;
import org.cardmanage.api.service.PinVerification;
import org.cardmanage.driver.sim.internal.card.CardProfile;
import org.cardmanage.driver.sim.internal.card.SimulatedCard;
import org.cardmanage.spi.CardServiceFactory;
import org.junit.jupiter.api.Test;

/** How the plugin bids, probes unknown cards, and what its factories make. */
class IsoCardsTest {
    private static final Atr DEMO = Atr.parse(CardProfile.DEMO.atr());
    private static final Atr DEMO_T0 = Atr.parse(CardProfile.DEMO_T0.atr());
    private static final Atr OTHER = Atr.parseHex("3B 02 14 50");

    private static CardStatus status(Protocol protocol, Atr atr) {
        return new CardStatus("R", protocol == null ? CardState.PRESENT : CardState.SPECIFIC, protocol, atr);
    }

    @Test
    void bidsLowForTheSimulatedCardsAndLowerForOtherCards() {
        assertThat(IsoCards.bid(status(Protocol.T1, DEMO))).isEqualTo(IsoCards.KNOWN_CARD_BID);
        assertThat(IsoCards.bid(status(Protocol.T0, DEMO_T0))).isEqualTo(IsoCards.KNOWN_CARD_BID);
        assertThat(IsoCards.bid(status(Protocol.T0, OTHER))).isEqualTo(IsoCards.ANY_CARD_BID);
        assertThat(IsoCards.KNOWN_CARD_BID).isLessThan(10);
    }

    @Test
    void doesNotBidWithoutACardOrAnIsoProtocol() {
        assertThat(IsoCards.bid(status(null, DEMO))).isEqualTo(CardServiceFactory.NO_MATCH);
        assertThat(IsoCards.bid(status(Protocol.RAW, DEMO))).isEqualTo(CardServiceFactory.NO_MATCH);
        assertThat(IsoCards.bid(new CardStatus("R", CardState.ABSENT, null, null)))
                .isEqualTo(CardServiceFactory.NO_MATCH);
    }

    @Test
    void unknownCardThatAnswersSelectMfIsServed() throws CardException {
        SimCardAttachment unknown = new SimCardAttachment(SimulatedCard.create(CardProfile.DEMO), OTHER);

        Object view = new FileAccessFactory().create(unknown);

        assertThat(view).isInstanceOf(FileAccess.class);
        assertThat(unknown.sent()).containsExactly("00A4000C023F00");
    }

    @Test
    void knownCardIsNotProbed() throws CardException {
        SimCardAttachment known = SimCardAttachment.of(CardProfile.DEMO);

        new FileAccessFactory().create(known);

        assertThat(known.sent()).isEmpty();
    }

    @Test
    void unknownCardThatDoesNotAnswerSelectMfIsDeclined() {
        SimCardAttachment card = new SimCardAttachment(command -> new byte[] {0x6E, 0x00}, Protocol.T1, OTHER);

        assertThatThrownBy(() -> new PinVerificationFactory().create(card)).isInstanceOf(NotSupportedException.class)
                .hasMessageContaining("SELECT MF")
                .hasMessageContaining("3B 02 14 50")
                .hasMessageContaining("6E00");
    }

    @Test
    void eachFactoryMakesItsOwnInterface() throws CardException {
        SimCardAttachment card = SimCardAttachment.of(CardProfile.DEMO_T0);

        assertThat(new FileAccessFactory().create(card)).isInstanceOf(FileAccess.class);
        assertThat(new PinVerificationFactory().create(card)).isInstanceOf(PinVerification.class);
        assertThat(new CardAuthenticationFactory().create(card)).isInstanceOf(CardAuthentication.class);
    }
}

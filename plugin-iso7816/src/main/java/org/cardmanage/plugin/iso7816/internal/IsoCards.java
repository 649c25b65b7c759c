package org.cardmanage.plugin.iso7816.internal;

import java.util.Set;

import org.cardmanage.api.Atr;
import org.cardmanage.api.Attachment;
import org.cardmanage.api.CardException;
import org.cardmanage.api.CardStatus;
import org.cardmanage.api.CommandApdu;
import org.cardmanage.api.NotSupportedException;
import org.cardmanage.api.Protocol;
import org.cardmanage.api.ResponseApdu;
import org.cardmanage.spi.CardServiceFactory;

/**
 * Which cards this plugin serves, and how sure it is.
 *
 * <p>{@code match} sees only the card's status, not the card, so the plugin bids in two steps:
 * <ul>
 * <li>{@link #KNOWN_CARD_BID} for the ATRs of cardmanage's simulated cards, which are ISO 7816-4 file-system cards;
 * </li>
 * <li>{@link #ANY_CARD_BID} for any other card reached over T=0 or T=1: it may be one. {@link #probe} then checks in
 * {@code create}, with a real connection, that the card answers SELECT MF, and declines with
 * {@link NotSupportedException} if it does not, so the core moves on to the next bidder.</li>
 * </ul>
 * Both bids are low on purpose: a vendor plugin for a particular card bids higher and wins.
 */
final class IsoCards {
    /** The bid for a card known to be ISO 7816-4. */
    static final int KNOWN_CARD_BID = 2;
    /** The bid for any other card reached over T=0 or T=1, subject to the SELECT MF probe. */
    static final int ANY_CARD_BID = 1;

    /** The simulated cards' ATRs: profile {@code demo} (T=1) and {@code demo-t0}. */
    static final Set<Atr> KNOWN_ATRS = Set.of(
            Atr.parseHex("3B F8 13 00 00 81 31 FE 45 43 4D 53 49 4D 2D 54 31 F1"),
            Atr.parseHex("3B 78 13 00 00 43 4D 53 49 4D 2D 54 30"));

    private static final CommandApdu SELECT_MF = CommandApdu.parseHex("00 A4 00 0C 02 3F 00");
    private static final CommandApdu SELECT_MF_WITH_FCP = CommandApdu.parseHex("00 A4 00 00 02 3F 00 00");

    private IsoCards() {
    }

    /** @return the bid for a card: 0 without a card or a T=0/T=1 connection to it */
    static int bid(CardStatus status) {
        boolean iso = status.protocol().map(p -> p == Protocol.T0 || p == Protocol.T1).orElse(false);
        if (!iso || status.atr().isEmpty()) {
            return CardServiceFactory.NO_MATCH;
        }
        return KNOWN_ATRS.contains(status.atr().get()) ? KNOWN_CARD_BID : ANY_CARD_BID;
    }

    /**
     * Makes sure the attachment's card has an ISO 7816-4 file system: a known card passes at once, any other must
     * answer SELECT MF (which leaves the MF selected).
     *
     * @throws NotSupportedException if the card does not answer SELECT MF
     * @throws CardException if talking to the card failed
     */
    static void probe(Attachment attachment) throws CardException {
        CardStatus status = attachment.status();
        if (status.atr().map(KNOWN_ATRS::contains).orElse(false)) {
            return;
        }
        ResponseApdu answer = attachment.transmit(SELECT_MF);
        if (answer.sw() == 0x6A86 || answer.sw() == 0x6A87) { // some cards want P2=00 and return the FCP
            answer = attachment.transmit(SELECT_MF_WITH_FCP);
        }
        if (!IsoStatus.isSuccess(answer)) {
            throw new NotSupportedException("the card with ATR " + status.atr().map(Atr::toString).orElse("?")
                    + " in reader '" + attachment.readerName() + "' answered SELECT MF with "
                    + String.format("%04X", answer.sw()) + " (" + answer.statusMeaning()
                    + "): plugin-iso7816 serves only cards with an ISO 7816-4 file system");
        }
    }
}

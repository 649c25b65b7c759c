package org.example.democard.internal;

import org.cardmanage.api.Attachment;
import org.cardmanage.api.CardFilter;
import org.cardmanage.api.CardStatus;
import org.cardmanage.spi.CardServiceFactory;
import org.example.democard.DemoCard;
import org.osgi.service.component.annotations.Component;

/**
 * The vendor's card-service factory: a whiteboard service that the platform finds by its
 * {@code card.service.interface} property. It names two interfaces, the standard {@code FileAccess} and the vendor's
 * own {@link DemoCard}, and makes one object implementing both.
 *
 * <p>It bids {@link #BID} for the demo card only (matched by ATR under a mask), well above the generic ISO 7816-4
 * plugin's bids (1 and 2), so applications get this plugin's view of that card and the generic one for every other
 * card.
 */
@Component(service = CardServiceFactory.class, property = {
    CardServiceFactory.CARD_SERVICE_INTERFACE + "=org.cardmanage.api.service.FileAccess",
    CardServiceFactory.CARD_SERVICE_INTERFACE + "=org.example.democard.DemoCard"
})
public final class DemoCardFactory implements CardServiceFactory {
    /** A product-specific bid: one card model, identified by its ATR. */
    static final int BID = 100;

    private static final CardFilter DEMO_CARD = CardFilter.atrHex(DemoCard.ATR, DemoCard.ATR_MASK);

    @Override
    public int match(CardStatus status) {
        // Decide from the status alone: no I/O here, the platform bounds this call.
        return status.atr().filter(DEMO_CARD::matchesAtr).isPresent() ? BID : NO_MATCH;
    }

    @Override
    public Object create(Attachment attachment) {
        return new DemoCardView(attachment);
    }
}

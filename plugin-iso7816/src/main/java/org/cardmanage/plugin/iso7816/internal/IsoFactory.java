package org.cardmanage.plugin.iso7816.internal;

import org.cardmanage.api.Attachment;
import org.cardmanage.api.CardException;
import org.cardmanage.api.CardStatus;
import org.cardmanage.spi.CardServiceFactory;

/**
 * What the plugin's three factories share: the same bid ({@link IsoCards#bid}) and the same SELECT MF probe before
 * making a view. Each factory names one interface in {@code card.service.interface} and makes one kind of view.
 */
abstract class IsoFactory implements CardServiceFactory {

    @Override
    public final int match(CardStatus status) {
        return IsoCards.bid(status);
    }

    @Override
    public final Object create(Attachment attachment) throws CardException {
        IsoCards.probe(attachment);
        return view(attachment);
    }

    /** @return the view for a card that passed the probe */
    abstract Object view(Attachment attachment);
}

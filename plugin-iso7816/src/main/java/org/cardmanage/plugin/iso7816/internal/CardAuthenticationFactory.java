package org.cardmanage.plugin.iso7816.internal;

import org.cardmanage.api.Attachment;
import org.cardmanage.spi.CardServiceFactory;
import org.osgi.service.component.annotations.Component;

/** Makes {@link org.cardmanage.api.service.CardAuthentication} views of ISO 7816-4 cards. */
@Component(service = CardServiceFactory.class,
        property = CardServiceFactory.CARD_SERVICE_INTERFACE + "=org.cardmanage.api.service.CardAuthentication")
public final class CardAuthenticationFactory extends IsoFactory {

    @Override
    Object view(Attachment attachment) {
        return new IsoCardAuthentication(attachment);
    }
}

package org.cardmanage.plugin.iso7816.internal;

import org.cardmanage.api.Attachment;
import org.cardmanage.spi.CardServiceFactory;
import org.osgi.service.component.annotations.Component;

/** Makes {@link org.cardmanage.api.service.PinVerification} views of ISO 7816-4 cards. */
@Component(service = CardServiceFactory.class,
        property = CardServiceFactory.CARD_SERVICE_INTERFACE + "=org.cardmanage.api.service.PinVerification")
public final class PinVerificationFactory extends IsoFactory {

    @Override
    Object view(Attachment attachment) {
        return new IsoPinVerification(attachment);
    }
}

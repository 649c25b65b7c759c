package org.cardmanage.driver.pcsc.internal;

import java.util.HexFormat;
import java.util.Hashtable;
import java.util.Set;

import org.cardmanage.api.CardException;
import org.cardmanage.api.Protocol;
import org.cardmanage.api.ShareMode;
import org.cardmanage.driver.pcsc.internal.session.CardView;
import org.cardmanage.driver.pcsc.internal.session.ReaderLink;
import org.cardmanage.spi.CardSession;
import org.cardmanage.spi.ReaderTransport;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * One PC/SC reader as a {@link ReaderTransport} service. Its properties (card presence, ATR, insertion counter) are
 * written by the monitor thread only, so they change in the order the monitor saw the events.
 */
final class PcscReader implements ReaderTransport {
    /** The {@code driver.name} of PC/SC readers. */
    static final String DRIVER = "pcsc";

    private final ReaderLink link;
    private volatile ServiceRegistration<ReaderTransport> registration;

    PcscReader(ReaderLink link) {
        this.link = link;
    }

    String name() {
        return link.readerName();
    }

    ReaderLink link() {
        return link;
    }

    @Override
    public CardSession connect(ShareMode shareMode, Set<Protocol> protocols) throws CardException {
        if (shareMode == null || protocols == null) {
            throw new IllegalArgumentException("share mode and protocols must not be null");
        }
        return link.open(shareMode, protocols);
    }

    // ---- monitor thread -------------------------------------------------------------------------------------------

    /** Records the card the monitor sees and tells the framework, if the reader is registered. */
    void update(CardView card) {
        link.card(card);
        ServiceRegistration<ReaderTransport> registered = registration;
        if (registered != null) {
            try {
                registered.setProperties(properties(null));
            } catch (IllegalStateException unregistered) {
                // The bundle is stopping: nobody is left to tell.
            }
        }
    }

    void register(BundleContext context) {
        registration = context.registerService(ReaderTransport.class, this, properties(null));
    }

    /**
     * Closes the reader's sessions and unregisters the service, telling the core why
     * ({@link ReaderTransport#GONE_REASON}).
     */
    void unregister(String reason) {
        link.close(reason);
        ServiceRegistration<ReaderTransport> registered = registration;
        registration = null;
        if (registered != null) {
            try {
                registered.setProperties(properties(reason));
                registered.unregister();
            } catch (IllegalStateException alreadyGone) {
                // The framework unregistered it first, when our bundle stopped.
            }
        }
    }

    private Hashtable<String, Object> properties(String goneReason) {
        CardView card = link.card();
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(READER_NAME, link.readerName());
        properties.put(DRIVER_NAME, DRIVER);
        properties.put(CARD_PRESENT, card.present());
        properties.put(CARD_INSERTION, card.insertion());
        byte[] atr = card.atr();
        if (card.present() && atr.length > 0) {
            properties.put(CARD_ATR, HexFormat.of().withUpperCase().formatHex(atr));
        }
        if (goneReason != null) {
            properties.put(GONE_REASON, goneReason);
        }
        properties.put("service.description", "cardmanage PC/SC reader " + link.readerName());
        return properties;
    }

    @Override
    public String toString() {
        CardView card = link.card();
        return "PcscReader[" + link.readerName() + (card.present() ? ", card " + card.insertion() : ", empty") + "]";
    }
}

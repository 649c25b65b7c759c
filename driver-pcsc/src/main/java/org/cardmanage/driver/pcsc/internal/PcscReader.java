package org.cardmanage.driver.pcsc.internal;

import java.util.HexFormat;
import java.util.Hashtable;
import java.util.Set;

import org.cardmanage.api.CardException;
import org.cardmanage.api.Protocol;
import org.cardmanage.api.ShareMode;
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

    private final String name;
    private final CardLink link;
    private volatile ServiceRegistration<ReaderTransport> registration;
    private boolean present;
    private byte[] atr;
    private long insertion;

    PcscReader(String name, CardLink link) {
        this.name = name;
        this.link = link;
    }

    String name() {
        return name;
    }

    CardLink link() {
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

    boolean isPresent() {
        return present;
    }

    long insertion() {
        return insertion;
    }

    /** Records the card state and tells the framework, if the reader is registered. */
    void update(boolean cardPresent, byte[] cardAtr, long cardInsertion) {
        present = cardPresent;
        atr = cardPresent ? cardAtr : null;
        insertion = cardInsertion;
        link.cardState(cardPresent, cardInsertion);
        ServiceRegistration<ReaderTransport> registered = registration;
        if (registered != null) {
            try {
                registered.setProperties(properties());
            } catch (IllegalStateException unregistered) {
                // The bundle is stopping: nobody is left to tell.
            }
        }
    }

    void register(BundleContext context) {
        registration = context.registerService(ReaderTransport.class, this, properties());
    }

    /** Unregisters the service and closes the connection; calls in progress fail. */
    void unregister(String reason) {
        ServiceRegistration<ReaderTransport> registered = registration;
        registration = null;
        link.close(reason);
        if (registered != null) {
            try {
                registered.unregister();
            } catch (IllegalStateException alreadyGone) {
                // The framework unregistered it first, when our bundle stopped.
            }
        }
    }

    private Hashtable<String, Object> properties() {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(READER_NAME, name);
        properties.put(DRIVER_NAME, DRIVER);
        properties.put(CARD_PRESENT, present);
        properties.put(CARD_INSERTION, insertion);
        if (present && atr != null) {
            properties.put(CARD_ATR, HexFormat.of().withUpperCase().formatHex(atr));
        }
        properties.put("service.description", "cardmanage PC/SC reader " + name);
        return properties;
    }

    @Override
    public String toString() {
        return "PcscReader[" + name + (present ? ", card " + insertion : ", empty") + "]";
    }
}

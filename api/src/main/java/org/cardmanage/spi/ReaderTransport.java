package org.cardmanage.spi;

import java.util.Set;

import org.cardmanage.api.CardException;
import org.cardmanage.api.Protocol;
import org.cardmanage.api.ShareMode;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One reader, registered by a driver as an OSGi service. The core tracks these services: a reader exists while its
 * service is registered.
 *
 * <p>The service properties carry the reader's state so any OSGi tool can watch it; the driver keeps them current with
 * {@code ServiceRegistration.setProperties}, and the core follows the MODIFIED events:
 * <ul>
 * <li>{@link #READER_NAME} (String, required, unique in the framework)</li>
 * <li>{@link #DRIVER_NAME} (String, required)</li>
 * <li>{@link #CARD_PRESENT} (Boolean)</li>
 * <li>{@link #CARD_ATR} (String, upper-case hex without spaces; absent when no card)</li>
 * <li>{@link #CARD_INSERTION} (Long, grows by at least one with every insertion)</li>
 * </ul>
 *
 * <p>The core calls a transport from any thread, never while holding one of its own locks, and treats it as
 * untrusted: whatever it throws is contained. A driver translates its own failures into the API's
 * {@link CardException} subclasses here, once, naming the reader. Every call must be bounded and end when its thread
 * is interrupted: see {@link CardSession} for the contract and what the core does about a driver that breaks it.
 *
 * @since 1.0
 */
@ConsumerType
public interface ReaderTransport {

    /** Service property: the reader name. */
    String READER_NAME = "reader.name";
    /** Service property: the driver name, e.g. {@code sim}. */
    String DRIVER_NAME = "driver.name";
    /** Service property: whether a card is in the reader. */
    String CARD_PRESENT = "card.present";
    /** Service property: the ATR of the card in the reader, as hex. */
    String CARD_ATR = "card.atr";
    /** Service property: the insertion counter, which identifies the card insertion now in the reader. */
    String CARD_INSERTION = "card.insertion";
    /**
     * Service property a driver may set just before it unregisters a reader: why the reader goes away (e.g.
     * {@code pcscd is not reachable (SCARD_E_NO_SERVICE)}), which the core then gives the reader's attachments as
     * the reason they were revoked.
     *
     * @since 1.2
     */
    String GONE_REASON = "reader.gone.reason";

    /**
     * Connects to the card (PC/SC {@code SCardConnect}). The driver enforces what the reader itself enforces; the
     * core arbitrates sharing between its own attachments before calling this.
     *
     * @param shareMode SHARED, EXCLUSIVE, or DIRECT (no card needed)
     * @param protocols the acceptable protocols; the driver picks one the card offers
     * @return the session
     * @throws org.cardmanage.api.NoCardException if there is no card and the mode is not DIRECT
     * @throws CardException for any other failure, e.g. {@code SCARD_E_PROTO_MISMATCH}
     */
    CardSession connect(ShareMode shareMode, Set<Protocol> protocols) throws CardException;
}

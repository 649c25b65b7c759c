package org.cardmanage.spi;

import org.cardmanage.api.Attachment;
import org.cardmanage.api.CardException;
import org.cardmanage.api.CardStatus;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A card-service plugin: makes typed views of a card for {@link Attachment#createInterface(Class)} (the SCSP's
 * {@code ISCardManage::CreateInterface}, {@code CreateFileAccess}, {@code CreateCHVerification},
 * {@code CreateCardAuth}). A vendor registers it as an OSGi service (whiteboard) with the service property
 * {@link #CARD_SERVICE_INTERFACE} naming the interfaces it makes, e.g. {@code org.cardmanage.api.service.FileAccess}.
 *
 * <p><b>Bidding.</b> For {@code createInterface(X)} the core asks every factory that names {@code X} to
 * {@linkplain #match bid} for the attachment's card, as OSGi Device Access drivers bid for a device. The highest bid
 * wins; equal bids go to the higher {@code service.ranking}, then to the lower {@code service.id}. A factory that bids
 * {@link #NO_MATCH}, throws from {@code match}, or does not answer within a short bound is left out. The core then
 * calls {@link #create} on the winner; if it throws, returns null or returns an object that does not implement
 * {@code X}, the core logs that and tries the next bidder. Suggested bids: 1..9 for a generic plugin (any ISO 7816-4
 * card), 10..99 for a card family, 100 and more for one card product identified by its ATR.
 *
 * <p><b>Views.</b> The caller gets a proxy of {@code X} that forwards to the object {@code create} returned while the
 * factory service stays registered. Once it is unregistered (the plugin bundle stops, is updated or uninstalled) the
 * proxy throws {@link org.cardmanage.api.service.CardServiceUnavailableException} naming the plugin, and drops the
 * plugin's object; a new {@code createInterface} picks the next best plugin. The proxy also fails with
 * {@link org.cardmanage.api.AttachmentClosedException} once the attachment is detached. Whatever the plugin's object
 * throws is contained: a {@link CardException} or an {@link IllegalArgumentException} reaches the caller as it is;
 * any other exception or error becomes a {@code CardException} naming the plugin, so no {@code NoClassDefFoundError}
 * from a dead class loader reaches an application. Every method of {@code X} must therefore declare
 * {@code throws CardException}.
 *
 * <p><b>Threading and contract.</b> The core calls {@code match} and {@code create} from any thread and holds none of
 * its locks meanwhile. {@code match} must be quick and must not do I/O (it gets only the card's status, not a
 * connection); anything that needs the card belongs in {@code create}, which may exchange APDUs through the attachment
 * it is given (for example to probe the card) and refuse with {@link org.cardmanage.api.NotSupportedException}. The
 * attachment a plugin gets is the caller's: the plugin may transmit, lock and reconnect, but not detach it; it stops
 * working for the plugin once the factory is unregistered. Views should be thread-safe, as attachments are.
 *
 * @since 1.1
 */
@ConsumerType
public interface CardServiceFactory {

    /**
     * Service property (String or String[]): the fully qualified names of the interfaces this factory makes, e.g.
     * {@code org.cardmanage.api.service.FileAccess}. Required; a factory without it is never asked.
     */
    String CARD_SERVICE_INTERFACE = "card.service.interface";

    /** The bid that means "this factory does not serve that card". Any bid at or below it counts as no bid. */
    int NO_MATCH = 0;

    /**
     * Bids for a card: how well this factory serves it. Called without a connection to the card: decide from the
     * status alone (ATR, protocol, reader name), quickly and without I/O.
     *
     * @param status the status of the attachment's card
     * @return the bid: {@link #NO_MATCH} (0) for no, higher for a better match
     */
    int match(CardStatus status);

    /**
     * Makes a view of the attachment's card. Called only after a positive {@link #match}, on the caller's thread.
     *
     * @param attachment the attachment the view works on; the plugin may transmit through it but must not detach it
     * @return an object that implements the interface the caller asked for, one of those
     *     {@link #CARD_SERVICE_INTERFACE} names (a factory naming several may return an object implementing all of
     *     them)
     * @throws org.cardmanage.api.NotSupportedException if the card turned out not to be one this factory serves;
     *     the core then tries the next bidder
     * @throws CardException if talking to the card failed; the core then tries the next bidder, unless the
     *     attachment itself failed (detached, card removed or reset, reader gone, lock wait timed out): that reaches
     *     the caller of {@code createInterface} as it is
     */
    Object create(Attachment attachment) throws CardException;
}

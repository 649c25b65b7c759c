package org.cardmanage.api;

import java.time.Duration;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The card manager service (SCSP {@code ISCardManage}): lists readers, attaches to readers and cards, and finds cards.
 *
 * <p>The service is bundle-scoped: each client bundle gets its own instance, and owns the attachments made through it.
 * When the bundle stops or ungets the service, the core detaches them (with {@link Disposition#RESET} by default, so
 * that no authenticated card state leaks to the next user) and frees their locks.
 *
 * <p><b>No inherited card state.</b> A bundle never finds a card in a security state (verified PIN, open secure
 * channel) that another bundle established and left, unless that bundle left it explicitly with
 * {@code detach(Disposition.LEAVE)} or {@code unlock(Disposition.LEAVE)}: {@link Attachment#close()} and
 * {@link CardLock#close()} end with RESET; a bundle that goes away has its attachments detached at once and the card
 * reset (the configured abandon disposition); and a RESET that another attachment's lock holds up is owed to the
 * card and applied as soon as that lock is released or expires, before anyone else is admitted. Stopping a client
 * bundle never waits for other bundles' locks.
 *
 * @since 1.0
 */
@ProviderType
public interface CardManager {

    /**
     * Lists the readers known now, with the card each holds ({@code SCardListReaders}). The list is a consistent
     * snapshot, sorted by reader name.
     *
     * @return the readers, possibly empty
     */
    List<ReaderInfo> readers();

    /**
     * Attaches to the card in a reader, sharing it (SCSP {@code AttachByIFD}, PC/SC {@code SCardConnect}).
     *
     * @param readerName the reader
     * @return the attachment
     * @throws UnknownReaderException if no reader has that name
     * @throws NoCardException if the reader is empty
     * @throws SharingViolationException if another attachment holds the card exclusively
     * @throws AccessDeniedException if the reader access policy denies this bundle the reader
     * @throws CardException if the driver failed
     * @throws IllegalArgumentException if readerName is null
     */
    Attachment attachByReader(String readerName) throws CardException;

    /**
     * Attaches to a reader with the given options (SCSP {@code AttachByIFD}, PC/SC {@code SCardConnect}). A
     * {@link ShareMode#DIRECT} attachment needs no card.
     *
     * @param readerName the reader
     * @param options share mode, protocols and response handling
     * @return the attachment
     * @throws UnknownReaderException if no reader has that name
     * @throws NoCardException if the reader is empty and the share mode is not DIRECT
     * @throws SharingViolationException if the share mode conflicts with other attachments: EXCLUSIVE while others
     *     are attached, or anything while another holds the card exclusively
     * @throws AccessDeniedException if the reader access policy denies this bundle the reader
     * @throws CardException if the driver failed, e.g. no common protocol ({@code SCARD_E_PROTO_MISMATCH})
     * @throws IllegalArgumentException if an argument is null
     */
    Attachment attachByReader(String readerName, AttachOptions options) throws CardException;

    /**
     * Attaches to exactly the card insertion the handle names, sharing it (SCSP {@code AttachByHandle}).
     *
     * @param handle a handle from this card manager
     * @return the attachment
     * @throws CardRemovedException if that card was removed, even if another card is in the reader now
     * @throws ReaderUnavailableException if the reader is gone
     * @throws CardException as for {@link #attachByReader(String, AttachOptions)}
     * @throws IllegalArgumentException if the handle is null or was not made by this card manager in this run
     */
    Attachment attachByHandle(CardHandle handle) throws CardException;

    /**
     * Attaches to exactly the card insertion the handle names (SCSP {@code AttachByHandle}).
     *
     * @param handle a handle from this card manager
     * @param options share mode, protocols and response handling; DIRECT is refused (a handle names a card)
     * @return the attachment
     * @throws CardRemovedException if that card was removed, even if another card is in the reader now
     * @throws ReaderUnavailableException if the reader is gone
     * @throws CardException as for {@link #attachByReader(String, AttachOptions)}
     * @throws IllegalArgumentException if an argument is null, the options ask for DIRECT, or the handle was not made
     *     by this card manager in this run
     */
    Attachment attachByHandle(CardHandle handle, AttachOptions options) throws CardException;

    /**
     * Waits for a card that matches the filter (SCSP {@code ISCardLocate}, PC/SC {@code SCardLocateCards} with
     * {@code SCardGetStatusChange}). Returns at once if such a card is already present; otherwise waits, driven by
     * insertion events, not polling.
     *
     * @param filter the ATR and reader-name constraints
     * @param timeout how long to wait; zero checks once; a timeout above 50 years waits 50 years
     * @return a handle to the first matching card
     * @throws CardTimeoutException if no matching card appeared in time
     * @throws CardException with {@link ScardError#SCARD_E_CANCELLED} if the thread was interrupted (its interrupt
     *     flag is set again) or the card manager is shutting down
     * @throws IllegalArgumentException if an argument is null or the timeout is negative
     */
    CardHandle locate(CardFilter filter, Duration timeout) throws CardException;

    /** @return the calling bundle's live (not detached) attachments, oldest first */
    List<Attachment> attachments();
}

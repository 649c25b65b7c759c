package org.cardmanage.api;

import java.time.Duration;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One bundle's connection to a reader or card, as {@link CardManager} hands it out (a PC/SC {@code SCARDHANDLE} with
 * its owner). Thread-safe: any thread of the owner bundle may use it.
 *
 * <p>Every method that talks to the card throws {@link AttachmentClosedException} once the attachment is detached,
 * {@link ReaderUnavailableException} while its reader is gone, and {@link CardRemovedException} once its card was
 * removed; {@link #reconnect} recovers from the last two.
 *
 * @since 1.0
 */
@ProviderType
public interface Attachment extends AutoCloseable {

    /** @return an id unique in this framework run, e.g. {@code a-17}; shown by the shell and in events */
    String id();

    /** @return the reader this attachment is on */
    String readerName();

    /** @return the share mode it was attached or last reconnected with */
    ShareMode shareMode();

    /** @return the attachment's life-cycle state; never blocks */
    AttachmentState state();

    /** @return a handle to the card this attachment is connected to; empty for a direct attachment with no card */
    Optional<CardHandle> handle();

    /**
     * Reports the card's state, protocol and ATR (SCSP {@code Status}, PC/SC {@code SCardStatus}).
     *
     * @return the status
     * @throws CardException see the class comment
     */
    CardStatus status() throws CardException;

    /**
     * Sends a command APDU and returns the card's response (PC/SC {@code SCardTransmit}). Unless response chaining was
     * switched off in {@link AttachOptions}, a {@code 61xx} answer is completed with GET RESPONSE and a {@code 6Cxx}
     * answer is re-sent with the right Le, so the caller sees the whole response.
     *
     * <p>While another attachment holds a {@linkplain #lock lock} on the card, this waits for it at most the core's
     * configured transmit wait.
     *
     * @param command the command
     * @return the response
     * @throws CardTimeoutException if another attachment's lock was held too long, or the driver gave up waiting for
     *     the card (drivers bound every call)
     * @throws NotSupportedException if the attachment is {@link ShareMode#DIRECT}: it exchanges control codes only
     * @throws CardIOException if the card or driver failed, or answered with fewer than two bytes
     * @throws CardException see the class comment
     * @throws IllegalArgumentException if command is null
     */
    ResponseApdu transmit(CommandApdu command) throws CardException;

    /**
     * Sends a reader control code ({@code SCardControl}), e.g. a PC/SC part 10 feature request.
     *
     * @param controlCode the driver-specific code
     * @param data the input, may be empty
     * @return the reader's output
     * @throws NotSupportedException if the driver does not support the code
     * @throws CardException see the class comment
     * @throws IllegalArgumentException if data is null
     */
    byte[] control(int controlCode, byte[] data) throws CardException;

    /**
     * Starts a transaction on the card (SCSP {@code SCardLock}, PC/SC {@code SCardBeginTransaction}): until it ends, no
     * other attachment exchanges APDUs with the card. Waiting for the lock is fair: first come, first served.
     *
     * @param timeout how long to wait for another holder to let go; zero means do not wait; a timeout above 50 years
     *     waits 50 years
     * @return the lock, to {@linkplain CardLock#unlock unlock} or close
     * @throws CardTimeoutException if the card stayed locked by another attachment for the whole timeout
     * @throws CardException if this attachment already holds the lock ({@code SCARD_E_SHARING_VIOLATION}), or see the
     *     class comment
     * @throws IllegalArgumentException if timeout is null or negative
     */
    CardLock lock(Duration timeout) throws CardException;

    /**
     * Re-establishes the connection (SCSP {@code Reconnect}, PC/SC {@code SCardReconnect}), keeping this attachment and
     * its id. After the card was removed, it binds the attachment to the card now in the reader; after the reader was
     * revoked, to the reader of the same name that came back.
     *
     * @param shareMode the share mode from now on
     * @param initialization what to do with the card first: {@link Disposition#LEAVE}, {@link Disposition#RESET} or
     *     {@link Disposition#UNPOWER} (EJECT is refused)
     * @throws ReaderUnavailableException if the reader is still gone
     * @throws NoCardException if the reader is empty (unless {@code shareMode} is DIRECT)
     * @throws SharingViolationException if the new share mode conflicts with other attachments
     * @throws AttachmentClosedException if the attachment was detached
     * @throws CardException if the driver failed
     * @throws IllegalArgumentException if an argument is null or initialization is EJECT
     */
    void reconnect(ShareMode shareMode, Disposition initialization) throws CardException;

    /**
     * Makes a typed view of the card (SCSP {@code CreateInterface}) from the card-service plugin that bids highest for
     * this card.
     *
     * @param <T> the interface type
     * @param serviceInterface e.g. a file-access or PIN-verification interface
     * @return the view, valid while this attachment and the plugin live
     * @throws NotSupportedException if no plugin provides the interface for this card; the message names both
     * @throws CardException see the class comment
     * @throws IllegalArgumentException if serviceInterface is null
     */
    <T> T createInterface(Class<T> serviceInterface) throws CardException;

    /**
     * Ends the attachment (SCSP {@code Detach}, PC/SC {@code SCardDisconnect}); releases its lock if it holds one. The
     * attachment is detached even if the driver fails to apply the disposition; that failure is then thrown.
     *
     * <p>A RESET or UNPOWER never pulls the card from under another attachment's lock, and is never dropped for it
     * either: while another attachment holds the card's lock, this call returns at once (the attachment is detached)
     * and the disposition is applied as soon as that lock ends, before anyone else uses the card. Otherwise it
     * returns once the driver has applied it, or after the transmit wait if the card stays busy (it is applied then,
     * when the card's current call ends).
     *
     * @param disposition what to do with the card
     * @throws AttachmentClosedException if it was already detached
     * @throws NotSupportedException if the driver cannot apply the disposition (the attachment is still detached)
     * @throws CardException if the driver failed (the attachment is still detached)
     * @throws IllegalArgumentException if disposition is null
     */
    void detach(Disposition disposition) throws CardException;

    /**
     * Detaches with {@link Disposition#RESET}; does nothing if already detached. Never throws.
     *
     * <p>RESET, not LEAVE, so that a try-with-resources block leaves no verified PIN or open secure channel to the
     * next user of the card. A bundle that wants to keep the card's state says so: {@code detach(Disposition.LEAVE)}.
     *
     * @since 1.2
     */
    @Override
    void close();
}

package org.cardmanage.spi;

import java.util.Optional;
import java.util.Set;

import org.cardmanage.api.Atr;
import org.cardmanage.api.CardException;
import org.cardmanage.api.Disposition;
import org.cardmanage.api.Protocol;
import org.cardmanage.api.ShareMode;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A driver's connection to a card or reader, made by {@link ReaderTransport#connect}. The core serialises calls on one
 * session; different sessions may be called concurrently.
 *
 * <h2>Every call is bounded, and ends when interrupted</h2>
 *
 * The core calls a session on its caller's thread, so that an APDU costs no thread hand-over. In return a driver must:
 * <ul>
 * <li><b>bound every call</b>: return or throw within a time it documents and makes configurable (driver-pcsc:
 * {@code call.timeout.ms}, then {@link org.cardmanage.api.CardTimeoutException}), whatever the card, the reader or a
 * native library does;</li>
 * <li><b>end a call promptly when its thread is interrupted</b>, with a {@link CardException} (for example
 * {@link org.cardmanage.api.ScardError#SCARD_E_CANCELLED}), rather than swallow the interrupt and keep waiting; it may
 * leave the interrupt flag set;</li>
 * <li>throw nothing but {@link CardException}s: anything else is contained by the core as a
 * {@link org.cardmanage.api.CardIOException}, but it is the driver's bug;</li>
 * <li>return well-formed data: a response of fewer than two bytes is a {@code CardIOException} for the caller.</li>
 * </ul>
 *
 * <p>The core interrupts the thread in {@link #transmit}, {@link #control}, {@link #beginTransaction} and
 * {@link #endTransaction} when the reader's service goes away, when the attachment is detached (by its owner, by the
 * core for a bundle that went away, or by an operator), and when the call overruns the core's own bound
 * ({@code driver.call.timeout.ms} of configuration {@code org.cardmanage.core}, 60 s by default); the caller then gets
 * {@link org.cardmanage.api.ReaderUnavailableException}, {@link org.cardmanage.api.AttachmentClosedException} or
 * {@link org.cardmanage.api.CardTimeoutException}, and the core takes its interrupt back. What the core cannot do is
 * free a thread that a driver keeps blocked while ignoring interrupts: that caller stays blocked (only that one: other
 * attachments of the same card wait at most the core's {@code transmit.wait.ms} and get a
 * {@code CardTimeoutException}, other readers are not affected at all). {@link #atr()}, {@link #protocol()},
 * {@link #insertion()}, {@link #reconnect} and {@link ReaderTransport#connect} are not interrupted by the core: they
 * must return promptly by themselves; {@link #disconnect} called by the core for a departed bundle runs on the core's
 * worker pool, with its caller released after {@code transmit.wait.ms}.
 *
 * @since 1.0
 */
@ConsumerType
public interface CardSession {

    /** @return the ATR of the card this session is connected to; empty for a direct session without a card */
    Optional<Atr> atr();

    /** @return the protocol in use; empty for a direct session */
    Optional<Protocol> protocol();

    /**
     * @return the insertion counter ({@link ReaderTransport#CARD_INSERTION}) of the card this session is connected to,
     *     so the core can tell exactly which card insertion it reaches
     */
    long insertion();

    /**
     * Exchanges one APDU ({@code SCardTransmit}).
     *
     * @param command the encoded command APDU
     * @return the encoded response, data followed by SW1 SW2
     * @throws org.cardmanage.api.CardRemovedException if the card was removed
     * @throws CardException for any other failure
     */
    byte[] transmit(byte[] command) throws CardException;

    /**
     * Sends a reader control code ({@code SCardControl}).
     *
     * @param controlCode the code
     * @param data the input
     * @return the output
     * @throws org.cardmanage.api.NotSupportedException if the code is not supported
     * @throws CardException for any other failure
     */
    byte[] control(int controlCode, byte[] data) throws CardException;

    /**
     * Starts a transaction at the reader level ({@code SCardBeginTransaction}), so that other processes sharing the
     * reader are kept out too. The core has already arbitrated between its own attachments.
     *
     * @throws CardException if it failed
     */
    void beginTransaction() throws CardException;

    /**
     * Starts a transaction, waiting at most {@code timeout} for another process that holds one on the card. The core
     * calls this with what is left of the timeout its caller gave {@code Attachment.lock}. A driver that cannot bound
     * that wait keeps the default, which ignores the timeout and calls {@link #beginTransaction()}.
     *
     * @param timeout the longest wait; zero tries once
     * @throws org.cardmanage.api.CardTimeoutException if the timeout passed first; then no transaction is held
     * @throws CardException if it failed
     * @since 1.2
     */
    default void beginTransaction(java.time.Duration timeout) throws CardException {
        beginTransaction();
    }

    /**
     * Ends the transaction ({@code SCardEndTransaction}).
     *
     * @param disposition what to do with the card
     * @throws CardException if it failed
     */
    void endTransaction(Disposition disposition) throws CardException;

    /**
     * Re-establishes the connection ({@code SCardReconnect}), possibly to a new card in the same reader; afterwards
     * {@link #atr()}, {@link #protocol()} and {@link #insertion()} describe the new connection.
     *
     * @param shareMode the share mode
     * @param protocols the acceptable protocols
     * @param initialization LEAVE, RESET or UNPOWER
     * @throws CardException if it failed
     */
    void reconnect(ShareMode shareMode, Set<Protocol> protocols, Disposition initialization) throws CardException;

    /**
     * Closes the session ({@code SCardDisconnect}). Called exactly once by the core.
     *
     * @param disposition what to do with the card
     * @throws CardException if the disposition could not be applied; the session is closed anyway
     */
    void disconnect(Disposition disposition) throws CardException;
}

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

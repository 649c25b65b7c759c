package org.cardmanage.remote;

import java.util.List;

import org.cardmanage.api.Disposition;
import org.cardmanage.api.Protocol;
import org.cardmanage.api.ShareMode;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The session-oriented remote reader service a card-farm host exports (OSGi Remote Services, Aries RSA TCP provider).
 * An application host imports it and turns each remote reader into a local {@code ReaderTransport} named
 * {@code HOST/READER}; a tool may also call it directly.
 *
 * <p>A session is one attachment on the farm's own card manager, so the farm arbitrates between its local and remote
 * users, and frees everything with its usual clean-up. A session lives as long as its <em>lease</em>: every call on
 * it, and {@link #renew}, extends the lease by {@link FarmInfo#leaseMs()}; a session whose lease runs out (its client
 * vanished or cannot reach the farm) is detached with {@link Disposition#RESET}.
 *
 * <p>Every method fails only with {@link RemoteCardException}, which names the API exception the caller should see.
 * A call that cannot reach the farm fails in the caller's distribution provider (an unchecked exception there); the
 * application side of this bundle translates both into {@code CardException}s. Arguments are never null.
 *
 * @since 1.0
 */
@ProviderType
public interface RemoteReaders {

    /** Service property of the exported service: the farm's host name, the {@code HOST} in {@code HOST/READER}. */
    String HOST = "cardmanage.remote.host";
    /** Service property of the exported service: the lease in milliseconds (Long). */
    String LEASE_MS = "cardmanage.remote.lease.ms";
    /** The longest {@link #events} waits, whatever the caller asks, in milliseconds. */
    long MAX_EVENT_WAIT_MS = 30_000;

    /** @return who the farm is, its lease, and the id of its current run (it changes when the farm restarts) */
    FarmInfo farm();

    /** @return the farm's local readers now, sorted by name, with card presence, ATR and insertion counter */
    List<RemoteReader> readers();

    /**
     * Opens a session on a reader ({@code SCardConnect} on the farm).
     *
     * @param client a name for the caller, shown in the farm's session list and logs
     * @param reader the farm's local reader name
     * @param shareMode SHARED, EXCLUSIVE or DIRECT
     * @param protocols the acceptable protocols, at least one
     * @return the session id, its lease, and the card's ATR, protocol and insertion
     * @throws RemoteCardException as the farm's card manager would fail the attach
     */
    SessionGrant open(String client, String reader, ShareMode shareMode, Protocol[] protocols)
            throws RemoteCardException;

    /**
     * Exchanges one APDU, raw: the farm does no response chaining (the caller's own card manager does).
     *
     * @param session the session id
     * @param command the encoded command APDU
     * @return the encoded response, data then SW1 SW2
     * @throws RemoteCardException if the session is unknown (kind {@link RemoteCardException.Kind#UNKNOWN_SESSION}) or
     *     the transmit failed
     */
    byte[] transmit(String session, byte[] command) throws RemoteCardException;

    /**
     * Exchanges several APDUs in one round trip, in order, stopping at the first failure.
     *
     * @param session the session id
     * @param commands the encoded command APDUs
     * @return the responses up to the first failure, and that failure if there was one
     * @throws RemoteCardException if the session is unknown
     */
    BatchResult transmitBatch(String session, List<byte[]> commands) throws RemoteCardException;

    /**
     * Sends a reader control code ({@code SCardControl}).
     *
     * @param session the session id
     * @param controlCode the code
     * @param data the input, possibly empty
     * @return the reader's output
     * @throws RemoteCardException if it failed
     */
    byte[] control(String session, int controlCode, byte[] data) throws RemoteCardException;

    /**
     * Begins a transaction: locks the card on the farm ({@code SCardBeginTransaction}).
     *
     * @param session the session id
     * @param timeoutMs how long to wait for another holder, at most {@link #MAX_EVENT_WAIT_MS}
     * @throws RemoteCardException if it failed, e.g. {@link RemoteCardException.Kind#TIMEOUT}
     */
    void beginTransaction(String session, long timeoutMs) throws RemoteCardException;

    /**
     * Ends the session's transaction ({@code SCardEndTransaction}).
     *
     * @param session the session id
     * @param disposition what to do with the card
     * @throws RemoteCardException if it failed, or there is no transaction
     */
    void endTransaction(String session, Disposition disposition) throws RemoteCardException;

    /**
     * Re-establishes the session's connection ({@code SCardReconnect}), possibly to a new card.
     *
     * @param session the session id
     * @param shareMode the share mode from now on
     * @param initialization LEAVE, RESET or UNPOWER
     * @return the session as it is now (same id)
     * @throws RemoteCardException if it failed
     */
    SessionGrant reconnect(String session, ShareMode shareMode, Disposition initialization)
            throws RemoteCardException;

    /**
     * Closes the session ({@code SCardDisconnect}); closing an unknown session does nothing.
     *
     * @param session the session id
     * @param disposition what to do with the card
     * @throws RemoteCardException if the disposition could not be applied (the session is closed anyway)
     */
    void close(String session, Disposition disposition) throws RemoteCardException;

    /**
     * Renews the lease of several sessions at once.
     *
     * @param sessions the session ids
     * @return the ids among them the farm does not know (closed, expired, or from before a farm restart)
     */
    List<String> renew(List<String> sessions);

    /**
     * Returns the farm's reader and card events after a sequence number, waiting for one if there is none yet.
     *
     * @param afterSequence the last sequence number the caller has seen; 0 for everything still buffered
     * @param maxWaitMs how long to wait for a first event, at most {@link #MAX_EVENT_WAIT_MS}; 0 answers at once
     * @return the events, in order, and the farm's run id
     */
    EventBatch events(long afterSequence, long maxWaitMs);
}

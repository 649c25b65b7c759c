package org.cardmanage.driver.pcsc.internal.port;

import java.util.List;

/**
 * The winscard functions the driver uses, one method each, with PC/SC's own semantics: contexts and card handles are
 * opaque numbers, share modes, protocols, dispositions and reader states are the {@link Pcsc} constants, and every
 * failure is a {@link PcscException} carrying the PC/SC return code. Everything the driver does sits above this
 * interface, so that it can be tested against a fake that behaves like pcscd.
 *
 * <p>Threads: as in winscard, a context may be used from several threads; calls on one context and on the handles
 * made on it are carried out one at a time (libpcsclite holds the context's mutex for the round trip to pcscd), and
 * {@link #cancel} may be called from any thread. Handles are tied to the context they were made on.
 *
 * <p>Blocking: with {@link #sharingReturnsAtOnce()} true, a {@link #transmit}, {@link #control}, {@link #status},
 * {@link #getAttribute} or {@link #reconnect} on a card that another handle holds in a transaction fails at once with
 * {@link Pcsc#SCARD_E_SHARING_VIOLATION} and has not reached the card; {@link #beginTransaction} keeps trying (about
 * every 100 ms) until it gets the transaction or its handle is disconnected by another thread ({@link
 * Pcsc#SCARD_E_INVALID_HANDLE}); {@link #connect}, and {@link #disconnect} with another disposition than LEAVE, wait
 * inside pcscd until a foreign transaction ends.
 */
public interface PcscPort {

    /** @return what this port is bound to, for logs and status, e.g. {@code libpcsclite.so.1 through JNA} */
    String description();

    /**
     * @return whether a call on a card that another handle holds in a transaction fails at once with
     *     {@link Pcsc#SCARD_E_SHARING_VIOLATION} (pcsc-lite with {@code PCSCLITE_NO_BLOCKING}) rather than waiting
     *     for the transaction to end
     */
    boolean sharingReturnsAtOnce();

    /** {@code SCardEstablishContext(SCARD_SCOPE_SYSTEM)}. @return the context */
    long establishContext() throws PcscException;

    /**
     * {@code SCardReleaseContext}: its handles are disconnected (LEAVE). It waits for a call in progress on the context
     * ({@link #cancel} ends a {@link #getStatusChange} first).
     */
    void releaseContext(long context) throws PcscException;

    /**
     * Breaks the context's connection to pcscd, so that a call blocked on it (a card that does not answer, a wait
     * inside pcscd) returns at once with an error. The context and its handles are dead afterwards and must only be
     * released; pcscd frees what they held (a transaction, handles, as with LEAVE) when it sees the connection close.
     * Safe to call from any thread while a call is in progress; never waits for it.
     *
     * @return true if the connection was broken, false where this port cannot do it (then nothing was done)
     */
    default boolean abandon(long context) {
        return false;
    }

    /** @return whether {@link #abandon} can break this context's connection */
    default boolean canAbandon(long context) {
        return false;
    }

    /**
     * {@code SCardListReaders}.
     *
     * @return the readers' names; empty (not an exception) for {@link Pcsc#SCARD_E_NO_READERS_AVAILABLE}
     */
    List<String> listReaders(long context) throws PcscException;

    /**
     * {@code SCardGetStatusChange}: waits until the state of one of the readers differs from its
     * {@link ReaderStateQuery#currentState()}, then fills in every query's event state and ATR.
     *
     * @param timeoutMillis the longest wait; 0 to return at once, {@link Pcsc#INFINITE} for none
     * @return true if a state changed, false if the wait timed out ({@link Pcsc#SCARD_E_TIMEOUT})
     * @throws PcscException {@link Pcsc#SCARD_E_CANCELLED} after {@link #cancel}, or any other failure
     */
    boolean getStatusChange(long context, long timeoutMillis, ReaderStateQuery[] readers) throws PcscException;

    /** {@code SCardCancel}: ends a {@link #getStatusChange} waiting on the context, from any thread. */
    void cancel(long context) throws PcscException;

    /**
     * {@code SCardConnect}.
     *
     * @param shareMode {@link Pcsc#SCARD_SHARE_SHARED}, {@code _EXCLUSIVE} or {@code _DIRECT}
     * @param preferredProtocols {@link Pcsc#SCARD_PROTOCOL_T0} | {@code _T1} | {@code _RAW}; 0 for DIRECT
     * @return the handle and the protocol chosen
     */
    Connection connect(long context, String reader, int shareMode, int preferredProtocols) throws PcscException;

    /**
     * {@code SCardReconnect}: changes the share mode and protocols of a handle and, with an initialization other than
     * LEAVE, resets or powers the card down and up; ends the handle's transaction.
     *
     * @param initialization {@link Pcsc#SCARD_LEAVE_CARD}, {@code _RESET_CARD} or {@code _UNPOWER_CARD}
     * @return the protocol chosen
     */
    int reconnect(long handle, int shareMode, int preferredProtocols, int initialization) throws PcscException;

    /** {@code SCardDisconnect} with {@link Pcsc#SCARD_LEAVE_CARD}, {@code _RESET_CARD}, {@code _UNPOWER_CARD} or {@code _EJECT_CARD}. */
    void disconnect(long handle, int disposition) throws PcscException;

    /** {@code SCardBeginTransaction}. */
    void beginTransaction(long handle) throws PcscException;

    /** {@code SCardEndTransaction} with one of the four dispositions. */
    void endTransaction(long handle, int disposition) throws PcscException;

    /**
     * {@code SCardTransmit}.
     *
     * @param protocol the handle's protocol ({@link Pcsc#SCARD_PROTOCOL_T0}, {@code _T1} or {@code _RAW}), for the
     *     send PCI
     * @param command the command APDU
     * @return the response APDU (up to 65 538 bytes)
     */
    byte[] transmit(long handle, int protocol, byte[] command) throws PcscException;

    /**
     * {@code SCardControl}.
     *
     * @param controlCode the code as the platform's reader drivers expect it (see {@link #controlCode})
     * @return the output (up to 65 536 bytes)
     */
    byte[] control(long handle, int controlCode, byte[] input) throws PcscException;

    /** {@code SCardStatus}. @return the reader, state, protocol and ATR of the handle's card */
    CardStatus status(long handle) throws PcscException;

    /** {@code SCardGetAttrib}. @return the attribute's value */
    byte[] getAttribute(long handle, int attributeId) throws PcscException;

    /**
     * {@code SCARD_CTL_CODE(function)} as this platform defines it (pcsc-lite: {@code 0x42000000 + function};
     * Windows: {@code (0x31 << 16) | (function << 2)}).
     */
    int controlCode(int function);
}

package org.cardmanage.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A transaction on a card, made by {@link Attachment#lock} (SCSP {@code SCardLock}, PC/SC
 * {@code SCardBeginTransaction}). While it is held, no other attachment, of any bundle, exchanges APDUs with the card.
 *
 * <p>If the holder leaves it idle (no transmit) for longer than the configured bound (5 s by default), the core
 * releases it with {@link Disposition#RESET}, and the holder's next call throws {@link CardResetException}.
 *
 * @since 1.0
 */
@ProviderType
public interface CardLock extends AutoCloseable {

    /** @return the attachment holding this lock */
    Attachment attachment();

    /** @return true until the lock is unlocked, released for idleness, or its attachment is gone */
    boolean isHeld();

    /**
     * Ends the transaction (SCSP {@code SCardUnlock}, PC/SC {@code SCardEndTransaction}).
     *
     * @param disposition what to do with the card: {@link Disposition#LEAVE} or {@link Disposition#RESET} are what
     *     most drivers support; others may throw {@link NotSupportedException}
     * @throws CardResetException if the lock had already been released for idleness
     * @throws CardException if the lock is no longer held ({@code SCARD_E_NOT_TRANSACTED}), or the driver failed
     * @throws IllegalArgumentException if disposition is null
     */
    void unlock(Disposition disposition) throws CardException;

    /** Unlocks with {@link Disposition#LEAVE} if still held; does nothing otherwise. Never throws. */
    @Override
    void close();
}

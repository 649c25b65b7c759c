package org.cardmanage.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A transaction on a card, made by {@link Attachment#lock} (SCSP {@code SCardLock}, PC/SC
 * {@code SCardBeginTransaction}). While it is held, no other attachment, of any bundle, exchanges APDUs with the card.
 *
 * <p>If the holder leaves it idle (no transmit) for longer than the configured bound (5 s by default), the core
 * releases it with {@link Disposition#RESET}, and the holder's next call throws {@link CardResetException}.
 *
 * <p>{@link #close()} ends the transaction with RESET; only an explicit {@code unlock(Disposition.LEAVE)} leaves the
 * card's security state to whoever uses the card next.
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

    /**
     * Unlocks with {@link Disposition#RESET} if still held; does nothing otherwise. Never throws.
     *
     * <p>RESET, not LEAVE: a lock is what a bundle takes around a VERIFY and the commands it guards, and the security
     * state those establish must not outlive the transaction for whoever transmits next. A bundle that wants to keep
     * its session (selected file, verified PIN) beyond the lock says so: {@code unlock(Disposition.LEAVE)}.
     *
     * @since 1.2
     */
    @Override
    void close();
}

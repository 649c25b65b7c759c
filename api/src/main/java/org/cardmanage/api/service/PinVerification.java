package org.cardmanage.api.service;

import org.cardmanage.api.CardException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Card-holder verification: verify, change and unblock a PIN, and read its retry counter. The SCSP counterpart is
 * {@code ISCardVerify} (made by {@code ISCardManage::CreateCHVerification}); obtain one with
 * {@code attachment.createInterface(PinVerification.class)}.
 *
 * <p>A {@code reference} names the PIN as ISO 7816-4 P2 does (e.g. {@code 0x81}: a specific, application-local PIN);
 * which references a card has is the card's business. How a PIN's characters are encoded for the card (ASCII, BCD,
 * padding) is the plugin's business.
 *
 * <p>Secrets are {@code char[]} so the caller can clear them once the call returns. No implementation logs them, keeps
 * them after the call, or puts them into an exception message or a {@code toString()}; the core's APDU trace redacts
 * the data of VERIFY, CHANGE REFERENCE DATA and RESET RETRY COUNTER commands.
 *
 * <p>Failures: {@link WrongPinException} (with the tries left), {@link PinBlockedException},
 * {@link CardStatusException} for any other refusal (e.g. an unknown reference, {@code 6A88}),
 * {@link org.cardmanage.api.NotSupportedException} when the card does not know the command; plus every exception of
 * {@link org.cardmanage.api.Attachment}, and {@link CardServiceUnavailableException} once the plugin is gone.
 *
 * @since 1.0
 */
@ConsumerType
public interface PinVerification {

    /**
     * Verifies a PIN (VERIFY). On success the card's security status includes the reference until it is reset
     * ({@link #resetSecurityStatus}, a card reset, or a detach with RESET).
     *
     * @param reference the PIN reference, {@code 0x00..0xFF}
     * @param pin the PIN; not kept after the call
     * @throws WrongPinException if the PIN is wrong; it says how many tries are left
     * @throws PinBlockedException if the reference is blocked
     * @throws CardException see the class comment
     * @throws IllegalArgumentException if pin is null, empty or not encodable for this card, or reference is out of
     *     range
     */
    void verify(int reference, char[] pin) throws CardException;

    /**
     * Reports the state of a reference without trying a value (VERIFY without data).
     *
     * @param reference the PIN reference
     * @return verified, blocked, or not verified with the tries left when the card says
     * @throws CardException see the class comment
     * @throws IllegalArgumentException if reference is out of range
     */
    PinStatus status(int reference) throws CardException;

    /**
     * Changes a PIN (CHANGE REFERENCE DATA). The old PIN is checked like {@link #verify}: a wrong one costs a try.
     *
     * @param reference the PIN reference
     * @param oldPin the current PIN; not kept
     * @param newPin the new PIN; not kept
     * @throws WrongPinException if the old PIN is wrong
     * @throws PinBlockedException if the reference is blocked
     * @throws CardStatusException if the card refuses the new PIN (e.g. {@code 6A80}, wrong format)
     * @throws CardException see the class comment
     * @throws IllegalArgumentException if a PIN is null, empty or not encodable for this card, or reference is out
     *     of range
     */
    void change(int reference, char[] oldPin, char[] newPin) throws CardException;

    /**
     * Unblocks a PIN with the PUK (RESET RETRY COUNTER): resets its retry counter and, if {@code newPin} is given,
     * sets a new PIN. The PIN is not verified afterwards.
     *
     * @param reference the PIN reference
     * @param puk the unblocking key; not kept
     * @param newPin the new PIN, or null to keep the current one; not kept
     * @throws WrongPinException if the PUK is wrong; it says how many PUK tries are left
     * @throws PinBlockedException if the PUK itself is blocked
     * @throws CardException see the class comment
     * @throws IllegalArgumentException if puk is null or empty, a value is not encodable for this card, or
     *     reference is out of range
     */
    void unblock(int reference, char[] puk, char[] newPin) throws CardException;

    /**
     * Takes a verification back (VERIFY with P1=FF, ISO 7816-4:2013), so the card's security status no longer
     * includes the reference.
     *
     * @param reference the PIN reference
     * @throws org.cardmanage.api.NotSupportedException if the card cannot do that; a card reset does it instead
     * @throws CardException see the class comment
     * @throws IllegalArgumentException if reference is out of range
     */
    void resetSecurityStatus(int reference) throws CardException;
}

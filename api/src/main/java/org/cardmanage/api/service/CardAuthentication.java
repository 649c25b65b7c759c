package org.cardmanage.api.service;

import org.cardmanage.api.CardException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Challenge-response authentication between the card and the outside world: GET CHALLENGE, INTERNAL AUTHENTICATE (the
 * card proves itself) and EXTERNAL AUTHENTICATE (the outside world proves itself). The SCSP counterpart is
 * {@code ISCardAuth} (made by {@code ISCardManage::CreateCardAuth}); obtain one with
 * {@code attachment.createInterface(CardAuthentication.class)}.
 *
 * <p>{@code algorithm} and {@code keyReference} are P1 and P2 of ISO 7816-4: 0 means "known by the card" for both.
 * Cryptography (computing the cryptogram for EXTERNAL AUTHENTICATE, checking the card's answer) is the caller's.
 *
 * <p>Failures: {@link SecurityStatusException}, {@link CardStatusException} (e.g. {@code 6300} or {@code 63Cx}: the
 * cryptogram was wrong), {@link org.cardmanage.api.NotSupportedException} when the card does not know the command;
 * plus every exception of {@link org.cardmanage.api.Attachment}, and {@link CardServiceUnavailableException} once the
 * plugin is gone.
 *
 * @since 1.0
 */
@ConsumerType
public interface CardAuthentication {

    /**
     * Asks the card for a random challenge (GET CHALLENGE).
     *
     * @param length how many bytes, 1..256
     * @return the challenge
     * @throws CardException see the class comment
     * @throws IllegalArgumentException if length is out of range
     */
    byte[] getChallenge(int length) throws CardException;

    /**
     * Lets the card prove itself (INTERNAL AUTHENTICATE): it answers the challenge with a cryptogram computed with
     * the key.
     *
     * @param algorithm the algorithm reference (P1), {@code 0x00..0xFF}
     * @param keyReference the key reference (P2), {@code 0x00..0xFF}
     * @param challenge the authentication data, 1..255 bytes
     * @return the card's answer
     * @throws CardException see the class comment
     * @throws IllegalArgumentException if an argument is null or out of range
     */
    byte[] internalAuthenticate(int algorithm, int keyReference, byte[] challenge) throws CardException;

    /**
     * Proves the outside world to the card (EXTERNAL AUTHENTICATE), usually with a cryptogram over a challenge from
     * {@link #getChallenge}. On success the card's security status includes the key.
     *
     * @param algorithm the algorithm reference (P1), {@code 0x00..0xFF}
     * @param keyReference the key reference (P2), {@code 0x00..0xFF}
     * @param cryptogram the authentication data, 1..255 bytes
     * @throws CardStatusException if the card rejected the cryptogram
     * @throws CardException see the class comment
     * @throws IllegalArgumentException if an argument is null or out of range
     */
    void externalAuthenticate(int algorithm, int keyReference, byte[] cryptogram) throws CardException;
}

package org.cardmanage.plugin.iso7816.internal;

import org.cardmanage.api.Attachment;
import org.cardmanage.api.CardException;
import org.cardmanage.api.CommandApdu;
import org.cardmanage.api.ResponseApdu;
import org.cardmanage.api.service.CardAuthentication;
import org.cardmanage.api.service.CardStatusException;

/**
 * {@link CardAuthentication} with GET CHALLENGE (84), INTERNAL AUTHENTICATE (88) and EXTERNAL AUTHENTICATE (82),
 * short APDUs. Stateless, so thread-safe.
 */
final class IsoCardAuthentication implements CardAuthentication {
    private final Attachment card;

    IsoCardAuthentication(Attachment card) {
        this.card = card;
    }

    @Override
    public byte[] getChallenge(int length) throws CardException {
        if (length < 1 || length > 256) {
            throw new IllegalArgumentException("challenge length must be 1..256, was " + length);
        }
        byte[] challenge = IsoStatus.expectSuccess(card.transmit(new CommandApdu(0x00, 0x84, 0x00, 0x00, length)),
                "GET CHALLENGE of " + length + " bytes", card.readerName()).data();
        if (challenge.length != length) {
            throw new CardStatusException("GET CHALLENGE of " + length + " bytes in reader '" + card.readerName()
                    + "' returned " + challenge.length + " bytes", 0x9000);
        }
        return challenge;
    }

    @Override
    public byte[] internalAuthenticate(int algorithm, int keyReference, byte[] challenge) throws CardException {
        checkArguments(algorithm, keyReference, challenge, "challenge");
        return IsoStatus.expectSuccess(
                card.transmit(new CommandApdu(0x00, 0x88, algorithm, keyReference, challenge, 256)),
                "INTERNAL AUTHENTICATE with key " + String.format("%02X", keyReference), card.readerName()).data();
    }

    @Override
    public void externalAuthenticate(int algorithm, int keyReference, byte[] cryptogram) throws CardException {
        checkArguments(algorithm, keyReference, cryptogram, "cryptogram");
        ResponseApdu response = card.transmit(new CommandApdu(0x00, 0x82, algorithm, keyReference, cryptogram));
        String what = "EXTERNAL AUTHENTICATE with key " + String.format("%02X", keyReference);
        if (response.sw() == 0x6300 || (response.sw() & 0xFFF0) == 0x63C0) {
            throw new CardStatusException(what + " in reader '" + card.readerName() + "': the card rejected the "
                    + "cryptogram", response.sw());
        }
        if (response.sw() != 0x9000) {
            throw IsoStatus.failure(response, what, card.readerName());
        }
    }

    private static void checkArguments(int algorithm, int keyReference, byte[] data, String what) {
        if (algorithm < 0 || algorithm > 0xFF || keyReference < 0 || keyReference > 0xFF) {
            throw new IllegalArgumentException("algorithm and key reference must be 00..FF, were " + algorithm
                    + " and " + keyReference);
        }
        if (data == null || data.length < 1 || data.length > 255) {
            throw new IllegalArgumentException(what + " must be 1..255 bytes, was "
                    + (data == null ? "null" : data.length + " bytes"));
        }
    }

    @Override
    public String toString() {
        return "ISO 7816-4 CardAuthentication on " + card.readerName();
    }
}

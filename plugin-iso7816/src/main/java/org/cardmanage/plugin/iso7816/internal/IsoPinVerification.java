package org.cardmanage.plugin.iso7816.internal;

import org.cardmanage.api.Attachment;
import org.cardmanage.api.CardException;
import org.cardmanage.api.CommandApdu;
import org.cardmanage.api.NotSupportedException;
import org.cardmanage.api.ResponseApdu;
import org.cardmanage.api.service.CardStatusException;
import org.cardmanage.api.service.PinBlockedException;
import org.cardmanage.api.service.PinStatus;
import org.cardmanage.api.service.PinVerification;
import org.cardmanage.api.service.WrongPinException;

/**
 * {@link PinVerification} with VERIFY (20), CHANGE REFERENCE DATA (24) and RESET RETRY COUNTER (2C). PINs and PUKs are
 * sent as {@link PinBlock}s (ASCII, {@code FF}-padded to 8 bytes); the blocks are cleared as soon as the command is
 * built and sent, and never appear in a message.
 *
 * <p>Stateless, so thread-safe.
 */
final class IsoPinVerification implements PinVerification {
    private final Attachment card;

    IsoPinVerification(Attachment card) {
        this.card = card;
    }

    @Override
    public void verify(int reference, char[] pin) throws CardException {
        checkReference(reference);
        byte[] block = PinBlock.encode(pin, "PIN");
        try {
            expect(card.transmit(new CommandApdu(0x00, 0x20, 0x00, reference, block)), "VERIFY", "PIN", reference);
        } finally {
            PinBlock.clear(block);
        }
    }

    @Override
    public PinStatus status(int reference) throws CardException {
        checkReference(reference);
        ResponseApdu response = card.transmit(new CommandApdu(0x00, 0x20, 0x00, reference));
        int sw = response.sw();
        if (sw == 0x9000) {
            return PinStatus.verified();
        }
        if ((sw & 0xFFF0) == 0x63C0) {
            int left = sw & 0x0F;
            return left == 0 ? PinStatus.blocked() : PinStatus.notVerified(left);
        }
        if (sw == 0x6983) {
            return PinStatus.blocked();
        }
        throw failure(response, "VERIFY (status)", "PIN", reference);
    }

    @Override
    public void change(int reference, char[] oldPin, char[] newPin) throws CardException {
        checkReference(reference);
        byte[] data = PinBlock.concat(PinBlock.encode(oldPin, "old PIN"), PinBlock.encode(newPin, "new PIN"));
        try {
            expect(card.transmit(new CommandApdu(0x00, 0x24, 0x00, reference, data)), "CHANGE REFERENCE DATA", "PIN",
                    reference);
        } finally {
            PinBlock.clear(data);
        }
    }

    @Override
    public void unblock(int reference, char[] puk, char[] newPin) throws CardException {
        checkReference(reference);
        byte[] pukBlock = PinBlock.encode(puk, "PUK");
        byte[] data = newPin == null ? pukBlock : PinBlock.concat(pukBlock, encodeOrClear(newPin, pukBlock));
        try {
            // P1=00: PUK and new PIN; P1=01: PUK only, the PIN keeps its value
            expect(card.transmit(new CommandApdu(0x00, 0x2C, newPin == null ? 0x01 : 0x00, reference, data)),
                    "RESET RETRY COUNTER", "PUK", reference);
        } finally {
            PinBlock.clear(data);
        }
    }

    private static byte[] encodeOrClear(char[] newPin, byte[] pukBlock) {
        try {
            return PinBlock.encode(newPin, "new PIN");
        } catch (IllegalArgumentException e) {
            PinBlock.clear(pukBlock);
            throw e;
        }
    }

    @Override
    public void resetSecurityStatus(int reference) throws CardException {
        checkReference(reference);
        ResponseApdu response = card.transmit(new CommandApdu(0x00, 0x20, 0xFF, reference));
        if (response.sw() == 0x6A86 || response.sw() == 0x6B00) {
            throw new NotSupportedException("the card in reader '" + card.readerName() + "' does not support VERIFY "
                    + "with P1=FF to reset the security status of reference " + hex(reference) + "; reset the card");
        }
        expect(response, "VERIFY (reset security status)", "PIN", reference);
    }

    private void expect(ResponseApdu response, String command, String secret, int reference) throws CardException {
        if (response.sw() != 0x9000) {
            throw failure(response, command, secret, reference);
        }
    }

    /** PIN-specific readings of the status word first, then the general ones. */
    private CardException failure(ResponseApdu response, String command, String secret, int reference) {
        int sw = response.sw();
        String where = " for reference " + hex(reference) + " in reader '" + card.readerName() + "'";
        if ((sw & 0xFFF0) == 0x63C0) {
            int left = sw & 0x0F;
            return new WrongPinException("wrong " + secret + where + ": " + (left == 0
                    ? "no tries left, it is now blocked" : left + (left == 1 ? " try" : " tries") + " left"), sw, left);
        }
        if (sw == 0x6983) {
            return new PinBlockedException("the " + secret + where + " is blocked"
                    + ("PIN".equals(secret) ? "; unblock it with the PUK" : ""), sw);
        }
        if (sw == 0x6A88) {
            return new CardStatusException(command + ": the card has no reference " + hex(reference) + " in reader '"
                    + card.readerName() + "'", sw);
        }
        if (sw == 0x6A80) {
            return new CardStatusException(command + where + ": the card refused the new PIN's format", sw);
        }
        return IsoStatus.failure(response, command + where, card.readerName());
    }

    private static void checkReference(int reference) {
        if (reference < 0 || reference > 0xFF) {
            throw new IllegalArgumentException("PIN reference must be 00..FF, was " + reference);
        }
    }

    private static String hex(int reference) {
        return String.format("%02X", reference);
    }

    @Override
    public String toString() {
        return "ISO 7816-4 PinVerification on " + card.readerName();
    }
}

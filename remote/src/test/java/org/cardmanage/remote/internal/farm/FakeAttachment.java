package org.cardmanage.remote.internal.farm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.cardmanage.api.Atr;
import org.cardmanage.api.Attachment;
import org.cardmanage.api.AttachmentClosedException;
import org.cardmanage.api.AttachmentState;
import org.cardmanage.api.CardException;
import org.cardmanage.api.CardHandle;
import org.cardmanage.api.CardLock;
import org.cardmanage.api.CardState;
import org.cardmanage.api.CardStatus;
import org.cardmanage.api.CommandApdu;
import org.cardmanage.api.Disposition;
import org.cardmanage.api.NotSupportedException;
import org.cardmanage.api.Protocol;
import org.cardmanage.api.ResponseApdu;
import org.cardmanage.api.ShareMode;

/** An attachment that answers 90 00 and records how it was detached. */
final class FakeAttachment implements Attachment {
    static final Atr ATR = Atr.parseHex("3B 78 13 00 00 43 4D 53 49 4D 2D 54 30");
    private final String reader;
    final List<Disposition> detached = new ArrayList<>();
    final List<byte[]> sent = new ArrayList<>();
    CardException failNextTransmit;

    FakeAttachment(String reader) {
        this.reader = reader;
    }

    @Override
    public String id() {
        return "a-fake";
    }

    @Override
    public String readerName() {
        return reader;
    }

    @Override
    public ShareMode shareMode() {
        return ShareMode.SHARED;
    }

    @Override
    public synchronized AttachmentState state() {
        return detached.isEmpty() ? AttachmentState.ACTIVE : AttachmentState.REVOKED;
    }

    @Override
    public Optional<CardHandle> handle() {
        return Optional.empty();
    }

    @Override
    public CardStatus status() {
        return new CardStatus(reader, CardState.PRESENT, Protocol.T0, ATR);
    }

    @Override
    public synchronized ResponseApdu transmit(CommandApdu command) throws CardException {
        if (!detached.isEmpty()) {
            throw new AttachmentClosedException("detached");
        }
        if (failNextTransmit != null) {
            CardException failure = failNextTransmit;
            failNextTransmit = null;
            throw failure;
        }
        sent.add(command.bytes());
        return new ResponseApdu(new byte[] {(byte) 0x90, 0x00});
    }

    @Override
    public byte[] control(int controlCode, byte[] data) throws CardException {
        throw new NotSupportedException("no control codes");
    }

    @Override
    public CardLock lock(Duration timeout) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void reconnect(ShareMode shareMode, Disposition initialization) {
        // nothing to do
    }

    @Override
    public <T> T createInterface(Class<T> serviceInterface) throws CardException {
        throw new NotSupportedException("none");
    }

    @Override
    public synchronized void detach(Disposition disposition) throws CardException {
        if (!detached.isEmpty()) {
            throw new AttachmentClosedException("already detached");
        }
        detached.add(disposition);
    }

    @Override
    public void close() {
        try {
            detach(Disposition.LEAVE);
        } catch (CardException ignored) {
            // already detached
        }
    }
}

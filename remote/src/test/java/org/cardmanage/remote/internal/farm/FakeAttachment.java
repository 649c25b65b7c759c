package org.cardmanage.remote.internal.farm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

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

/**
 * An attachment that answers 90 00 (or a scripted failure), records what it was sent and how it was detached, and
 * whose transmit can be held on a latch to stand for a slow card.
 */
final class FakeAttachment implements Attachment {
    static final Atr ATR = Atr.parseHex("3B 78 13 00 00 43 4D 53 49 4D 2D 54 30");
    private final String reader;
    private final ShareMode shareMode;
    final List<Disposition> detached = new ArrayList<>();
    final List<Disposition> unlocked = new ArrayList<>();
    final List<byte[]> sent = new ArrayList<>();
    volatile CardException failNextTransmit;
    volatile CountDownLatch holdTransmit;
    volatile CountDownLatch transmitEntered = new CountDownLatch(1);
    /** When set, {@link #lock} waits on it (a card locked by someone else), then fails if detached meanwhile. */
    volatile CountDownLatch holdLock;
    final CountDownLatch lockEntered = new CountDownLatch(1);
    /** When set, {@link #status} throws it (a card pulled right after connect). */
    volatile CardException failStatus;
    final List<ShareMode> reconnectedTo = new ArrayList<>();

    FakeAttachment(String reader, ShareMode shareMode) {
        this.reader = reader;
        this.shareMode = shareMode;
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
        return shareMode;
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
    public CardStatus status() throws CardException {
        CardException failure = failStatus;
        if (failure != null) {
            throw failure;
        }
        return new CardStatus(reader, CardState.PRESENT, Protocol.T1, ATR);
    }

    @Override
    public ResponseApdu transmit(CommandApdu command) throws CardException {
        pass(transmitEntered, holdTransmit);
        synchronized (this) {
            if (!detached.isEmpty()) {
                throw new AttachmentClosedException("detached");
            }
            CardException failure = failNextTransmit;
            if (failure != null) {
                failNextTransmit = null;
                throw failure;
            }
            sent.add(command.bytes());
        }
        return new ResponseApdu(new byte[] {(byte) 0x90, 0x00});
    }

    /** A call arrives: it says so, then waits while the test holds it (a slow card, a slow reader). */
    static void pass(CountDownLatch entered, CountDownLatch hold) {
        entered.countDown();
        if (hold != null) {
            try {
                hold.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    synchronized int sentCount() {
        return sent.size();
    }

    @Override
    public byte[] control(int controlCode, byte[] data) throws CardException {
        throw new NotSupportedException("no control codes");
    }

    @Override
    public CardLock lock(Duration timeout) throws CardException {
        FakeAttachment attachment = this;
        CountDownLatch hold = holdLock;
        pass(lockEntered, hold);
        if (hold != null) {
            synchronized (this) {
                if (!detached.isEmpty()) {
                    throw new AttachmentClosedException("detached while waiting for the lock");
                }
            }
        }
        return new CardLock() {
            private boolean held = true;

            @Override
            public Attachment attachment() {
                return attachment;
            }

            @Override
            public synchronized boolean isHeld() {
                return held;
            }

            @Override
            public void unlock(Disposition disposition) {
                synchronized (this) {
                    held = false;
                }
                synchronized (attachment) {
                    unlocked.add(disposition);
                }
            }

            @Override
            public void close() {
                unlock(Disposition.RESET);
            }
        };
    }

    @Override
    public synchronized void reconnect(ShareMode newShareMode, Disposition initialization) {
        reconnectedTo.add(newShareMode);
    }

    synchronized List<ShareMode> reconnectedWith() {
        return List.copyOf(reconnectedTo);
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

    synchronized List<Disposition> detachedWith() {
        return List.copyOf(detached);
    }

    synchronized List<Disposition> unlockedWith() {
        return List.copyOf(unlocked);
    }

    @Override
    public void close() {
        try {
            detach(Disposition.RESET);
        } catch (CardException ignored) {
            // already detached
        }
    }
}

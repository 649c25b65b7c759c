package org.cardmanage.driver.pcsc.internal.jdk;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import javax.smartcardio.ATR;
import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import javax.smartcardio.CardNotPresentException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.ResponseAPDU;
import javax.smartcardio.CommandAPDU;

/**
 * A reader that behaves like the JDK's {@code TerminalImpl}/{@code CardImpl}: one card per terminal while it is
 * valid, transactions bound to the thread that began them, and {@code transmit}, {@code transmitControlCommand},
 * {@code disconnect} refused from other threads while one is held.
 */
final class FakeTerminal extends CardTerminal {
    static final byte[] ATR_BYTES = {0x3B, (byte) 0x95, 0x13, (byte) 0x81, 0x01, (byte) 0x80, 0x73, (byte) 0xFF, 0x01,
        0x00, 0x0B};

    private final String name;
    volatile boolean present = true;
    final List<FakeCard> connected = new ArrayList<>();
    private FakeCard card;

    FakeTerminal(String name) {
        this.name = name;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public synchronized Card connect(String protocol) throws CardException {
        if (card != null && card.state == State.OK && present) {
            if (protocol.equals("*") || protocol.equalsIgnoreCase(card.getProtocol())) {
                return card;
            }
            throw new CardException("Cannot connect using " + protocol + ", connection already established using "
                    + card.getProtocol());
        }
        if (!present && !"DIRECT".equals(protocol)) {
            throw new CardNotPresentException("No card present", new Exception("SCARD_E_NO_SMARTCARD"));
        }
        card = new FakeCard("DIRECT".equals(protocol) ? "Unknown protocol 0" : protocol.equals("T=0") ? "T=0" : "T=1");
        connected.add(card);
        return card;
    }

    @Override
    public boolean isCardPresent() {
        return present;
    }

    @Override
    public boolean waitForCardPresent(long timeout) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean waitForCardAbsent(long timeout) {
        throw new UnsupportedOperationException();
    }

    enum State { OK, DISCONNECTED }

    final class FakeCard extends Card {
        private final String protocol;
        volatile State state = State.OK;
        volatile Thread exclusive;
        volatile Boolean disconnectedWithReset;
        volatile int transmits;

        FakeCard(String protocol) {
            this.protocol = protocol;
        }

        private void check() throws CardException {
            if (state != State.OK) {
                throw new IllegalStateException("Card has been disconnected");
            }
            if (!present) {
                throw new IllegalStateException("Card has been removed");
            }
            if (exclusive != null && exclusive != Thread.currentThread()) {
                throw new CardException("Exclusive access established by another Thread");
            }
        }

        @Override
        public ATR getATR() {
            return new ATR(ATR_BYTES);
        }

        @Override
        public String getProtocol() {
            return protocol;
        }

        @Override
        public CardChannel getBasicChannel() {
            Card self = this;
            return new CardChannel() {
                @Override
                public Card getCard() {
                    return self;
                }

                @Override
                public int getChannelNumber() {
                    return 0;
                }

                @Override
                public ResponseAPDU transmit(CommandAPDU command) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public int transmit(ByteBuffer command, ByteBuffer response) throws CardException {
                    check();
                    transmits++;
                    command.position(command.limit());
                    response.put(new byte[] {(byte) 0x90, 0x00});
                    return 2;
                }

                @Override
                public void close() {
                    throw new IllegalStateException("Cannot close basic logical channel");
                }
            };
        }

        @Override
        public CardChannel openLogicalChannel() {
            throw new UnsupportedOperationException();
        }

        @Override
        public synchronized void beginExclusive() throws CardException {
            check();
            if (exclusive != null) {
                throw new CardException("Exclusive access has already been assigned to Thread " + exclusive.getName());
            }
            exclusive = Thread.currentThread();
        }

        @Override
        public synchronized void endExclusive() throws CardException {
            if (exclusive != Thread.currentThread()) {
                throw new IllegalStateException("Exclusive access not assigned to current Thread");
            }
            exclusive = null;
        }

        @Override
        public byte[] transmitControlCommand(int controlCode, byte[] command) throws CardException {
            check();
            return new byte[] {(byte) controlCode};
        }

        @Override
        public void disconnect(boolean reset) throws CardException {
            if (state != State.OK) {
                return;
            }
            if (exclusive != null && exclusive != Thread.currentThread()) {
                throw new CardException("Exclusive access established by another Thread");
            }
            state = State.DISCONNECTED;
            exclusive = null;
            disconnectedWithReset = reset;
        }
    }
}

package org.cardmanage.core.internal.shell;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.cardmanage.api.Atr;
import org.cardmanage.api.CardException;
import org.cardmanage.api.Disposition;
import org.cardmanage.api.NoCardException;
import org.cardmanage.api.Protocol;
import org.cardmanage.api.ShareMode;
import org.cardmanage.core.internal.testsupport.TestCore;
import org.cardmanage.spi.CardSession;
import org.cardmanage.spi.ReaderTransport;

/**
 * A small reader for the shell tests: its card answers SELECT MF ({@code 00 A4 00 0C 02 3F 00}) with {@code 90 00} and
 * everything else with {@code 6A 82}.
 */
final class ShellReader implements ReaderTransport {
    static final String ATR = "3B021450";
    private static final byte[] SELECT_MF = {0x00, (byte) 0xA4, 0x00, 0x0C, 0x02, 0x3F, 0x00};

    private final String name;
    private final boolean card;

    private ShellReader(String name, boolean card) {
        this.name = name;
        this.card = card;
    }

    /** Registers a reader with a card (or an empty one) with the core. */
    static ShellReader plugInto(TestCore fixture, String name, boolean card) {
        ShellReader reader = new ShellReader(name, card);
        fixture.register(reader, card
                ? Map.of(READER_NAME, name, DRIVER_NAME, "test", CARD_PRESENT, true, CARD_ATR, ATR, CARD_INSERTION, 1L)
                : Map.of(READER_NAME, name, DRIVER_NAME, "test", CARD_PRESENT, false));
        return reader;
    }

    @Override
    public CardSession connect(ShareMode shareMode, Set<Protocol> protocols) throws CardException {
        if (!card && shareMode != ShareMode.DIRECT) {
            throw new NoCardException("no card in reader '" + name + "'");
        }
        return new Session(card && shareMode != ShareMode.DIRECT);
    }

    private static final class Session implements CardSession {
        private final boolean withCard;

        Session(boolean withCard) {
            this.withCard = withCard;
        }

        @Override
        public Optional<Atr> atr() {
            return withCard ? Optional.of(Atr.parseHex(ATR)) : Optional.empty();
        }

        @Override
        public Optional<Protocol> protocol() {
            return withCard ? Optional.of(Protocol.T0) : Optional.empty();
        }

        @Override
        public long insertion() {
            return 1;
        }

        @Override
        public byte[] transmit(byte[] command) {
            return java.util.Arrays.equals(command, SELECT_MF) ? new byte[] {(byte) 0x90, 0x00}
                    : new byte[] {0x6A, (byte) 0x82};
        }

        @Override
        public byte[] control(int controlCode, byte[] data) {
            return new byte[0];
        }

        @Override
        public void beginTransaction() {
        }

        @Override
        public void endTransaction(Disposition disposition) {
        }

        @Override
        public void reconnect(ShareMode shareMode, Set<Protocol> protocols, Disposition initialization) {
        }

        @Override
        public void disconnect(Disposition disposition) {
        }
    }
}

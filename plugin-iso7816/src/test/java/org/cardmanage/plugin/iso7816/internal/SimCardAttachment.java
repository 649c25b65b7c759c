package org.cardmanage.plugin.iso7816.internal;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

import org.cardmanage.api.Atr;
import org.cardmanage.api.Attachment;
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
import org.cardmanage.driver.sim.internal.card.CardProfile;
import org.cardmanage.driver.sim.internal.card.SimulatedCard;

/**
 * An attachment to a {@link SimulatedCard} (or any scripted card) without the core: it completes {@code 61xx} and
 * {@code 6Cxx} as the core does (the plugin relies on that), and records every command APDU that reaches the card, in
 * hex.
 */
final class SimCardAttachment implements Attachment {
    static final String READER = "Test Reader";

    private final UnaryOperator<byte[]> card;
    private final Protocol protocol;
    private final Atr atr;
    private final List<String> sent = new ArrayList<>();

    SimCardAttachment(SimulatedCard card) {
        this(card, Atr.parse(card.atr()));
    }

    /** A simulated card that presents another ATR, e.g. one the plugin does not know. */
    SimCardAttachment(SimulatedCard card, Atr atr) {
        this(card::process, card.profile() == CardProfile.DEMO_T0 ? Protocol.T0 : Protocol.T1, atr);
    }

    /** Any card: a function from command to response bytes. */
    SimCardAttachment(UnaryOperator<byte[]> card, Protocol protocol, Atr atr) {
        this.card = card;
        this.protocol = protocol;
        this.atr = atr;
    }

    static SimCardAttachment of(CardProfile profile) {
        return new SimCardAttachment(SimulatedCard.create(profile));
    }

    /** @return the commands that reached the card, as upper-case hex */
    List<String> sent() {
        return sent;
    }

    /** @return how many commands with this INS reached the card */
    long sentWithIns(int ins) {
        return sent.stream().filter(c -> Integer.parseInt(c.substring(2, 4), 16) == ins).count();
    }

    @Override
    public ResponseApdu transmit(CommandApdu command) {
        ResponseApdu response = exchange(command);
        if (response.isWrongLength()) {
            response = exchange(command.withNe(response.correctLength()));
        }
        if (!response.hasMoreData()) {
            return response;
        }
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.writeBytes(response.data());
        while (response.hasMoreData()) {
            response = exchange(new CommandApdu(0x00, 0xC0, 0x00, 0x00, response.moreDataLength()));
            if (response.isWrongLength()) {
                response = exchange(new CommandApdu(0x00, 0xC0, 0x00, 0x00, response.correctLength()));
            }
            data.writeBytes(response.data());
        }
        return ResponseApdu.of(data.toByteArray(), response.sw());
    }

    private ResponseApdu exchange(CommandApdu command) {
        sent.add(HexFormat.of().withUpperCase().formatHex(command.bytes()));
        return new ResponseApdu(card.apply(command.bytes()));
    }

    @Override
    public CardStatus status() {
        return new CardStatus(READER, CardState.SPECIFIC, protocol, atr);
    }

    @Override
    public String id() {
        return "a-test";
    }

    @Override
    public String readerName() {
        return READER;
    }

    @Override
    public ShareMode shareMode() {
        return ShareMode.SHARED;
    }

    @Override
    public AttachmentState state() {
        return AttachmentState.ACTIVE;
    }

    @Override
    public Optional<CardHandle> handle() {
        return Optional.empty();
    }

    @Override
    public byte[] control(int controlCode, byte[] data) throws CardException {
        throw new NotSupportedException("no control codes here");
    }

    @Override
    public CardLock lock(Duration timeout) throws CardException {
        throw new NotSupportedException("no locks here");
    }

    @Override
    public void reconnect(ShareMode shareMode, Disposition initialization) throws CardException {
        throw new NotSupportedException("no reconnect here");
    }

    @Override
    public <T> T createInterface(Class<T> serviceInterface) throws CardException {
        throw new NotSupportedException("no plugins here");
    }

    @Override
    public void detach(Disposition disposition) {
        // nothing to release
    }

    @Override
    public void close() {
        // nothing to release
    }
}

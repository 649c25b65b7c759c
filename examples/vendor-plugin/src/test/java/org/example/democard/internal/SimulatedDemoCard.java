package org.example.democard.internal;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.cardmanage.api.Atr;
import org.cardmanage.api.Attachment;
import org.cardmanage.api.AttachmentState;
import org.cardmanage.api.CardHandle;
import org.cardmanage.api.CardLock;
import org.cardmanage.api.CardState;
import org.cardmanage.api.CardStatus;
import org.cardmanage.api.CommandApdu;
import org.cardmanage.api.Disposition;
import org.cardmanage.api.Protocol;
import org.cardmanage.api.ResponseApdu;
import org.cardmanage.api.ShareMode;
import org.cardmanage.driver.sim.internal.card.CardProfile;
import org.cardmanage.driver.sim.internal.card.SimulatedCard;

/**
 * A unit-test stand-in for the platform: an attachment to cardmanage's simulated T=0 demo card that completes
 * {@code 61xx} and {@code 6Cxx} as the core does, counts locks, and records every command that reaches the card.
 */
final class SimulatedDemoCard implements Attachment {
    private final SimulatedCard card = SimulatedCard.create(CardProfile.DEMO_T0);
    private final List<String> sent = new ArrayList<>();
    private int locks;

    List<String> sent() {
        return sent;
    }

    int locksTaken() {
        return locks;
    }

    @Override
    public ResponseApdu transmit(CommandApdu command) {
        ResponseApdu response = exchange(command);
        if (response.isWrongLength()) {
            response = exchange(command.withNe(response.correctLength()));
        }
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.writeBytes(response.data());
        while (response.hasMoreData()) {
            response = exchange(new CommandApdu(0x00, 0xC0, 0x00, 0x00, response.moreDataLength()));
            data.writeBytes(response.data());
        }
        return ResponseApdu.of(data.toByteArray(), response.sw());
    }

    private ResponseApdu exchange(CommandApdu command) {
        sent.add(HexFormat.of().withUpperCase().formatHex(command.bytes()));
        return new ResponseApdu(card.process(command.bytes()));
    }

    @Override
    public CardStatus status() {
        return new CardStatus(readerName(), CardState.SPECIFIC, Protocol.T0, Atr.parse(card.atr()));
    }

    @Override
    public CardLock lock(Duration timeout) {
        locks++;
        Attachment self = this;
        return new CardLock() {
            @Override
            public Attachment attachment() {
                return self;
            }

            @Override
            public boolean isHeld() {
                return true;
            }

            @Override
            public void unlock(Disposition disposition) {
                // the test card has no other users
            }

            @Override
            public void close() {
                // the test card has no other users
            }
        };
    }

    @Override
    public String id() {
        return "a-test";
    }

    @Override
    public String readerName() {
        return "Test Reader";
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
    public byte[] control(int controlCode, byte[] data) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void reconnect(ShareMode shareMode, Disposition initialization) {
        throw new UnsupportedOperationException();
    }

    @Override
    public <T> T createInterface(Class<T> serviceInterface) {
        throw new UnsupportedOperationException();
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

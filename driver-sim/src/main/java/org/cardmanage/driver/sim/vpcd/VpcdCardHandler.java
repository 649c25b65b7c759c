package org.cardmanage.driver.sim.vpcd;

import java.util.HexFormat;

import org.cardmanage.driver.sim.internal.card.SimulatedCard;

/**
 * Answers what vpcd sends with a {@link SimulatedCard}: control bytes power the card off, on, reset it or ask for its
 * ATR; anything longer is an APDU. Payloads that vpcd never sends (empty, an unknown control byte) get no answer and
 * are logged, as Debian's Python card does.
 */
final class VpcdCardHandler {
    private static final System.Logger LOG = System.getLogger("org.cardmanage.driver.sim.vpcd");
    /** What a response too long for one vpcd frame is replaced with: SW 6F00, no precise diagnosis. */
    private static final byte[] TOO_LONG = {0x6F, 0x00};

    private final SimulatedCard card;
    private volatile boolean powered;
    /** Guards {@link #muted}. */
    private final Object voice = new Object();
    private boolean muted;

    VpcdCardHandler(SimulatedCard card) {
        this.card = card;
    }

    SimulatedCard card() {
        return card;
    }

    boolean isPowered() {
        return powered;
    }

    /** Mutes or unmutes the card; unmuting lets an APDU held meanwhile be answered. */
    void setMuted(boolean mute) {
        synchronized (voice) {
            muted = mute;
            voice.notifyAll();
        }
    }

    boolean isMuted() {
        synchronized (voice) {
            return muted;
        }
    }

    /**
     * Holds an APDU while the card is muted.
     *
     * @throws InterruptedException if the serving thread is interrupted meanwhile
     */
    private void awaitVoice() throws InterruptedException {
        synchronized (voice) {
            while (muted) {
                voice.wait();
            }
        }
    }

    /**
     * @param payload one frame's payload from vpcd
     * @return the payload to answer with, or null for no answer
     * @throws InterruptedException if the card is muted and the serving thread is interrupted while it waits
     */
    byte[] handle(byte[] payload) throws InterruptedException {
        if (payload.length == 0) {
            LOG.log(System.Logger.Level.WARNING, "vpcd sent an empty frame; ignored");
            return null;
        }
        if (payload.length == 1) {
            return control(payload[0] & 0xFF);
        }
        // A muted card still answers vpcd's power and ATR requests (it stays in the reader) but holds APDUs.
        awaitVoice();
        byte[] response = card.process(payload);
        if (response.length > VpcdFrames.MAX_PAYLOAD) {
            LOG.log(System.Logger.Level.WARNING, "a response of {0} bytes does not fit a vpcd frame; answered 6F00",
                    response.length);
            return TOO_LONG.clone();
        }
        return response;
    }

    /** The card left the reader (the connection ended): its volatile state is lost. */
    void removed() {
        powered = false;
        card.powerOff();
    }

    private byte[] control(int code) {
        switch (code) {
            case VpcdFrames.POWER_OFF -> {
                powered = false;
                card.powerOff();
            }
            case VpcdFrames.POWER_ON -> powered = true;
            case VpcdFrames.RESET -> {
                powered = true;
                card.reset();
            }
            case VpcdFrames.GET_ATR -> {
                return card.atr();
            }
            default -> LOG.log(System.Logger.Level.WARNING, "vpcd sent the unknown control byte {0}; ignored",
                    HexFormat.of().toHexDigits((byte) code));
        }
        return null;
    }
}

package org.cardmanage.driver.pcsc.internal.fake;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import org.cardmanage.driver.pcsc.internal.port.Pcsc;

/**
 * A card for a {@link FakeReader}: an ATR, the protocols it offers, and a function answering command APDUs. It records
 * every APDU that actually reached it (so a test can prove a refused call never did) and counts what pcscd did to it:
 * power-ups ({@code IFDPowerICC(IFD_POWER_UP)}, on insertion, on a connect after an UNPOWER, on a reconnect/end
 * transaction with UNPOWER), warm resets ({@code IFD_RESET}), power-downs ({@code IFD_POWER_DOWN}) and ejects.
 *
 * <p>The protocols stand in for pcsc-lite's {@code ATRDecodeAtr}: pcscd negotiates one of them with
 * {@code PHSetProtocol} ({@code prothandler.c}), T=1 first when both are offered and wanted. The answer function is
 * called with the fake's lock held; it must not block (use {@link FakeReader#holdNextApdu} for a slow card), and it may
 * call the fake's test controls on the same thread (e.g. pull the card).
 *
 * <p>Thread-safe; a card may be moved from one reader to another.
 */
public final class FakeCard {
    private final byte[] atr;
    private final int protocols;
    private final UnaryOperator<byte[]> answer;
    private final List<byte[]> apdus = new ArrayList<>();
    private int powerUps;
    private int resets;
    private int powerDowns;
    private int ejects;

    /**
     * @param atr the answer to reset
     * @param protocols {@link Pcsc#SCARD_PROTOCOL_T0} and/or {@link Pcsc#SCARD_PROTOCOL_T1}
     * @param answer command APDU to response APDU
     */
    public FakeCard(byte[] atr, int protocols, UnaryOperator<byte[]> answer) {
        if ((protocols & (Pcsc.SCARD_PROTOCOL_T0 | Pcsc.SCARD_PROTOCOL_T1)) == 0) {
            throw new IllegalArgumentException("a card offers T=0 or T=1");
        }
        this.atr = atr.clone();
        this.protocols = protocols & (Pcsc.SCARD_PROTOCOL_T0 | Pcsc.SCARD_PROTOCOL_T1);
        this.answer = answer;
    }

    /** A T=0/T=1 card that answers every command with {@code 90 00}. */
    public static FakeCard answering9000(byte[] atr) {
        return new FakeCard(atr, Pcsc.SCARD_PROTOCOL_T0 | Pcsc.SCARD_PROTOCOL_T1, command -> new byte[] {(byte) 0x90, 0});
    }

    public byte[] atr() {
        return atr.clone();
    }

    /** @return the protocols the card offers */
    public int protocols() {
        return protocols;
    }

    /** @return copies of the APDUs that reached the card, oldest first */
    public synchronized List<byte[]> apdus() {
        List<byte[]> copy = new ArrayList<>(apdus.size());
        for (byte[] apdu : apdus) {
            copy.add(apdu.clone());
        }
        return copy;
    }

    /** @return how many APDUs reached the card */
    public synchronized int apduCount() {
        return apdus.size();
    }

    public synchronized int powerUps() {
        return powerUps;
    }

    /** @return the warm resets (SCARD_RESET_CARD) */
    public synchronized int resets() {
        return resets;
    }

    public synchronized int powerDowns() {
        return powerDowns;
    }

    public synchronized int ejects() {
        return ejects;
    }

    /** An APDU reached the card: recorded before it is answered. */
    synchronized void received(byte[] command) {
        apdus.add(command.clone());
    }

    byte[] answer(byte[] command) {
        byte[] response = answer.apply(command.clone());
        return response == null ? new byte[0] : response.clone();
    }

    synchronized void poweredUp() {
        powerUps++;
    }

    synchronized void reset() {
        resets++;
    }

    synchronized void poweredDown() {
        powerDowns++;
    }

    synchronized void ejected() {
        ejects++;
    }

    @Override
    public String toString() {
        StringBuilder hex = new StringBuilder();
        for (byte b : atr) {
            hex.append(String.format("%02X", b));
        }
        return "FakeCard[" + hex + "]";
    }
}

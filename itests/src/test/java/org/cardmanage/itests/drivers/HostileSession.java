package org.cardmanage.itests.drivers;

import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

import org.cardmanage.api.Atr;
import org.cardmanage.api.CardException;
import org.cardmanage.api.Disposition;
import org.cardmanage.api.Protocol;
import org.cardmanage.api.ShareMode;
import org.cardmanage.spi.CardSession;

/** A session whose transmit misbehaves as its reader's {@link Flaw} says; every other call behaves. */
public final class HostileSession implements CardSession {

    /** How transmit misbehaves. */
    public enum Flaw {
        /** Throws an unchecked exception. */
        THROWS_RUNTIME,
        /** Throws an Error, as a driver's failed assertion does. */
        THROWS_ERROR,
        /** Blocks until interrupted, then throws an unchecked exception, as a naive driver does. */
        BLOCKS,
        /** Blocks, ignoring interrupts, until the driver bundle stops. */
        BLOCKS_IGNORING_INTERRUPTS,
        /** Returns an empty response. */
        EMPTY,
        /** Returns a 1-byte response. */
        ONE_BYTE,
        /** Returns 70 000 bytes, more than any ISO 7816 response (65 536 + 2). */
        HUGE
    }

    private final Flaw flaw;
    private final BooleanSupplier stopping;
    private final Object released;

    HostileSession(Flaw flaw, BooleanSupplier stopping, Object released) {
        this.flaw = flaw;
        this.stopping = stopping;
        this.released = released;
    }

    @Override
    public byte[] transmit(byte[] command) throws CardException {
        switch (flaw) {
            case THROWS_RUNTIME -> throw new IllegalStateException("hostile driver: transmit failed");
            case THROWS_ERROR -> throw new AssertionError("hostile driver: assertion in transmit");
            case BLOCKS -> {
                synchronized (released) {
                    try {
                        while (!stopping.getAsBoolean()) {
                            released.wait();
                        }
                    } catch (InterruptedException e) {
                        throw new IllegalStateException("hostile driver: interrupted in transmit", e);
                    }
                }
                throw new IllegalStateException("hostile driver: stopped during transmit");
            }
            case BLOCKS_IGNORING_INTERRUPTS -> {
                synchronized (released) {
                    while (!stopping.getAsBoolean()) {
                        try {
                            released.wait();
                        } catch (InterruptedException ignored) {
                            // a driver that ignores interrupts: it keeps waiting
                        }
                    }
                }
                return new byte[] {(byte) 0x90, 0x00};
            }
            case EMPTY -> {
                return new byte[0];
            }
            case ONE_BYTE -> {
                return new byte[] {(byte) 0x90};
            }
            case HUGE -> {
                byte[] huge = new byte[70_000];
                huge[huge.length - 2] = (byte) 0x90;
                return huge;
            }
            default -> throw new IllegalStateException("unknown flaw " + flaw);
        }
    }

    @Override
    public Optional<Atr> atr() {
        return Optional.of(Atr.parseHex(HostileDriverActivator.ATR));
    }

    @Override
    public Optional<Protocol> protocol() {
        return Optional.of(Protocol.T1);
    }

    @Override
    public long insertion() {
        return 1L;
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

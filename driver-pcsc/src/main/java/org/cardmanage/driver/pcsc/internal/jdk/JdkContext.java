package org.cardmanage.driver.pcsc.internal.jdk;

import javax.smartcardio.CardTerminals;

import org.cardmanage.driver.pcsc.internal.port.Pcsc;
import org.cardmanage.driver.pcsc.internal.port.PcscException;

/**
 * One emulated PC/SC context: a number for one {@code TerminalFactory.getInstance("PC/SC", null).terminals()} (the
 * JDK shares one native context among all of them), and what ends its waits: {@code SCardCancel} and
 * {@code SCardReleaseContext}.
 */
final class JdkContext {
    final long id;
    final CardTerminals terminals;
    private int cancels;
    private boolean released;

    JdkContext(long id, CardTerminals terminals) {
        this.id = id;
        this.terminals = terminals;
    }

    /** @return the count of cancels so far: a wait ends when it moves on */
    synchronized int cancels() {
        return cancels;
    }

    /** {@code SCardCancel}: ends the waits in progress (a cancel with none waiting does nothing, as in pcsc-lite). */
    synchronized void cancel() {
        cancels++;
        notifyAll();
    }

    /** Ends every wait for good. */
    synchronized void release() {
        released = true;
        notifyAll();
    }

    synchronized boolean released() {
        return released;
    }

    /**
     * Waits up to the given time, unless a cancel comes after {@code since} or the context is released.
     *
     * @throws PcscException {@link Pcsc#SCARD_E_CANCELLED} after a cancel or an interrupt,
     *     {@link Pcsc#SCARD_E_INVALID_HANDLE} once released
     */
    synchronized void pause(long millis, int since) throws PcscException {
        long end = System.nanoTime() + millis * 1_000_000L;
        try {
            for (long left = millis; left > 0 && check(since); left = (end - System.nanoTime()) / 1_000_000L) {
                wait(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PcscException("SCardGetStatusChange", Pcsc.SCARD_E_CANCELLED);
        }
        check(since);
    }

    private boolean check(int since) throws PcscException {
        if (released) {
            throw new PcscException("SCardGetStatusChange", Pcsc.SCARD_E_INVALID_HANDLE);
        } else if (cancels != since) {
            throw new PcscException("SCardGetStatusChange", Pcsc.SCARD_E_CANCELLED);
        }
        return true;
    }
}

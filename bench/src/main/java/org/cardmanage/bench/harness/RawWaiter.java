package org.cardmanage.bench.harness;

import java.util.concurrent.TimeUnit;

import javax.smartcardio.CardTerminal;
import javax.smartcardio.CardTerminals;
import javax.smartcardio.TerminalFactory;

/**
 * The baseline for PC/SC card events: plain {@code javax.smartcardio} {@code CardTerminals.waitForChange} in a JVM of
 * its own (the JDK has one PC/SC context per JVM and libpcsclite holds its lock for a whole wait, so a waiting loop in
 * the benchmark's JVM would stall the driver). Prints {@code READY}, then {@code INSERTED nanos} and {@code REMOVED
 * nanos} with {@link System#nanoTime()} taken as soon as {@code waitForChange} returned; on Linux that clock is
 * CLOCK_MONOTONIC, comparable between processes.
 */
public final class RawWaiter {
    private RawWaiter() {
    }

    public static void main(String[] args) throws Exception {
        String reader = args[0];
        CardTerminals terminals = TerminalFactory.getInstance("PC/SC", null).terminals();
        CardTerminal terminal = terminals.getTerminal(reader);
        terminals.waitForChange(1); // the first call only primes the states
        boolean present = terminal.isCardPresent();
        System.out.println("READY " + present);
        System.out.flush();
        long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
        while (System.nanoTime() < end) {
            boolean changed = terminals.waitForChange(1000);
            long now = System.nanoTime();
            if (!changed) {
                continue;
            }
            boolean nowPresent = terminal.isCardPresent();
            if (nowPresent != present) {
                present = nowPresent;
                System.out.println((present ? "INSERTED " : "REMOVED ") + now);
                System.out.flush();
            }
        }
    }
}

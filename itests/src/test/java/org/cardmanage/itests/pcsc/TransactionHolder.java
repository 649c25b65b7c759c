package org.cardmanage.itests.pcsc;

import javax.smartcardio.Card;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.TerminalFactory;

/**
 * Another process holding a PC/SC transaction: run in a JVM of its own ({@link PcscTestBed#holdTransaction}), it
 * connects to the reader, begins a transaction, prints {@code HELD}, and keeps it until its standard input closes, then ends it and exits. JDK only, so it runs from the test classes without OSGi.
 */
public final class TransactionHolder {

    private TransactionHolder() {
    }

    /** @param args the reader name */
    public static void main(String[] args) throws Exception {
        CardTerminal terminal = TerminalFactory.getInstance("PC/SC", null).terminals().getTerminal(args[0]);
        Card card = terminal.connect("*");
        card.beginExclusive();
        System.out.println("HELD");
        System.out.flush();
        // The input closes when the test releases us, or when the test's JVM dies: never held forever.
        while (System.in.read() >= 0) {
            // wait for the test to close our input
        }
        card.endExclusive();
        card.disconnect(false);
        System.out.println("RELEASED");
    }
}

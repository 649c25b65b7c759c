package org.cardmanage.driver.pcsc.internal.session;

import java.util.concurrent.TimeUnit;

import org.cardmanage.api.CardException;
import org.cardmanage.api.CardTimeoutException;
import org.cardmanage.api.ScardError;
import org.cardmanage.driver.pcsc.internal.port.PcscException;

/**
 * What a session's caller is told when a call did not end by itself within its bound: either nothing of it reached the
 * card (another process's transaction held it back), or the card or reader did not answer and the outcome is unknown.
 */
final class CallFailures {

    private CallFailures() {
    }

    static CardException notCarriedOut(String readerName, String operation, long started, PcscException last) {
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        if (Thread.currentThread().isInterrupted()) {
            return new CardException(ScardError.SCARD_E_CANCELLED, "reader '" + readerName + "': " + operation
                    + " was interrupted after " + waited + " ms while another process held a transaction on the "
                    + "card; " + noEffect(operation), last);
        }
        return new CardTimeoutException("reader '" + readerName + "': " + operation + " was not carried out: "
                + "another process held a transaction on the card for the " + waited + " ms allowed ("
                + last.codeName() + "); " + noEffect(operation), last);
    }

    /** A call the card or reader did not answer in time, freed by breaking its connection to pcscd. */
    static CardException unanswered(String readerName, String operation, long started, PcscException last) {
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        String outcome = "transmit".equals(operation) || "control".equals(operation)
                ? "the command was sent and its outcome is unknown" : "whether it took effect is unknown";
        String what = "reader '" + readerName + "': " + operation + " got no answer within " + waited + " ms: the "
                + "card or reader did not answer; the connection was abandoned and " + outcome + " ("
                + last.codeName() + ")";
        return Thread.currentThread().isInterrupted()
                ? new CardException(ScardError.SCARD_E_CANCELLED, what + "; interrupted", last)
                : new CardTimeoutException(what, last);
    }

    static String noEffect(String operation) {
        return "transmit".equals(operation) || "control".equals(operation)
                ? "the command did not reach the card" : "nothing was done to the card";
    }
}

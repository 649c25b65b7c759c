package org.cardmanage.driver.pcsc.internal;

import javax.smartcardio.Card;

import org.cardmanage.api.CardException;
import org.cardmanage.api.ScardError;

/**
 * The PC/SC transaction on a reader's shared connection: which session holds it, and which thread the JDK bound the
 * exclusive access to. The two can part: when the thread that began a transaction is retired while stuck, the
 * session loses the transaction at once, but only that thread can end the JDK's exclusive access, when PC/SC releases
 * it ({@link #retired}). In the caller-thread mode the transaction is a native PC/SC one instead, bound to no thread:
 * whichever thread ends it, it ends.
 */
final class LinkTransaction {
    private static final System.Logger LOG = System.getLogger("org.cardmanage.driver.pcsc");

    private final String readerName;
    private final PcscInternals nativeTransactions;
    private PcscSession owner;
    private Card card;
    private Thread exclusiveThread;
    private Card exclusiveCard;

    /**
     * @param nativeTransactions the provider's internals for transactions bound to no thread, or null for the JDK's
     *     thread-bound {@code beginExclusive}
     */
    LinkTransaction(String readerName, PcscInternals nativeTransactions) {
        this.readerName = readerName;
        this.nativeTransactions = nativeTransactions;
    }

    /** @return whether a session holds the transaction */
    synchronized boolean isHeld() {
        return owner != null;
    }

    /** @return whether the connection carries the transaction */
    synchronized boolean isOn(Card connection) {
        return card == connection;
    }

    /** @return the connection the session's transaction was begun on, or null if the session holds none */
    synchronized Card connectionOf(PcscSession session) {
        return owner == session ? card : null;
    }

    /** Begins the session's transaction on the connection, on the calling (worker) thread. */
    void begin(PcscSession session, Card connection) throws Exception {
        synchronized (this) {
            if (owner != null) {
                throw new CardException(ScardError.SCARD_E_SHARING_VIOLATION, "reader '" + readerName
                        + "': beginTransaction failed: another session holds the transaction");
            }
        }
        if (nativeTransactions != null) {
            nativeTransactions.beginTransaction(connection);
        } else {
            connection.beginExclusive();
        }
        synchronized (this) {
            owner = session;
            card = connection;
            exclusiveThread = nativeTransactions != null ? null : Thread.currentThread();
            exclusiveCard = connection;
        }
    }

    /** Ends the session's transaction, if it holds one. */
    void end(PcscSession session) {
        synchronized (this) {
            if (owner != session) {
                return;
            }
            owner = null;
            card = null;
        }
        release(Thread.currentThread());
    }

    /** Ends whatever transaction is held: the connection is being released. */
    void endAll() {
        synchronized (this) {
            owner = null;
            card = null;
        }
        release(Thread.currentThread());
    }

    /** The connection was reset or dropped: its transaction and the JDK's binding went with it. */
    synchronized void forget(Card connection) {
        if (card == connection) {
            owner = null;
            card = null;
        }
        if (exclusiveCard == connection) {
            exclusiveThread = null;
            exclusiveCard = null;
        }
    }

    /** Runs on a retired worker thread after its last call: it may own the card's exclusive access. */
    void retired(Thread thread) {
        synchronized (this) {
            if (exclusiveThread != thread) {
                return;
            }
            owner = null;
            card = null;
        }
        LOG.log(System.Logger.Level.WARNING, "reader ''{0}'': the transaction begun on the retired thread {1} is "
                + "ended", readerName, thread.getName());
        release(thread);
    }

    /** Gives up the exclusive access: the JDK's if the calling thread holds it, a native one whatever thread calls. */
    private void release(Thread thread) {
        Card held;
        synchronized (this) {
            boolean bound = nativeTransactions == null;
            if (exclusiveCard == null || bound && (exclusiveThread != thread || thread != Thread.currentThread())) {
                return; // a retired thread that holds it releases it when PC/SC lets it go
            }
            held = exclusiveCard;
            exclusiveThread = null;
            exclusiveCard = null;
        }
        try {
            if (nativeTransactions != null) {
                nativeTransactions.endTransaction(held);
            } else {
                held.endExclusive();
            }
        } catch (javax.smartcardio.CardException | RuntimeException e) {
            // The card is gone, reset or released: so is the transaction.
            LOG.log(System.Logger.Level.DEBUG, "reader ''{0}'': ending exclusive access: {1}", readerName,
                    e.toString());
        }
    }
}

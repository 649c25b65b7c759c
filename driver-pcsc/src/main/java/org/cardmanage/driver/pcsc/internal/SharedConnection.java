package org.cardmanage.driver.pcsc.internal;

import java.util.function.BooleanSupplier;

import javax.smartcardio.Card;
import javax.smartcardio.CardTerminal;

import org.cardmanage.api.CardException;
import org.cardmanage.api.ScardError;

/**
 * The one {@code Card} the JDK hands out for a terminal, made on demand and tagged with the card insertion it reaches.
 * A card connection carries APDUs and control codes; a direct one ({@code connect("DIRECT")}, no card needed) only
 * control codes, and makes way for a card connection. Used on the reader's worker thread; the fields are guarded by
 * this object because a retired worker thread may still finish a call.
 */
final class SharedConnection {
    private static final System.Logger LOG = System.getLogger("org.cardmanage.driver.pcsc");

    private final String readerName;
    private final CardTerminal terminal;
    private final LinkTransaction transaction;
    private Card card;
    private boolean direct;
    private long insertion;

    SharedConnection(String readerName, CardTerminal terminal, LinkTransaction transaction) {
        this.readerName = readerName;
        this.terminal = terminal;
        this.transaction = transaction;
    }

    /** @return the connection, or null */
    synchronized Card current() {
        return card;
    }

    /** @return the card insertion the connection reaches */
    synchronized long insertion() {
        return insertion;
    }

    /** @return whether there is a card connection to that card insertion */
    synchronized boolean reaches(long cardInsertion) {
        return card != null && !direct && insertion == cardInsertion;
    }

    /**
     * @param request the protocol request ({@link JdkProtocols#request})
     * @param now the card insertion in the reader now
     * @param othersUse whether other sessions use the connection to that card
     * @return a card connection to the card now in the reader that satisfies the request, reusing the shared one
     *     where it does
     */
    Card forCard(String request, long now, BooleanSupplier othersUse) throws Exception {
        Card existing;
        boolean existingDirect;
        long existingInsertion;
        synchronized (this) {
            existing = card;
            existingDirect = direct;
            existingInsertion = insertion;
        }
        if (existing != null && !existingDirect && existingInsertion == now) {
            if (JdkProtocols.satisfies(existing.getProtocol(), request)) {
                return existing;
            }
            if (othersUse.getAsBoolean()) {
                throw new CardException(ScardError.SCARD_E_PROTO_MISMATCH, "reader '" + readerName + "': the card "
                        + "is connected with " + existing.getProtocol() + " for other attachments; requested "
                        + request);
            }
        }
        if (existing != null) {
            drop(existing); // stale, direct, or of the wrong protocol
        }
        Card fresh = terminal.connect(request);
        synchronized (this) {
            card = fresh;
            direct = false;
            insertion = now;
        }
        return fresh;
    }

    /**
     * @param cardInsertion the card insertion in the reader now, 0 if empty
     * @return any connection: the card connection if there is one, else a direct one
     */
    Card forControl(long cardInsertion) throws Exception {
        synchronized (this) {
            if (card != null) {
                return card;
            }
        }
        Card fresh = terminal.connect(JdkProtocols.DIRECT);
        synchronized (this) {
            card = fresh;
            direct = true;
            insertion = cardInsertion;
        }
        return fresh;
    }

    /**
     * Resets the card: {@code disconnect(true)}, the only reset the JDK has; the next call connects afresh.
     *
     * @return whether there was a card connection to reset
     */
    boolean reset() throws Exception {
        Card reset;
        synchronized (this) {
            reset = direct ? null : card;
            if (reset != null) {
                card = null;
            }
        }
        if (reset == null) {
            return false;
        }
        transaction.forget(reset); // disconnect() ends the transaction and the JDK's binding too
        reset.disconnect(true);
        return true;
    }

    /** Forgets a connection that is stale or in the way, and closes it. */
    void drop(Card stale) {
        synchronized (this) {
            if (card != stale) {
                return;
            }
            card = null;
        }
        transaction.forget(stale);
        disconnectQuietly(stale);
    }

    /** Closes the connection unless a transaction is held on it. */
    void release() {
        Card unused;
        synchronized (this) {
            if (card == null || transaction.isHeld()) {
                return;
            }
            unused = card;
            card = null;
        }
        disconnectQuietly(unused);
    }

    /** Closes the connection whatever it carries: the reader is going away. */
    void close() throws javax.smartcardio.CardException {
        Card held;
        synchronized (this) {
            held = card;
            card = null;
        }
        transaction.endAll();
        if (held != null) {
            held.disconnect(false);
        }
    }

    private void disconnectQuietly(Card connection) {
        try {
            connection.disconnect(false);
        } catch (javax.smartcardio.CardException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "reader ''{0}'': releasing a connection failed: {1}", readerName,
                    e.toString());
        }
    }
}

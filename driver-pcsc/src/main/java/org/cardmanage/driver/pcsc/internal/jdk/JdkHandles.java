package org.cardmanage.driver.pcsc.internal.jdk;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import javax.smartcardio.Card;
import javax.smartcardio.CardTerminal;

import org.cardmanage.driver.pcsc.internal.port.Connection;
import org.cardmanage.driver.pcsc.internal.port.Pcsc;
import org.cardmanage.driver.pcsc.internal.port.PcscException;

/**
 * PC/SC card handles emulated over the one {@link Card} per reader that the JDK hands out: the one owner of the handle
 * table, the reference counts and the transactions. Its state is guarded by this object's lock; whatever touches a
 * card is one step on the reader's thread ({@link ReaderThreads}), so a step's check, its JDK call and its update are
 * never interleaved with another step on the same reader, and the lock is never held during a JDK call.
 *
 * <p>Transitions of a handle: connect (a count on the reader's {@link SharedCard}) → [begin … end: the card's
 * transaction, counted when nested] → disconnect. LEAVE drops the count and disconnects the JDK card with the last
 * handle. RESET resets the card, which kills the JDK object for every handle on it: each other handle then fails once
 * with {@link Pcsc#SCARD_W_RESET_CARD} and takes the reader's new card on its next call or {@code reconnect}. A step
 * that finds the card in another handle's transaction changes nothing and is tried again when that ends.
 */
final class JdkHandles {

    /** What a call on a live card does with it. */
    @FunctionalInterface
    interface CardFunction<T> {
        T apply(SharedCard card, CardTerminal terminal) throws Exception;
    }

    /** A JDK call that returns nothing. */
    @FunctionalInterface
    private interface CardAction {
        void run() throws Exception;
    }

    private final ReaderThreads threads = new ReaderThreads();
    private final Map<Long, JdkHandle> handles = new HashMap<>();
    private final Map<String, SharedCard> current = new HashMap<>();
    private long nextHandle = 0x1_0001L;

    /** {@code SCardConnect} SHARED ({@code T=0}, {@code T=1}, {@code *}) or DIRECT, on the reader's JVM-wide card. */
    Connection connect(long context, CardTerminal terminal, int shareMode, int preferred) throws PcscException {
        String protocol = JdkModes.jdkProtocol("SCardConnect", shareMode, preferred);
        JdkHandle h;
        synchronized (this) {
            h = new JdkHandle(nextHandle++, context, terminal, protocol);
        }
        threads.ref(terminal);
        try {
            return threads.attempt(h.reader(), "SCardConnect", () -> {
                Object busy = attach(h, true);
                if (busy != null) {
                    return busy;
                }
                synchronized (this) {
                    handles.put(h.id, h);
                }
                return new Connection(h.id, h.card.protocol);
            });
        } catch (PcscException | RuntimeException e) {
            threads.unref(h.reader());
            throw e;
        }
    }

    /** {@code SCardDisconnect} with LEAVE or RESET; UNPOWER and EJECT are refused and change nothing. */
    void disconnect(long id, int disposition) throws PcscException {
        JdkHandle h = handle(id, "SCardDisconnect");
        boolean reset = JdkModes.reset("SCardDisconnect", disposition);
        threads.attempt(h.reader(), "SCardDisconnect", () -> {
            SharedCard c = live(h, "SCardDisconnect").card;
            boolean held;
            boolean stale;
            synchronized (this) {
                stale = c.reset;
                if (reset && !stale && c.owner != 0 && c.owner != h.id) {
                    return threads.busy();
                }
                handles.remove(h.id);
                threads.unref(h.reader()); // the thread ends after this step if it was the reader's last handle
                c.users--;
                held = c.owner == h.id;
                if (reset && !stale) {
                    markReset(h.reader(), c);
                } else if (c.users == 0) {
                    current.remove(h.reader(), c);
                }
                endTransaction(c, held);
                threads.changed(); // a step of this handle held back by a transaction now ends: invalid handle
            }
            if (stale) {
                return h; // another handle reset its card: the JDK object is dead, nothing to disconnect
            } else if (reset || c.users == 0) {
                forgiving(() -> c.card.disconnect(reset));
            } else if (held) {
                forgiving(c.card::endExclusive);
            }
            return h;
        });
    }

    /** {@code SCardReconnect}: LEAVE takes the reader's card again, RESET resets it; ends the handle's transaction. */
    int reconnect(long id, int shareMode, int preferred, int initialization) throws PcscException {
        JdkHandle h = handle(id, "SCardReconnect");
        String protocol = JdkModes.jdkProtocol("SCardReconnect", shareMode, preferred);
        boolean reset = JdkModes.reset("SCardReconnect", initialization);
        if (JdkModes.DIRECT.equals(protocol) != JdkModes.DIRECT.equals(h.protocol)) {
            throw new PcscException("SCardReconnect", Pcsc.SCARD_E_UNSUPPORTED_FEATURE);
        }
        return threads.attempt(h.reader(), "SCardReconnect", () -> {
            SharedCard c = live(h, "SCardReconnect").card;
            boolean held;
            synchronized (this) {
                if (!c.reset && c.owner != 0 && c.owner != h.id) {
                    return threads.busy();
                }
                held = c.owner == h.id;
                endTransaction(c, held);
                h.protocol = protocol;
            }
            if (held) {
                forgiving(c.card::endExclusive);
            }
            if (reset && !c.reset) {
                resetCard(h, c);
            }
            reattach(h, "SCardReconnect");
            return h.card.protocol;
        });
    }

    /** {@code SCardBeginTransaction}: held back while another handle has one; nested ones are counted. */
    void begin(long id) throws PcscException {
        JdkHandle h = handle(id, "SCardBeginTransaction");
        threads.attempt(h.reader(), "SCardBeginTransaction", () -> {
            SharedCard c = usable(h, "SCardBeginTransaction");
            synchronized (this) {
                if (c.owner == h.id) {
                    c.depth++;
                    return h;
                } else if (c.owner != 0) {
                    return threads.busy();
                }
            }
            c.card.beginExclusive();
            synchronized (this) {
                c.owner = h.id;
                c.depth = 1;
            }
            return h;
        });
    }

    /**
     * {@code SCardEndTransaction}. RESET ends the transaction, then resets the card; UNPOWER and EJECT end it as LEAVE
     * does (the card is never left locked) and then fail with {@link Pcsc#SCARD_E_UNSUPPORTED_FEATURE}.
     */
    void end(long id, int disposition) throws PcscException {
        JdkHandle h = handle(id, "SCardEndTransaction");
        boolean unsupported = disposition == Pcsc.SCARD_UNPOWER_CARD || disposition == Pcsc.SCARD_EJECT_CARD;
        boolean reset = !unsupported && JdkModes.reset("SCardEndTransaction", disposition);
        threads.attempt(h.reader(), "SCardEndTransaction", () -> {
            SharedCard c = live(h, "SCardEndTransaction").card;
            synchronized (this) {
                if (c.owner != h.id) {
                    throw new PcscException("SCardEndTransaction", Pcsc.SCARD_E_NOT_TRANSACTED);
                } else if (--c.depth > 0) {
                    return h;
                }
                endTransaction(c, true);
            }
            c.card.endExclusive();
            if (reset) {
                resetCard(h, c);
                reattach(h, "SCardEndTransaction");
            }
            return h;
        });
        if (unsupported) {
            throw new PcscException("SCardEndTransaction", Pcsc.SCARD_E_UNSUPPORTED_FEATURE);
        }
    }

    /** Runs a call (transmit, control, status, …) on the handle's card, once no other handle's transaction holds it. */
    <T> T onCard(long id, String function, CardFunction<T> call) throws PcscException {
        JdkHandle h = handle(id, function);
        return threads.attempt(h.reader(), function, () -> {
            SharedCard c = usable(h, function);
            synchronized (this) {
                if (c.owner != 0 && c.owner != h.id) {
                    return threads.busy();
                }
            }
            return call.apply(c, h.terminal);
        });
    }

    /** @return the handles of the context, or of all contexts for -1 */
    synchronized List<Long> handlesOf(long context) {
        return handles.values().stream().filter(h -> context == -1 || h.context == context).map(h -> h.id)
                .collect(Collectors.toList());
    }

    /** @return how many handles the reader's card has, 0 if none */
    synchronized int users(String reader) {
        SharedCard c = current.get(reader);
        return c == null ? 0 : c.users;
    }

    /** @return how many readers have a thread of their own */
    int readerThreads() {
        return threads.size();
    }

    // ---- helpers of the steps: they run on the reader's thread ----

    /** The handle's card; after another handle reset it: the one warning, then the reader's card taken again. */
    private SharedCard usable(JdkHandle h, String function) throws Exception {
        synchronized (this) {
            SharedCard c = live(h, function).card;
            if (!c.reset) {
                return c;
            } else if (!h.resetTold) {
                h.resetTold = true;
                throw new PcscException(function, Pcsc.SCARD_W_RESET_CARD);
            }
        }
        reattach(h, function);
        return h.card;
    }

    /** Puts an existing handle on the reader's card; a card no longer there is {@link Pcsc#SCARD_W_REMOVED_CARD}. */
    private void reattach(JdkHandle h, String function) throws PcscException {
        try {
            attach(h, false);
        } catch (Exception e) {
            int code = JdkCodes.code(e);
            throw new PcscException(function, code == Pcsc.SCARD_E_NO_SMARTCARD ? Pcsc.SCARD_W_REMOVED_CARD : code);
        }
    }

    /**
     * Puts the handle on the reader's card, connecting one if the JDK has none or a dead one.
     *
     * @param wait whether to give way to a transaction on the card (a new handle); else it is ignored
     * @return a {@link ReaderThreads.Busy} without any change if held back, else null
     */
    private Object attach(JdkHandle h, boolean wait) throws Exception {
        SharedCard was;
        synchronized (this) {
            was = current.get(h.reader());
        }
        boolean direct = JdkModes.DIRECT.equals(h.protocol);
        if (was != null && was.direct != direct) {
            throw new PcscException("SCardConnect", Pcsc.SCARD_E_UNSUPPORTED_FEATURE); // one kind per reader
        }
        Card card = was != null && direct ? was.card : h.terminal.connect(h.protocol);
        synchronized (this) {
            boolean same = was != null && was.card == card;
            if (wait && same && was.owner != 0) {
                return threads.busy();
            }
            SharedCard target = same ? was : new SharedCard(card, direct);
            target.users++;
            if (h.card != null) {
                h.card.users--;
            }
            h.card = target;
            h.resetTold = false;
            current.put(h.reader(), target);
        }
        return null;
    }

    /** Resets the handle's card: its other handles are due one {@link Pcsc#SCARD_W_RESET_CARD}. */
    private void resetCard(JdkHandle h, SharedCard c) throws Exception {
        synchronized (this) {
            markReset(h.reader(), c);
            endTransaction(c, true);
        }
        forgiving(() -> c.card.disconnect(true));
    }

    private void markReset(String reader, SharedCard c) {
        c.reset = true;
        handles.values().stream().filter(o -> o.card == c).forEach(o -> o.resetTold = false);
        current.remove(reader, c);
    }

    private void endTransaction(SharedCard c, boolean ends) {
        if (ends) {
            c.owner = 0;
            c.depth = 0;
            threads.changed();
        }
    }

    private synchronized JdkHandle live(JdkHandle h, String function) throws PcscException {
        if (handles.get(h.id) != h) {
            throw new PcscException(function, Pcsc.SCARD_E_INVALID_HANDLE); // disconnected meanwhile
        }
        return h;
    }

    private synchronized JdkHandle handle(long id, String function) throws PcscException {
        JdkHandle h = handles.get(id);
        if (h == null) {
            throw new PcscException(function, Pcsc.SCARD_E_INVALID_HANDLE);
        }
        return h;
    }

    /** A disconnect's JDK call: a card that is gone or already disconnected needs no disconnecting. */
    private static void forgiving(CardAction action) throws Exception {
        try {
            action.run();
        } catch (Exception e) {
            int code = JdkCodes.code(e);
            if (code != Pcsc.SCARD_W_REMOVED_CARD && code != Pcsc.SCARD_E_NO_SMARTCARD
                    && code != Pcsc.SCARD_E_INVALID_HANDLE) {
                throw e;
            }
        }
    }
}

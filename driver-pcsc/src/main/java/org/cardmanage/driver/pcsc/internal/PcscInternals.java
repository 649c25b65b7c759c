package org.cardmanage.driver.pcsc.internal;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;

import javax.smartcardio.Card;
import javax.smartcardio.CardException;

/**
 * Reflective access to the JDK's PC/SC provider ({@code sun.security.smartcardio}), for what its public API cannot do:
 * <ul>
 * <li>{@link #resetSharedContext()}: the provider keeps one PC/SC context in a static field for the life of the JVM;
 * after pcscd restarts, that context is dead and every call fails with {@code SCARD_E_NO_SERVICE}. Clearing it (and
 * the provider's cache of terminals bound to it) makes the next {@code TerminalFactory.getInstance} open a new
 * one.</li>
 * <li>A context of the driver's own for the monitor ({@link #establishContext()}, {@link #listReaders},
 * {@link #getStatusChange}): libpcsclite holds a context's lock for the whole of an {@code SCardGetStatusChange}, so
 * waiting for card events on the provider's shared context (its {@code CardTerminals.waitForChange}) blocks every
 * transmit of the JVM. Measured here: a transmit never got through while a monitor looped on it.</li>
 * <li>{@link #beginTransaction}/{@link #endTransaction}: PC/SC transactions that are not bound to a thread, as the
 * provider's {@code beginExclusive} is, for the driver's caller-thread mode.</li>
 * <li>{@link #transmit}: a plain {@code SCardTransmit}. The provider's channel rewrites commands (it forces the CLA's
 * channel bits to the basic channel, refuses MANAGE CHANNEL, answers 61xx and 6Cxx itself), which is the core's job
 * and switchable there.</li>
 * </ul>
 * It needs {@code --add-opens java.smartcardio/sun.security.smartcardio=ALL-UNNAMED}; {@link #open()} is empty without
 * it, and the driver works on the public API alone, without recovery after a pcscd restart.
 *
 * <p>Failures of the native calls are thrown as {@link CardException} caused by the provider's {@code PCSCException},
 * exactly as the public API throws them, so {@link PcscErrors} reads both alike.
 */
final class PcscInternals {
    /** Where an idle monitor context waits for the next activation of the driver in this JVM (see below). */
    static final String IDLE_CONTEXT_PROPERTY = "org.cardmanage.driver.pcsc.idleMonitorContext";
    private static final String PACKAGE = "sun.security.smartcardio.";
    private static final int SCARD_SCOPE_USER = 0;
    private static final int SCARD_LEAVE_CARD = 0;

    private final Class<?> terminalsClass;
    private final Field sharedContext;
    private final Field terminalCache;
    private final Method establish;
    private final Method list;
    private final Method statusChange;
    private final Method nativeTransmit;
    private final Method beginTransaction;
    private final Method endTransaction;
    private final Field cardId;
    private final Field cardProtocol;

    private PcscInternals(ClassLoader loader) throws ReflectiveOperationException {
        terminalsClass = Class.forName(PACKAGE + "PCSCTerminals", false, loader);
        Class<?> pcsc = Class.forName(PACKAGE + "PCSC", false, loader);
        Class<?> cardClass = Class.forName(PACKAGE + "CardImpl", false, loader);
        sharedContext = open(terminalsClass.getDeclaredField("contextId"));
        terminalCache = open(terminalsClass.getDeclaredField("terminals"));
        establish = open(pcsc.getDeclaredMethod("SCardEstablishContext", int.class));
        list = open(pcsc.getDeclaredMethod("SCardListReaders", long.class));
        statusChange = open(pcsc.getDeclaredMethod("SCardGetStatusChange", long.class, long.class, int[].class,
                String[].class));
        nativeTransmit = open(pcsc.getDeclaredMethod("SCardTransmit", long.class, int.class, byte[].class, int.class,
                int.class));
        beginTransaction = open(pcsc.getDeclaredMethod("SCardBeginTransaction", long.class));
        endTransaction = open(pcsc.getDeclaredMethod("SCardEndTransaction", long.class, int.class));
        cardId = open(cardClass.getDeclaredField("cardId"));
        cardProtocol = open(cardClass.getDeclaredField("protocol"));
    }

    /**
     * @return the internals, or empty with the reason logged by the caller if the package is not opened to us
     */
    static Optional<PcscInternals> open() {
        try {
            return Optional.of(new PcscInternals(ClassLoader.getPlatformClassLoader()));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return Optional.empty();
        }
    }

    private static <T extends java.lang.reflect.AccessibleObject> T open(T member) {
        member.setAccessible(true); // throws InaccessibleObjectException without --add-opens
        return member;
    }

    /**
     * Forgets the provider's shared PC/SC context and the terminals bound to it, so that the next
     * {@code TerminalFactory.getInstance("PC/SC", null)} establishes a new one. Terminals and cards obtained before
     * stay bound to the old context.
     */
    void resetSharedContext() throws ReflectiveOperationException {
        // initContext() and the terminal cache synchronize on the PCSCTerminals class: so do we.
        synchronized (terminalsClass) {
            sharedContext.setLong(null, 0L);
            ((Map<?, ?>) terminalCache.get(null)).clear();
        }
    }

    /** @return the provider's shared context handle, 0 if it has none */
    long sharedContext() throws ReflectiveOperationException {
        synchronized (terminalsClass) {
            return sharedContext.getLong(null);
        }
    }

    /** {@code SCardEstablishContext(SCARD_SCOPE_USER)}. The JDK offers no {@code SCardReleaseContext}. */
    long establishContext() throws CardException {
        return (Long) invoke(establish, SCARD_SCOPE_USER);
    }

    /**
     * Takes the monitor context a previous activation of the driver left in this JVM, or establishes one. The JDK has
     * no {@code SCardReleaseContext}, so a context cannot be closed; parking it in a system property lets a
     * restarted or updated driver bundle reuse it instead of leaking one connection to pcscd per restart.
     */
    long borrowMonitorContext() throws CardException {
        Object parked = System.getProperties().remove(IDLE_CONTEXT_PROPERTY);
        if (parked != null) {
            try {
                long context = Long.parseLong(parked.toString());
                listReaders(context); // still alive?
                return context;
            } catch (NumberFormatException | CardException dead) {
                // pcscd restarted since, or the value is not ours: establish a new one
            }
        }
        return establishContext();
    }

    /** Parks a monitor context for the next activation (see {@link #borrowMonitorContext()}). */
    void returnMonitorContext(long context) {
        System.getProperties().put(IDLE_CONTEXT_PROPERTY, Long.toString(context));
    }

    /** {@code SCardListReaders}; an empty array when there is no reader. */
    String[] listReaders(long context) throws CardException {
        try {
            String[] names = (String[]) invoke(list, context);
            return names == null ? new String[0] : names;
        } catch (CardException e) {
            if ("SCARD_E_NO_READERS_AVAILABLE".equals(PcscErrors.codeName(e))) {
                return new String[0];
            }
            throw e;
        }
    }

    /** {@code SCardGetStatusChange}: the new event states, or a {@code SCARD_E_TIMEOUT} failure. */
    int[] getStatusChange(long context, long timeoutMillis, int[] currentStates, String[] readerNames)
            throws CardException {
        return (int[]) invoke(statusChange, context, timeoutMillis, currentStates, readerNames);
    }

    /**
     * A plain {@code SCardTransmit} on a card connected through the provider.
     *
     * @param card a card from {@code CardTerminal.connect}
     * @param command the command APDU, sent as it is
     * @return the response as PC/SC returned it (possibly empty)
     */
    byte[] transmit(Card card, byte[] command) throws CardException {
        try {
            long id = cardId.getLong(card);
            int protocol = cardProtocol.getInt(card);
            return (byte[]) invoke(nativeTransmit, id, protocol, command, 0, command.length);
        } catch (IllegalAccessException | IllegalArgumentException e) {
            throw new CardException("not a card of the JDK's PC/SC provider: " + card.getClass().getName(), e);
        }
    }

    /** {@code SCardBeginTransaction} on a card connected through the provider; blocks while another holds one. */
    void beginTransaction(Card card) throws CardException {
        invoke(beginTransaction, idOf(card));
    }

    /** {@code SCardEndTransaction(SCARD_LEAVE_CARD)} on a card connected through the provider. */
    void endTransaction(Card card) throws CardException {
        invoke(endTransaction, idOf(card), SCARD_LEAVE_CARD);
    }

    private long idOf(Card card) throws CardException {
        try {
            return cardId.getLong(card);
        } catch (IllegalAccessException | IllegalArgumentException e) {
            throw new CardException("not a card of the JDK's PC/SC provider: " + card.getClass().getName(), e);
        }
    }

    private static Object invoke(Method method, Object... args) throws CardException {
        try {
            return method.invoke(null, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new CardException(method.getName() + "() failed", cause);
        } catch (IllegalAccessException e) {
            throw new CardException(method.getName() + "() is not accessible", e);
        }
    }
}

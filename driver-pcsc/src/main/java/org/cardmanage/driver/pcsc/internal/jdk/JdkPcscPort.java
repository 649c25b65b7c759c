package org.cardmanage.driver.pcsc.internal.jdk;

import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CardTerminals;
import javax.smartcardio.TerminalFactory;

import org.cardmanage.driver.pcsc.internal.port.CardStatus;
import org.cardmanage.driver.pcsc.internal.port.Connection;
import org.cardmanage.driver.pcsc.internal.port.Pcsc;
import org.cardmanage.driver.pcsc.internal.port.PcscException;
import org.cardmanage.driver.pcsc.internal.port.PcscPort;
import org.cardmanage.driver.pcsc.internal.port.ReaderStateQuery;

/**
 * The fallback {@link PcscPort} ({@code backend=jdk}): the public {@code javax.smartcardio} API only, no reflection,
 * no system properties. What the JDK cannot express fails with a {@link PcscException} and a code, mostly
 * {@link Pcsc#SCARD_E_UNSUPPORTED_FEATURE}: EXCLUSIVE connections, UNPOWER and EJECT, RAW alone, a second kind of
 * connection (SHARED and DIRECT) on one reader, commands the JDK would rewrite (a logical channel other than the basic
 * one in the CLA, MANAGE CHANNEL, extended length on T=0). Beyond that, the JDK itself answers 61xx and 6Cxx with GET
 * RESPONSE or a resent command (unless the JVM was started with {@code sun.security.smartcardio.t0GetResponse} /
 * {@code t1GetResponse=false}), a reader's wait is a poll ({@link JdkPresencePoller}), and after pcscd restarts the
 * JDK's one native context never recovers: every call keeps failing with {@link Pcsc#SCARD_E_NO_SERVICE} until the
 * JVM restarts.
 */
public final class JdkPcscPort implements PcscPort, AutoCloseable {
    /** The poll interval of {@link #getStatusChange} unless told otherwise. */
    public static final long DEFAULT_POLL_MILLIS = 250;

    private static final int MAX_RESPONSE = 65_538;

    /** Where contexts come from: the JDK's PC/SC factory, or a fake in tests. */
    @FunctionalInterface
    interface TerminalsSource {
        CardTerminals terminals() throws NoSuchAlgorithmException;
    }

    private final TerminalsSource source;
    private final JdkPresencePoller poller;
    private final JdkHandles handles = new JdkHandles();
    private final Map<Long, JdkContext> contexts = new ConcurrentHashMap<>();
    private final AtomicLong nextContext = new AtomicLong(0x0C00_0001L);

    /** A port that polls reader states every {@value #DEFAULT_POLL_MILLIS} ms. */
    public JdkPcscPort() {
        this(DEFAULT_POLL_MILLIS);
    }

    /** @param pollMillis the interval at which {@link #getStatusChange} looks at the readers */
    public JdkPcscPort(long pollMillis) {
        // never getDefault(): touched while pcscd is down, it stays the "None" factory for the JVM's life
        this(() -> TerminalFactory.getInstance("PC/SC", null).terminals(), pollMillis);
    }

    JdkPcscPort(TerminalsSource source, long pollMillis) {
        this.source = source;
        this.poller = new JdkPresencePoller(pollMillis);
    }

    @Override
    public String description() {
        return "javax.smartcardio (the JDK's PC/SC provider; shared connections only, LEAVE/RESET only, "
                + "no recovery after a pcscd restart)";
    }

    /** @return false: the JDK's calls wait behind another process's transaction */
    @Override
    public boolean sharingReturnsAtOnce() {
        return false;
    }

    @Override
    public long establishContext() throws PcscException {
        CardTerminals terminals;
        try {
            terminals = source.terminals();
        } catch (NoSuchAlgorithmException | RuntimeException e) {
            throw JdkCodes.translate("SCardEstablishContext", e);
        }
        try {
            terminals.list(); // the JDK makes its native context once per JVM: ask whether it still works
        } catch (CardException | RuntimeException e) {
            int code = JdkCodes.code(e);
            if (code != Pcsc.SCARD_E_NO_READERS_AVAILABLE) {
                throw new PcscException("SCardEstablishContext", code);
            }
        }
        long id = nextContext.getAndIncrement();
        contexts.put(id, new JdkContext(id, terminals));
        return id;
    }

    @Override
    public void releaseContext(long context) throws PcscException {
        JdkContext released = contexts.remove(context);
        if (released == null) {
            throw new PcscException("SCardReleaseContext", Pcsc.SCARD_E_INVALID_HANDLE);
        }
        released.release();
        disconnectAll(context);
    }

    @Override
    public List<String> listReaders(long context) throws PcscException {
        List<String> names = new ArrayList<>();
        try {
            for (CardTerminal terminal : context(context, "SCardListReaders").terminals.list()) {
                names.add(terminal.getName());
            }
        } catch (CardException | RuntimeException e) {
            if (JdkCodes.code(e) != Pcsc.SCARD_E_NO_READERS_AVAILABLE) {
                throw JdkCodes.translate("SCardListReaders", e);
            }
        }
        return names;
    }

    @Override
    public boolean getStatusChange(long context, long timeoutMillis, ReaderStateQuery[] readers)
            throws PcscException {
        return poller.await(context(context, "SCardGetStatusChange"), timeoutMillis, readers);
    }

    @Override
    public void cancel(long context) throws PcscException {
        context(context, "SCardCancel").cancel();
    }

    @Override
    public Connection connect(long context, String reader, int shareMode, int preferredProtocols)
            throws PcscException {
        JdkContext c = context(context, "SCardConnect");
        CardTerminal terminal;
        try {
            terminal = c.terminals.getTerminal(reader);
        } catch (RuntimeException e) {
            throw JdkCodes.translate("SCardConnect", e);
        }
        if (terminal == null) {
            throw new PcscException("SCardConnect", Pcsc.SCARD_E_UNKNOWN_READER);
        }
        return handles.connect(context, terminal, shareMode, preferredProtocols);
    }

    @Override
    public int reconnect(long handle, int shareMode, int preferredProtocols, int initialization)
            throws PcscException {
        return handles.reconnect(handle, shareMode, preferredProtocols, initialization);
    }

    @Override
    public void disconnect(long handle, int disposition) throws PcscException {
        handles.disconnect(handle, disposition);
    }

    @Override
    public void beginTransaction(long handle) throws PcscException {
        handles.begin(handle);
    }

    @Override
    public void endTransaction(long handle, int disposition) throws PcscException {
        handles.end(handle, disposition);
    }

    @Override
    public byte[] transmit(long handle, int protocol, byte[] command) throws PcscException {
        byte[] apdu = JdkApdus.checked(command); // a copy: the JDK writes into it
        return handles.onCard(handle, "SCardTransmit", (card, terminal) -> {
            JdkApdus.checkProtocol(card.protocol, protocol, apdu);
            ByteBuffer response = ByteBuffer.allocate(MAX_RESPONSE);
            int length = card.card.getBasicChannel().transmit(ByteBuffer.wrap(apdu), response);
            if (length < 2) {
                throw new PcscException("SCardTransmit", Pcsc.SCARD_W_REMOVED_CARD); // no status word: it has gone
            }
            return Arrays.copyOf(response.array(), length);
        });
    }

    @Override
    public byte[] control(long handle, int controlCode, byte[] input) throws PcscException {
        byte[] copy = input.clone();
        return handles.onCard(handle, "SCardControl", (card, terminal) -> card.card.transmitControlCommand(controlCode,
                copy));
    }

    @Override
    public CardStatus status(long handle) throws PcscException {
        return handles.onCard(handle, "SCardStatus", (card, terminal) -> {
            byte[] atr = card.card.getATR().getBytes(); // kept by the JDK since connect: ask the reader too
            if (!card.direct && !terminal.isCardPresent()) {
                throw new PcscException("SCardStatus", Pcsc.SCARD_W_REMOVED_CARD);
            }
            if (atr.length == 0) {
                return new CardStatus(terminal.getName(), Pcsc.SCARD_ABSENT, card.protocol, atr);
            }
            int state = Pcsc.SCARD_PRESENT | Pcsc.SCARD_POWERED | Pcsc.SCARD_SPECIFIC;
            return new CardStatus(terminal.getName(), state, card.protocol, atr);
        });
    }

    @Override
    public byte[] getAttribute(long handle, int attributeId) throws PcscException {
        return handles.onCard(handle, "SCardGetAttrib", (card, terminal) -> {
            if (attributeId != Pcsc.SCARD_ATTR_ATR_STRING) {
                throw new PcscException("SCardGetAttrib", Pcsc.SCARD_E_UNSUPPORTED_FEATURE);
            }
            return card.card.getATR().getBytes();
        });
    }

    @Override
    public int controlCode(int function) {
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        return windows ? (0x31 << 16) | (function << 2) : 0x42000000 + function;
    }

    /** Releases every context and disconnects (LEAVE) every handle; the readers' threads end. */
    @Override
    public void close() {
        contexts.keySet().forEach(id -> {
            JdkContext c = contexts.remove(id);
            if (c != null) {
                c.release();
            }
        });
        try {
            disconnectAll(-1);
        } catch (PcscException e) {
            // a card that cannot be left now is left by the JDK's cleaner; nothing else to do on close
        }
    }

    private void disconnectAll(long context) throws PcscException {
        PcscException first = null;
        for (long id : handles.handlesOf(context)) {
            try {
                handles.disconnect(id, Pcsc.SCARD_LEAVE_CARD);
            } catch (PcscException e) {
                first = first == null && e.code() != Pcsc.SCARD_E_INVALID_HANDLE ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private JdkContext context(long id, String function) throws PcscException {
        JdkContext c = contexts.get(id);
        if (c == null) {
            throw new PcscException(function, Pcsc.SCARD_E_INVALID_HANDLE);
        }
        return c;
    }
}

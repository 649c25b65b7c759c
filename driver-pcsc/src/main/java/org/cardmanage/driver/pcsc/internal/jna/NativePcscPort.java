package org.cardmanage.driver.pcsc.internal.jna;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;

import org.cardmanage.driver.pcsc.internal.port.CardStatus;
import org.cardmanage.driver.pcsc.internal.port.Connection;
import org.cardmanage.driver.pcsc.internal.port.Pcsc;
import org.cardmanage.driver.pcsc.internal.port.PcscException;
import org.cardmanage.driver.pcsc.internal.port.PcscPort;
import org.cardmanage.driver.pcsc.internal.port.ReaderStateQuery;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/**
 * The {@link PcscPort} on the platform's own PC/SC library (libpcsclite, Apple's PCSC framework, winscard.dll) through
 * JNA direct mapping. JNA is a bundle of its own; this class only binds functions through it.
 *
 * <p>Loading ({@link #load}, {@link PcscLibrary}): on pcsc-lite, {@code PCSCLITE_NO_BLOCKING} is set first (see
 * {@link #sharingReturnsAtOnce()}), then the library is opened and the winscard functions are bound to a class of
 * static native methods. Native methods are bound per class, so every port made by one copy of this bundle's classes
 * (one bundle revision) uses the library the first one bound; another {@code library.path} takes effect when the
 * bundle is updated or refreshed.
 *
 * <p>Memory: each thread that calls the port gets its own native scratch block (about 128 KB of address space, of which
 * only the pages used become resident), holding the command, the response (up to pcsc-lite's 65 548 bytes) and the
 * out-parameters, so a {@link #transmit} allocates nothing but the response array. The block is JNA memory only,
 * freed when the thread ends or when it is collected after the port is gone.
 *
 * <p>Thread-safe, as the library is; command and response data never appear in exceptions or logs.
 */
public final class NativePcscPort implements PcscPort {
    /** Size of one out-parameter slot (a DWORD or a handle on every platform). */
    private static final int SLOT = 8;
    private static final int SLOTS = 4;
    /** Size of the command area and of the response area: at least {@link Abi#MAX_BUFFER_SIZE_EXTENDED}. */
    private static final int AREA = 65_552;
    private static final int SEND_OFFSET = SLOT * 8;
    private static final int RECEIVE_OFFSET = SEND_OFFSET + AREA;
    private static final int SCRATCH_SIZE = RECEIVE_OFFSET + AREA;
    /** Indexes into a thread's scratch pointers: slots 0..3, then these. */
    private static final int SEND = SLOTS;
    private static final int RECEIVE = SLOTS + 1;
    private static final int BLOCK = SLOTS + 2;

    private final Abi abi;
    private final Winscard winscard;
    private final Charset charset;
    private final String description;
    private final boolean sharingReturnsAtOnce;
    private final Pointer t0Pci;
    private final Pointer t1Pci;
    private final Pointer rawPci;
    private final ThreadLocal<Pointer[]> scratch = ThreadLocal.withInitial(NativePcscPort::newScratch);
    private final ContextSockets sockets;

    private NativePcscPort(Abi abi, PcscLibrary binding) {
        this.abi = abi;
        this.winscard = binding.winscard();
        this.charset = abi.charset();
        this.description = binding.description();
        this.sharingReturnsAtOnce = binding.sharingReturnsAtOnce();
        this.t0Pci = binding.t0Pci();
        this.t1Pci = binding.t1Pci();
        this.rawPci = binding.rawPci();
        this.sockets = new ContextSockets(abi.flavour() == Abi.Flavour.PCSC_LITE
                && com.sun.jna.Platform.isLinux());
    }

    /**
     * Opens the platform's PC/SC library and binds its functions: {@code libpcsclite.so.1} (then any
     * {@code libpcsclite.so.N} on the library path), {@code /System/Library/Frameworks/PCSC.framework/PCSC}, or
     * {@code winscard.dll} (64-bit Windows only). No PC/SC context is made; a missing pcscd shows only at
     * {@link #establishContext()}.
     *
     * @param libraryPath the library's file, or empty (or {@code null}) for the platform's default
     * @return the port
     * @throws LibraryUnavailableException if the library or JNA's native part is missing or does not fit, with a
     *     message saying what to do
     */
    public static NativePcscPort load(String libraryPath) throws LibraryUnavailableException {
        String path = libraryPath == null ? "" : libraryPath.strip();
        Abi abi;
        try {
            abi = Abi.current();
        } catch (LinkageError e) {
            throw new LibraryUnavailableException("JNA's native part cannot be loaded on this platform: " + e, e);
        }
        if (abi.flavour() == Abi.Flavour.WINDOWS && abi.pointerSize() != 8) {
            throw new LibraryUnavailableException("the native PC/SC backend supports 64-bit Windows only", null);
        }
        return new NativePcscPort(abi, PcscLibrary.open(abi, path));
    }

    @Override
    public String description() {
        return description;
    }

    /**
     * {@inheritDoc}
     *
     * <p>True on pcsc-lite when {@code PCSCLITE_NO_BLOCKING} was in the environment already or was set by
     * {@link #load} before any PC/SC library was loaded into the process; false on Windows, and where another part
     * of the process loaded libpcsclite first (then {@link #load} logs a warning).
     */
    @Override
    public boolean sharingReturnsAtOnce() {
        return sharingReturnsAtOnce;
    }

    @Override
    public long establishContext() throws PcscException {
        Pointer context = scratch.get()[0];
        context.setLong(0, 0);
        synchronized (sockets) {
            java.util.Map<Integer, String> before = sockets.before();
            check("SCardEstablishContext", winscard.establishContext(Pcsc.SCARD_SCOPE_SYSTEM, context));
            long established = abi.readHandle(context, 0);
            sockets.established(established, before);
            return established;
        }
    }

    @Override
    public void releaseContext(long context) throws PcscException {
        sockets.released(context);
        check("SCardReleaseContext", winscard.releaseContext(context));
    }

    @Override
    public boolean abandon(long context) {
        return sockets.cut(context);
    }

    @Override
    public boolean canAbandon(long context) {
        return sockets.knows(context);
    }

    @Override
    public List<String> listReaders(long context) throws PcscException {
        Pointer[] s = scratch.get();
        Pointer length = s[0];
        abi.writeDword(length, 0, AREA);
        int rv = winscard.listReaders(context, s[RECEIVE], length);
        if (rv == Pcsc.SCARD_E_INSUFFICIENT_BUFFER) {
            return listManyReaders(context, length);
        }
        if (rv == Pcsc.SCARD_E_NO_READERS_AVAILABLE) {
            return List.of();
        }
        check("SCardListReaders", rv);
        int size = (int) Math.min(abi.readDword(length, 0), AREA);
        return multiString(s[RECEIVE].getByteArray(0, size), size, charset);
    }

    /** The reader list does not fit the scratch block: ask for its size, then read it into a block of that size. */
    private List<String> listManyReaders(long context, Pointer length) throws PcscException {
        for (int attempt = 0;; attempt++) {
            abi.writeDword(length, 0, 0);
            int rv = winscard.listReaders(context, null, length);
            if (rv == Pcsc.SCARD_E_NO_READERS_AVAILABLE) {
                return List.of();
            }
            check("SCardListReaders", rv);
            int size = (int) abi.readDword(length, 0);
            try (Memory readers = new Memory(Math.max(1, size))) {
                rv = winscard.listReaders(context, readers, length);
                if (rv == Pcsc.SCARD_E_INSUFFICIENT_BUFFER && attempt < 2) {
                    continue; // a reader was plugged in between the two calls
                }
                if (rv == Pcsc.SCARD_E_NO_READERS_AVAILABLE) {
                    return List.of();
                }
                check("SCardListReaders", rv);
                int filled = (int) Math.min(abi.readDword(length, 0), size);
                return multiString(readers.getByteArray(0, filled), filled, charset);
            }
        }
    }

    @Override
    public boolean getStatusChange(long context, long timeoutMillis, ReaderStateQuery[] readers)
            throws PcscException {
        int stride = abi.readerStateSize();
        byte[][] names = new byte[readers.length][];
        long size = (long) readers.length * stride;
        for (int i = 0; i < readers.length; i++) {
            names[i] = cString(readers[i].reader());
            size += names[i].length;
        }
        try (Memory states = new Memory(Math.max(1, size))) {
            states.clear();
            long name = (long) readers.length * stride;
            for (int i = 0; i < readers.length; i++) {
                long state = (long) i * stride;
                states.write(name, names[i], 0, names[i].length);
                states.setPointer(state, states.share(name));
                abi.writeDword(states, state + abi.currentStateOffset(), readers[i].currentState());
                name += names[i].length;
            }
            int rv = winscard.getStatusChange(context, dwordTimeout(timeoutMillis), states, readers.length);
            if (rv == Pcsc.SCARD_E_TIMEOUT) {
                return false;
            }
            check("SCardGetStatusChange", rv);
            for (int i = 0; i < readers.length; i++) {
                long state = (long) i * stride;
                int atrLength = (int) Math.min(abi.readDword(states, state + abi.atrLengthOffset()), abi.atrSize());
                readers[i].result((int) abi.readDword(states, state + abi.eventStateOffset()),
                        states.getByteArray(state + abi.atrOffset(), atrLength));
            }
            return true;
        }
    }

    @Override
    public void cancel(long context) throws PcscException {
        check("SCardCancel", winscard.cancel(context));
    }

    @Override
    public Connection connect(long context, String reader, int shareMode, int preferredProtocols)
            throws PcscException {
        byte[] name = cString(reader);
        if (name.length > AREA) {
            throw new PcscException("SCardConnect", Pcsc.SCARD_E_INVALID_VALUE);
        }
        Pointer[] s = scratch.get();
        s[SEND].write(0, name, 0, name.length);
        s[0].setLong(0, 0);
        s[1].setLong(0, 0);
        check("SCardConnect", winscard.connect(context, s[SEND], shareMode, abi.toNativeProtocols(preferredProtocols),
                s[0], s[1]));
        return new Connection(abi.readHandle(s[0], 0), abi.fromNativeProtocols((int) abi.readDword(s[1], 0)));
    }

    @Override
    public int reconnect(long handle, int shareMode, int preferredProtocols, int initialization)
            throws PcscException {
        Pointer protocol = scratch.get()[0];
        protocol.setLong(0, 0);
        check("SCardReconnect", winscard.reconnect(handle, shareMode, abi.toNativeProtocols(preferredProtocols),
                initialization, protocol));
        return abi.fromNativeProtocols((int) abi.readDword(protocol, 0));
    }

    @Override
    public void disconnect(long handle, int disposition) throws PcscException {
        check("SCardDisconnect", winscard.disconnect(handle, disposition));
    }

    @Override
    public void beginTransaction(long handle) throws PcscException {
        check("SCardBeginTransaction", winscard.beginTransaction(handle));
    }

    @Override
    public void endTransaction(long handle, int disposition) throws PcscException {
        check("SCardEndTransaction", winscard.endTransaction(handle, disposition));
    }

    /**
     * {@inheritDoc}
     *
     * <p>A protocol other than T=0, T=1 or RAW fails with {@link Pcsc#SCARD_E_PROTO_MISMATCH} and a command longer
     * than 65 548 bytes with {@link Pcsc#SCARD_E_INSUFFICIENT_BUFFER}, as pcsc-lite answers them, without a call.
     */
    @Override
    public byte[] transmit(long handle, int protocol, byte[] command) throws PcscException {
        Pointer pci = switch (protocol) {
            case Pcsc.SCARD_PROTOCOL_T0 -> t0Pci;
            case Pcsc.SCARD_PROTOCOL_T1 -> t1Pci;
            case Pcsc.SCARD_PROTOCOL_RAW -> rawPci;
            default -> throw new PcscException("SCardTransmit", Pcsc.SCARD_E_PROTO_MISMATCH);
        };
        int length = command.length;
        if (length > Abi.MAX_BUFFER_SIZE_EXTENDED) {
            throw new PcscException("SCardTransmit", Pcsc.SCARD_E_INSUFFICIENT_BUFFER);
        }
        Pointer[] s = scratch.get();
        Pointer send = s[SEND];
        Pointer receive = s[RECEIVE];
        Pointer received = s[0];
        send.write(0, command, 0, length);
        abi.writeDword(received, 0, Abi.MAX_BUFFER_SIZE_EXTENDED);
        check("SCardTransmit", winscard.transmit(handle, pci, send, length, receive, received));
        int size = (int) Math.min(abi.readDword(received, 0), Abi.MAX_BUFFER_SIZE_EXTENDED);
        byte[] response = new byte[size];
        receive.read(0, response, 0, size);
        return response;
    }

    @Override
    public byte[] control(long handle, int controlCode, byte[] input) throws PcscException {
        if (input.length > Abi.MAX_BUFFER_SIZE_EXTENDED) {
            throw new PcscException("SCardControl", Pcsc.SCARD_E_INSUFFICIENT_BUFFER);
        }
        Pointer[] s = scratch.get();
        s[SEND].write(0, input, 0, input.length);
        abi.writeDword(s[0], 0, 0);
        check("SCardControl", winscard.control(handle, controlCode, s[SEND], input.length, s[RECEIVE],
                Abi.MAX_CONTROL_OUTPUT, s[0]));
        int size = (int) Math.min(abi.readDword(s[0], 0), Abi.MAX_CONTROL_OUTPUT);
        return s[RECEIVE].getByteArray(0, size);
    }

    /** {@inheritDoc} The state is pcsc-lite's flags without its event counter. */
    @Override
    public CardStatus status(long handle) throws PcscException {
        Pointer[] s = scratch.get();
        abi.writeDword(s[0], 0, AREA);
        abi.writeDword(s[1], 0, 0);
        abi.writeDword(s[2], 0, 0);
        abi.writeDword(s[3], 0, AREA);
        check("SCardStatus", winscard.status(handle, s[RECEIVE], s[0], s[1], s[2], s[SEND], s[3]));
        int nameLength = (int) Math.min(abi.readDword(s[0], 0), AREA);
        List<String> names = multiString(s[RECEIVE].getByteArray(0, nameLength), nameLength, charset);
        int atrLength = (int) Math.min(abi.readDword(s[3], 0), AREA);
        return new CardStatus(names.isEmpty() ? "" : names.get(0), abi.cardState(abi.readDword(s[1], 0)),
                abi.fromNativeProtocols((int) abi.readDword(s[2], 0)), s[SEND].getByteArray(0, atrLength));
    }

    @Override
    public byte[] getAttribute(long handle, int attributeId) throws PcscException {
        Pointer[] s = scratch.get();
        int capacity = abi.attributeCapacity();
        abi.writeDword(s[0], 0, capacity);
        check("SCardGetAttrib", winscard.getAttrib(handle, attributeId, s[RECEIVE], s[0]));
        int size = (int) Math.min(abi.readDword(s[0], 0), capacity);
        return s[RECEIVE].getByteArray(0, size);
    }

    @Override
    public int controlCode(int function) {
        return abi.controlCode(function);
    }

    @Override
    public String toString() {
        return "NativePcscPort[" + description + "]";
    }

    /**
     * Splits a winscard multi-string: strings ended by NUL, the list ended by an empty string (a second NUL) or by
     * the length.
     *
     * @param bytes the buffer
     * @param length how many bytes of it the library filled
     * @return the strings, without empty ones
     */
    static List<String> multiString(byte[] bytes, int length, Charset charset) {
        List<String> strings = new ArrayList<>();
        int end = Math.min(length, bytes.length);
        int start = 0;
        for (int i = 0; i <= end; i++) {
            if (i == end || bytes[i] == 0) {
                if (i == start) {
                    break;
                }
                strings.add(new String(bytes, start, i - start, charset));
                start = i + 1;
            }
        }
        return List.copyOf(strings);
    }

    /** @return a {@code DWORD} timeout: 0 for a negative one, {@link Pcsc#INFINITE} for one beyond 32 bits */
    static int dwordTimeout(long timeoutMillis) {
        return (int) Math.max(0, Math.min(timeoutMillis, Pcsc.INFINITE));
    }

    private byte[] cString(String text) {
        byte[] encoded = text.getBytes(charset);
        byte[] terminated = new byte[encoded.length + 1];
        System.arraycopy(encoded, 0, terminated, 0, encoded.length);
        return terminated;
    }

    private static void check(String function, int rv) throws PcscException {
        if (rv != Pcsc.SCARD_S_SUCCESS) {
            throw new PcscException(function, rv);
        }
    }

    private static Pointer[] newScratch() {
        Memory block = new Memory(SCRATCH_SIZE);
        Pointer[] pointers = new Pointer[BLOCK + 1];
        for (int i = 0; i < SLOTS; i++) {
            pointers[i] = block.share((long) i * SLOT, SLOT);
        }
        pointers[SEND] = block.share(SEND_OFFSET, AREA);
        pointers[RECEIVE] = block.share(RECEIVE_OFFSET, AREA);
        pointers[BLOCK] = block;
        return pointers;
    }
}

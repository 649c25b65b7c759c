package org.cardmanage.driver.pcsc.internal.jna;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.cardmanage.driver.pcsc.internal.port.Pcsc;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * What differs between the winscard libraries at the binary level: the size of {@code DWORD}, {@code LONG} and the
 * context and card handles, the layout of {@code SCARD_READERSTATE}, and the values that Windows encodes differently
 * from pcsc-lite (the RAW protocol, {@code SCardStatus}' card state, control codes, the string encoding of the
 * {@code A} functions). The port speaks pcsc-lite's values ({@link Pcsc}); this class converts at the native boundary.
 *
 * <ul>
 * <li>pcsc-lite ({@code wintypes.h}, {@code pcsclite.h}): {@code DWORD}, {@code LONG}, {@code SCARDCONTEXT} and
 * {@code SCARDHANDLE} are C {@code long} (8 bytes on LP64); {@code SCARD_READERSTATE} has natural alignment and a
 * 33-byte ATR.</li>
 * <li>macOS ({@code PCSC.framework}, pcsc-lite's headers under {@code __APPLE__}): all of them are 32-bit
 * ({@code uint32_t}/{@code int32_t}); {@code SCARD_READERSTATE} is {@code #pragma pack(1)} with a 33-byte ATR.</li>
 * <li>Windows ({@code winscard.dll}): {@code DWORD} and {@code LONG} are 32-bit, the handles are {@code ULONG_PTR};
 * {@code SCARD_READERSTATEA} has natural alignment and a 36-byte ATR; {@code SCARD_PROTOCOL_RAW} is
 * {@code 0x10000}; {@code SCardStatus} reports the card state as a number (0 unknown … 6 specific), not as
 * flags.</li>
 * </ul>
 */
final class Abi {
    /** The winscard flavour. */
    enum Flavour {
        /** pcsc-lite on Linux and other Unix systems. */
        PCSC_LITE,
        /** Apple's PCSC framework. */
        MACOS,
        /** Microsoft's winscard.dll. */
        WINDOWS
    }

    /** pcsc-lite's {@code MAX_BUFFER_SIZE_EXTENDED}: the largest command or response APDU (4+3+65536+3+2). */
    static final int MAX_BUFFER_SIZE_EXTENDED = 4 + 3 + (1 << 16) + 3 + 2;
    /** pcsc-lite's {@code MAX_BUFFER_SIZE}: the largest attribute it returns (a larger buffer is refused). */
    static final int MAX_ATTRIBUTE_SIZE = 264;
    /** The largest {@code SCardControl} output the port accepts. */
    static final int MAX_CONTROL_OUTPUT = 65_536;

    /** Windows' {@code SCARD_PROTOCOL_RAW}. */
    static final int WINDOWS_PROTOCOL_RAW = 0x10000;
    /** pcsc-lite's {@code SCARD_UNKNOWN} card state. */
    static final int SCARD_UNKNOWN = 0x0001;

    private final Flavour flavour;
    private final int pointerSize;
    private final int dwordSize;
    private final int handleSize;
    private final int atrSize;
    private final boolean packed;
    private final int currentStateOffset;
    private final int eventStateOffset;
    private final int atrLengthOffset;
    private final int atrOffset;
    private final int readerStateSize;

    private Abi(Flavour flavour, int pointerSize, int dwordSize, int handleSize, int atrSize, boolean packed) {
        this.flavour = flavour;
        this.pointerSize = pointerSize;
        this.dwordSize = dwordSize;
        this.handleSize = handleSize;
        this.atrSize = atrSize;
        this.packed = packed;
        // { const char *szReader; void *pvUserData; DWORD dwCurrentState; DWORD dwEventState; DWORD cbAtr;
        //   unsigned char rgbAtr[ATR]; }
        int offset = 2 * pointerSize;
        currentStateOffset = align(offset, dwordSize);
        eventStateOffset = align(currentStateOffset + dwordSize, dwordSize);
        atrLengthOffset = align(eventStateOffset + dwordSize, dwordSize);
        atrOffset = atrLengthOffset + dwordSize;
        readerStateSize = align(atrOffset + atrSize, Math.max(pointerSize, dwordSize));
    }

    /** pcsc-lite where C {@code long} has {@code longSize} bytes. */
    static Abi pcscLite(int pointerSize, int longSize) {
        return new Abi(Flavour.PCSC_LITE, pointerSize, longSize, longSize, 33, false);
    }

    /** Apple's PCSC framework. */
    static Abi macOs(int pointerSize) {
        return new Abi(Flavour.MACOS, pointerSize, 4, 4, 33, true);
    }

    /** Microsoft's winscard.dll. */
    static Abi windows(int pointerSize) {
        return new Abi(Flavour.WINDOWS, pointerSize, 4, pointerSize, 36, false);
    }

    /** @return the ABI of the platform this JVM runs on */
    static Abi current() {
        if (Platform.isWindows()) {
            return windows(Native.POINTER_SIZE);
        }
        if (Platform.isMac()) {
            return macOs(Native.POINTER_SIZE);
        }
        return pcscLite(Native.POINTER_SIZE, Native.LONG_SIZE);
    }

    Flavour flavour() {
        return flavour;
    }

    /**
     * @return the names the library is looked up by without an explicit path, in order: the ABI-versioned file
     *     first, then JNA's search by base name (which finds the highest {@code libpcsclite.so.N} on the library path)
     */
    List<String> defaultLibraryNames() {
        return switch (flavour) {
            case WINDOWS -> List.of("winscard.dll");
            case MACOS -> List.of("/System/Library/Frameworks/PCSC.framework/PCSC");
            case PCSC_LITE -> List.of("libpcsclite.so.1", "pcsclite");
        };
    }

    /** @return what to tell an operator when no library was found */
    String installHint() {
        return switch (flavour) {
            case WINDOWS -> "winscard.dll not found: the Windows smart card service is missing";
            case MACOS -> "PCSC.framework not found: set library.path to the PC/SC library";
            case PCSC_LITE -> "libpcsclite.so.1 not found: install libpcsclite1 (Debian) or set library.path";
        };
    }

    /** @return whether pcsc-lite's {@code PCSCLITE_NO_BLOCKING} environment variable means anything here */
    boolean readsNoBlocking() {
        return flavour != Flavour.WINDOWS;
    }

    /** @return the charset of reader names: UTF-8, or on Windows the ANSI code page of the {@code A} functions */
    Charset charset() {
        if (flavour != Flavour.WINDOWS) {
            return StandardCharsets.UTF_8;
        }
        String name = System.getProperty("native.encoding", System.getProperty("sun.jnu.encoding"));
        try {
            return name == null ? Charset.defaultCharset() : Charset.forName(name);
        } catch (IllegalArgumentException e) {
            return Charset.defaultCharset();
        }
    }

    int pointerSize() {
        return pointerSize;
    }

    int dwordSize() {
        return dwordSize;
    }

    int handleSize() {
        return handleSize;
    }

    /** @return {@code MAX_ATR_SIZE}: the size of {@code rgbAtr} */
    int atrSize() {
        return atrSize;
    }

    boolean packed() {
        return packed;
    }

    /** @return the offset of {@code dwCurrentState} in {@code SCARD_READERSTATE} */
    int currentStateOffset() {
        return currentStateOffset;
    }

    /** @return the offset of {@code dwEventState} */
    int eventStateOffset() {
        return eventStateOffset;
    }

    /** @return the offset of {@code cbAtr} */
    int atrLengthOffset() {
        return atrLengthOffset;
    }

    /** @return the offset of {@code rgbAtr} */
    int atrOffset() {
        return atrOffset;
    }

    /** @return {@code sizeof(SCARD_READERSTATE)}: the stride of an array of them */
    int readerStateSize() {
        return readerStateSize;
    }

    /** @return the largest attribute {@code SCardGetAttrib} is asked for at first */
    int attributeCapacity() {
        return flavour == Flavour.WINDOWS ? MAX_CONTROL_OUTPUT : MAX_ATTRIBUTE_SIZE;
    }

    /** Reads a {@code DWORD}, unsigned. */
    long readDword(Pointer memory, long offset) {
        return dwordSize == 8 ? memory.getLong(offset) : memory.getInt(offset) & 0xFFFF_FFFFL;
    }

    /** Writes a {@code DWORD}; {@code value} is taken as unsigned 32-bit. */
    void writeDword(Pointer memory, long offset, long value) {
        if (dwordSize == 8) {
            memory.setLong(offset, value & 0xFFFF_FFFFL);
        } else {
            memory.setInt(offset, (int) value);
        }
    }

    /** Reads a {@code SCARDCONTEXT} or {@code SCARDHANDLE}. */
    long readHandle(Pointer memory, long offset) {
        return handleSize == 8 ? memory.getLong(offset) : memory.getInt(offset);
    }

    /** @return pcsc-lite protocol bits ({@link Pcsc#SCARD_PROTOCOL_RAW} = 4) as this library encodes them */
    int toNativeProtocols(int protocols) {
        if (flavour != Flavour.WINDOWS || (protocols & Pcsc.SCARD_PROTOCOL_RAW) == 0) {
            return protocols;
        }
        return (protocols & ~Pcsc.SCARD_PROTOCOL_RAW) | WINDOWS_PROTOCOL_RAW;
    }

    /** @return this library's protocol bits as pcsc-lite encodes them */
    int fromNativeProtocols(int protocols) {
        if (flavour != Flavour.WINDOWS || (protocols & WINDOWS_PROTOCOL_RAW) == 0) {
            return protocols;
        }
        return (protocols & ~WINDOWS_PROTOCOL_RAW) | Pcsc.SCARD_PROTOCOL_RAW;
    }

    /**
     * @param nativeState the card state {@code SCardStatus} returned
     * @return pcsc-lite's card-state flags, without pcsc-lite's event counter (upper 16 bits)
     */
    int cardState(long nativeState) {
        if (flavour != Flavour.WINDOWS) {
            return (int) (nativeState & 0xFFFF);
        }
        int present = Pcsc.SCARD_PRESENT;
        int powered = present | Pcsc.SCARD_POWERED;
        return switch ((int) nativeState) {
            case 1 -> Pcsc.SCARD_ABSENT;
            case 2 -> present;
            case 3 -> present | Pcsc.SCARD_SWALLOWED;
            case 4 -> powered;
            case 5 -> powered | Pcsc.SCARD_NEGOTIABLE;
            case 6 -> powered | Pcsc.SCARD_SPECIFIC;
            default -> SCARD_UNKNOWN;
        };
    }

    /** {@code SCARD_CTL_CODE(function)}. */
    int controlCode(int function) {
        return flavour == Flavour.WINDOWS ? (0x31 << 16) | (function << 2) : 0x42000000 + function;
    }

    private int align(int offset, int alignment) {
        if (packed) {
            return offset;
        }
        return (offset + alignment - 1) / alignment * alignment;
    }

    @Override
    public String toString() {
        return flavour + "[pointer " + pointerSize + ", DWORD " + dwordSize + ", handle " + handleSize
                + ", SCARD_READERSTATE " + readerStateSize + "]";
    }
}

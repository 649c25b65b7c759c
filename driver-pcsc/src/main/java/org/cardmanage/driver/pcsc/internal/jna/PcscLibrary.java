package org.cardmanage.driver.pcsc.internal.jna;

import java.io.File;
import java.util.List;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * The PC/SC library opened and its winscard functions bound (JNA direct mapping) to the {@link Winscard} class of the
 * platform's {@link Abi}. Native methods are bound per class, so the first {@link #open} of this copy of the class
 * (this bundle revision) decides the library for all later ones; it also decides {@code PCSCLITE_NO_BLOCKING} once,
 * before the library is loaded ({@link NoBlocking}).
 *
 * @param library held so that JNA never closes the library while the natives point into it
 * @param file the file loaded, as the process maps it where the system tells, else as JNA found it
 * @param functions the class whose natives are bound
 * @param winscard an instance of it
 * @param description for {@code PcscPort.description()}
 * @param sharingReturnsAtOnce whether {@code PCSCLITE_NO_BLOCKING} holds for this process
 * @param t0Pci the library's {@code g_rgSCardT0Pci}
 * @param t1Pci the library's {@code g_rgSCardT1Pci}
 * @param rawPci the library's {@code g_rgSCardRawPci}
 */
record PcscLibrary(NativeLibrary library, String file, Class<? extends Winscard> functions, Winscard winscard,
        String description, boolean sharingReturnsAtOnce, Pointer t0Pci, Pointer t1Pci, Pointer rawPci) {

    /** What the natives are bound to; guarded by the class. */
    private static PcscLibrary bound;

    /**
     * @param path the library's file, or empty for the platform's default names
     * @return the bound library: the one bound before if it is the same file
     * @throws LibraryUnavailableException if the library cannot be loaded, lacks a PC/SC function, or another one is
     *     bound already
     */
    static synchronized PcscLibrary open(Abi abi, String path) throws LibraryUnavailableException {
        // Decided once: after the first open, the library this class bound is itself mapped into the process.
        boolean atOnce = bound != null ? bound.sharingReturnsAtOnce()
                : abi.readsNoBlocking() && NoBlocking.request(ProcessMaps.find("libpcsclite"));
        List<String> names = path.isEmpty() ? abi.defaultLibraryNames() : List.of(path);
        NativeLibrary library = null;
        String name = null;
        UnsatisfiedLinkError failure = null;
        for (String candidate : names) {
            try {
                library = NativeLibrary.getInstance(candidate);
                name = candidate;
                break;
            } catch (UnsatisfiedLinkError e) {
                failure = e;
            }
        }
        if (library == null) {
            throw new LibraryUnavailableException(path.isEmpty() ? abi.installHint()
                    : path + " cannot be loaded: check library.path (" + abi.installHint() + ")", failure);
        }
        String file = resolvedFile(library, name);
        Class<? extends Winscard> functions = functionsOf(abi);
        if (bound != null) {
            if (bound.file().equals(file) && bound.functions() == functions) {
                return bound;
            }
            throw new LibraryUnavailableException("the PC/SC functions are bound to " + bound.file()
                    + " until the driver bundle is updated or refreshed; " + file + " takes effect then", null);
        }
        Pointer t0;
        Pointer t1;
        Pointer raw;
        try {
            t0 = library.getGlobalVariableAddress("g_rgSCardT0Pci");
            t1 = library.getGlobalVariableAddress("g_rgSCardT1Pci");
            raw = library.getGlobalVariableAddress("g_rgSCardRawPci");
            Native.register(functions, library);
        } catch (UnsatisfiedLinkError | IllegalArgumentException e) {
            throw new LibraryUnavailableException(file + " is not a PC/SC library JNA can bind: " + e.getMessage(), e);
        }
        Winscard winscard = functions == Lp64Winscard.class ? new Lp64Winscard()
                : functions == WindowsWinscard.class ? new WindowsWinscard() : new Int32Winscard();
        String description = new File(name).getName() + " (" + file + ") through JNA " + Native.VERSION;
        bound = new PcscLibrary(library, file, functions, winscard, description, atOnce, t0, t1, raw);
        return bound;
    }

    private static Class<? extends Winscard> functionsOf(Abi abi) {
        return switch (abi.flavour()) {
            case WINDOWS -> WindowsWinscard.class;
            case MACOS -> Int32Winscard.class;
            case PCSC_LITE -> abi.dwordSize() == 8 ? Lp64Winscard.class : Int32Winscard.class;
        };
    }

    /** @return the file the library was loaded from: as the process maps it (Linux), else as JNA found it */
    private static String resolvedFile(NativeLibrary library, String name) {
        File file = library.getFile();
        String fileName = file != null ? file.getName() : new File(name).getName();
        return ProcessMaps.find(fileName).orElse(file != null && file.isAbsolute() ? file.getPath() : name);
    }
}

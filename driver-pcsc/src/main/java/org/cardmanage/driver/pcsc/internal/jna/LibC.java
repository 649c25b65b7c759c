package org.cardmanage.driver.pcsc.internal.jna;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/** The C library's environment and socket functions (POSIX), bound by JNA direct mapping on first use. */
final class LibC {
    static {
        Native.register(LibC.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
    }

    private LibC() {
    }

    /** {@code getenv}: {@code null} if the variable is not set. */
    static native Pointer getenv(String name);

    /** {@code setenv}: 0 on success. */
    static native int setenv(String name, String value, int overwrite);

    /** {@code getpeername}: 0 on success; {@code length} is a {@code socklen_t} (32 bits) in and out. */
    static native int getpeername(int fd, Pointer address, Pointer length);

    /** {@code shutdown}: 0 on success. */
    static native int shutdown(int fd, int how);
}

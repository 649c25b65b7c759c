package org.cardmanage.driver.pcsc.internal.jna;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.jna.Memory;

/**
 * Which socket to pcscd each PC/SC context of this port uses, so that a context whose call the card or reader never
 * answers can be cut loose: {@code shutdown(fd, SHUT_RDWR)} makes libpcsclite's blocked read return, the call fails
 * with {@code SCARD_F_COMM_ERROR}, and pcscd frees what the context held when it sees the socket close. The socket is
 * never closed here (libpcsclite closes it when the context is released).
 *
 * <p>libpcsclite opens one Unix socket per context in {@code SCardEstablishContext} and keeps its descriptor to itself;
 * the socket is found as the one new connected Unix socket ({@code getpeername}), looking at {@code /proc/self/fd}
 * before and after. Contexts are established one at a time here, and where two new sockets appeared nothing is
 * recorded: that context then cannot be cut, and the caller falls back to waiting.
 */
final class ContextSockets {
    private static final File FDS = new File("/proc/self/fd");
    private static final int AF_UNIX = 1;
    private static final int SHUT_RDWR = 2;
    private static final int SOCKADDR_SIZE = 110;

    private final boolean available;
    private final Map<Long, Integer> sockets = new ConcurrentHashMap<>();

    /** @param available whether the platform has {@code /proc/self/fd} and POSIX sockets (Linux) */
    ContextSockets(boolean available) {
        this.available = available && FDS.isDirectory();
    }

    /** @return the descriptors open now with what they point to, or null where they cannot be listed */
    Map<Integer, String> before() {
        return available ? descriptors() : null;
    }

    /**
     * Records the socket of a context just established, given the descriptors open before. A descriptor counts as new
     * when its number or what it points to changed (listing {@code /proc/self/fd} opens a descriptor itself, whose
     * number the new socket may take over).
     */
    void established(long context, Map<Integer, String> before) {
        if (before == null) {
            return;
        }
        Integer found = null;
        for (Map.Entry<Integer, String> now : descriptors().entrySet()) {
            if (now.getValue().startsWith("socket:") && !now.getValue().equals(before.get(now.getKey()))
                    && isPcscdSocket(now.getKey())) {
                if (found != null) {
                    return; // two candidates: cannot tell which
                }
                found = now.getKey();
            }
        }
        if (found != null) {
            sockets.put(context, found);
        }
    }

    /** The context was released: its descriptor may be reused by anything from now on. */
    void released(long context) {
        sockets.remove(context);
    }

    /** @return whether the context's socket is known, so that it can be cut */
    boolean knows(long context) {
        return sockets.containsKey(context);
    }

    /** @return whether the context's socket was shut down */
    boolean cut(long context) {
        Integer fd = sockets.remove(context);
        return fd != null && LibC.shutdown(fd, SHUT_RDWR) == 0;
    }

    private static Map<Integer, String> descriptors() {
        Map<Integer, String> result = new HashMap<>();
        String[] names = FDS.list();
        if (names != null) {
            for (String name : names) {
                try {
                    result.put(Integer.parseInt(name), Files.readSymbolicLink(FDS.toPath().resolve(name)).toString());
                } catch (IOException | RuntimeException gone) {
                    // not a descriptor, or closed meanwhile
                }
            }
        }
        return result;
    }

    private static boolean isPcscdSocket(int fd) {
        try (Memory address = new Memory(SOCKADDR_SIZE); Memory length = new Memory(4)) {
            address.clear();
            length.setInt(0, SOCKADDR_SIZE);
            if (LibC.getpeername(fd, address, length) != 0) {
                return false;
            }
            // A connected Unix socket: libpcsclite's connection to pcscd.comm (Linux reports the peer as the
            // listening path or, for the accepted end, unnamed).
            if ((address.getShort(0) & 0xFFFF) != AF_UNIX) {
                return false;
            }
            String path = length.getInt(0) > 2 ? address.getString(2) : "";
            return path.isEmpty() || path.endsWith("pcscd.comm");
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}

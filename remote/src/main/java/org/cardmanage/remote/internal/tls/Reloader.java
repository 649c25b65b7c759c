package org.cardmanage.remote.internal.tls;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Material loaded from files and loaded again when the files change, for the key and trust managers, which call
 * {@link #current()} on every handshake.
 *
 * <p>At most once per {@link #CHECK_INTERVAL_NANOS} one caller compares the files' modification time, size and file
 * key (inode) with those of the last load; only a change makes it read them. Every other caller gets the material as
 * it is, without waiting and without touching the file system. A load that fails keeps the material loaded before and
 * logs one warning; the same files are not tried again until they change once more. A successful reload is logged as
 * information.
 *
 * <p>The files are looked at before they are read, so files changing during a load are loaded again at the next
 * check; material is never older than the files it was checked against.
 *
 * @param <T> the material
 */
final class Reloader<T> {
    /** How often the files are looked at: once a second. */
    static final long CHECK_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** Loads the material from the files; the message of a failure names the file and the fault. */
    @FunctionalInterface
    interface Loader<T> {
        T load() throws TlsSetupException;
    }

    /** What the files looked like: per file its modification time, size and file key, or null if unreadable. */
    private record Stamp(List<Object> files) {
    }

    private record FileState(FileTime modified, long size, Object fileKey) {
    }

    /** The material, the one before it (still asked for by a handshake that started before the reload) and stamps. */
    private record State<T>(T current, T previous, Stamp loaded, Stamp rejected) {
    }

    private final String what;
    private final List<Path> files;
    private final Loader<T> loader;
    private final LongSupplier nanoClock;
    private final Logger logger;
    private final AtomicLong nextCheck;
    private final Object reloadLock = new Object();
    private volatile State<T> state;

    /**
     * Loads the material for the first time.
     *
     * @param what what the material is, for the log: "TLS certificate", "trusted CA"
     * @param files the files the loader reads
     * @param loader reads them
     * @param nanoClock a monotonic clock in nanoseconds, {@code System::nanoTime}
     * @param logger where warnings go
     * @throws TlsSetupException if the first load fails
     */
    Reloader(String what, List<Path> files, Loader<T> loader, LongSupplier nanoClock, Logger logger)
            throws TlsSetupException {
        this.what = what;
        this.files = List.copyOf(files);
        this.loader = loader;
        this.nanoClock = nanoClock;
        this.logger = logger;
        Stamp stamp = stamp();
        this.state = new State<>(loader.load(), null, stamp, null);
        this.nextCheck = new AtomicLong(nanoClock.getAsLong() + CHECK_INTERVAL_NANOS);
    }

    /** The material, loaded again first if a check is due and the files changed. */
    T current() {
        long now = nanoClock.getAsLong();
        long due = nextCheck.get();
        if (now - due >= 0 && nextCheck.compareAndSet(due, now + CHECK_INTERVAL_NANOS)) {
            refresh();
        }
        return state.current;
    }

    /** The material without a check, and the material before it if there was a reload. */
    List<T> recent() {
        State<T> snapshot = state;
        return snapshot.previous == null ? List.of(snapshot.current) : List.of(snapshot.current, snapshot.previous);
    }

    private void refresh() {
        synchronized (reloadLock) {
            State<T> before = state;
            Stamp stamp = stamp();
            if (stamp.equals(before.loaded) || stamp.equals(before.rejected)) {
                return;
            }
            try {
                T loaded = loader.load();
                state = new State<>(loaded, before.current, stamp, null);
                logger.log(Level.INFO, "reloaded the {0} from {1}: {2}", what, files, loaded);
            } catch (TlsSetupException e) {
                state = new State<>(before.current, before.previous, before.loaded, stamp);
                logger.log(Level.WARNING, "cannot reload the {0}: {1}; keeping the {0} loaded before until the"
                        + " files change again", what, e.getMessage());
            }
        }
    }

    private Stamp stamp() {
        List<Object> states = new ArrayList<>(files.size());
        for (Path file : files) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                states.add(new FileState(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey()));
            } catch (IOException e) {
                // missing or unreadable: the load says which; List.of refuses null, hence the marker
                states.add(e.getClass().getName());
            }
        }
        return new Stamp(List.copyOf(states));
    }
}

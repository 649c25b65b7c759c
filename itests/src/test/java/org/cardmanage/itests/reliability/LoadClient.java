package org.cardmanage.itests.reliability;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import org.cardmanage.api.AttachOptions;
import org.cardmanage.api.Attachment;
import org.cardmanage.api.CardFilter;
import org.cardmanage.api.CardHandle;
import org.cardmanage.api.CardLock;
import org.cardmanage.api.CardManager;
import org.cardmanage.api.Disposition;
import org.cardmanage.api.ShareMode;
import org.cardmanage.api.service.FileAccess;
import org.cardmanage.itests.Apdus;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * One application thread of a client bundle under load: attaches (by reader, by a listed handle, by a located
 * handle; now and then exclusively), transmits, locks and unlocks, reconnects, asks for a card service and detaches,
 * over and over on random readers, until told to stop. Every call the application makes is counted in the
 * {@link LoadFigures}: a success by operation, a failure by exception type; whatever it attached it detaches before
 * the next round, whatever happened.
 */
final class LoadClient implements Runnable {
    private static final Duration LOCK_WAIT = Duration.ofMillis(100);
    private static final Duration LOCATE_WAIT = Duration.ofMillis(50);
    private static final long PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    /** One call of the API by the application. */
    @FunctionalInterface
    private interface Call<T> {
        T call() throws Exception;
    }

    private final Bundle client;
    private final List<String> readers;
    private final LoadFigures figures;
    private final BooleanSupplier running;
    private final Random random;
    private BundleContext managerContext;
    private CardManager manager;

    LoadClient(Bundle client, List<String> readers, LoadFigures figures, BooleanSupplier running, long seed) {
        this.client = client;
        this.readers = readers;
        this.figures = figures;
        this.running = running;
        this.random = new Random(seed);
    }

    @Override
    public void run() {
        while (running.getAsBoolean()) {
            CardManager current = manager();
            if (current == null) {
                // The client bundle is stopped: its threads look again in a moment (pacing, not a wait for a state).
                LockSupport.parkNanos(PAUSE_NANOS);
                continue;
            }
            round(current);
        }
    }

    /** One attachment's life; it is always closed at the end. */
    private void round(CardManager current) {
        String reader = readers.get(random.nextInt(readers.size()));
        Attachment attachment = attach(current, reader);
        if (attachment == null) {
            return;
        }
        try {
            for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
                call("transmit", () -> attachment.transmit(Apdus.SELECT_MF));
            }
            if (random.nextInt(3) == 0) {
                lockAndTransmit(attachment);
            }
            if (random.nextInt(5) == 0) {
                call("reconnect", () -> {
                    attachment.reconnect(ShareMode.SHARED, random.nextBoolean() ? Disposition.LEAVE : Disposition.RESET);
                    return null;
                });
            }
            if (random.nextInt(6) == 0) {
                FileAccess files = call("createInterface", () -> attachment.createInterface(FileAccess.class));
                if (files != null) {
                    call("serviceCall", () -> files.select(0x3F00));
                }
            }
            if (random.nextInt(8) == 0) {
                call("status", attachment::status);
            }
        } finally {
            if (random.nextBoolean()) {
                call("detach", () -> {
                    attachment.detach(random.nextBoolean() ? Disposition.LEAVE : Disposition.RESET);
                    return null;
                });
            }
            attachment.close();
        }
    }

    private Attachment attach(CardManager current, String reader) {
        int how = random.nextInt(10);
        if (how == 0) {
            CardHandle located = call("locate",
                    () -> current.locate(CardFilter.any().withReaderPattern(reader), LOCATE_WAIT));
            return located == null ? null : call("attachByHandle", () -> current.attachByHandle(located));
        }
        if (how == 1) {
            CardHandle listed = current.readers().stream().filter(r -> r.name().equals(reader)).findFirst()
                    .flatMap(r -> r.card()).orElse(null);
            if (listed != null) {
                return call("attachByHandle", () -> current.attachByHandle(listed));
            }
        }
        AttachOptions options = how == 2 ? AttachOptions.exclusive() : AttachOptions.shared();
        return call("attachByReader", () -> current.attachByReader(reader, options));
    }

    private void lockAndTransmit(Attachment attachment) {
        CardLock lock = call("lock", () -> attachment.lock(LOCK_WAIT));
        if (lock == null) {
            return;
        }
        try {
            call("transmit", () -> attachment.transmit(Apdus.readBinary(0, 16)));
        } finally {
            call("unlock", () -> {
                lock.unlock(random.nextInt(4) == 0 ? Disposition.RESET : Disposition.LEAVE);
                return null;
            });
        }
    }

    /** Runs one API call; returns its result, or null after counting its failure. */
    private <T> T call(String operation, Call<T> call) {
        try {
            T result = call.call();
            figures.succeeded(operation);
            return result;
        } catch (Exception | Error e) {
            figures.failed(operation, e);
            return null;
        }
    }

    /** @return the client bundle's own card manager, fetched again after the bundle restarted; null while stopped */
    private CardManager manager() {
        BundleContext now = client.getState() == Bundle.ACTIVE ? client.getBundleContext() : null;
        if (now == null) {
            return null;
        }
        if (now != managerContext) {
            try {
                ServiceReference<CardManager> reference = now.getServiceReference(CardManager.class);
                manager = reference == null ? null : now.getService(reference);
                managerContext = manager == null ? null : now;
            } catch (IllegalStateException stoppedMeanwhile) {
                return null;
            }
        }
        return manager;
    }
}

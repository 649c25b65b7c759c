package org.cardmanage.remote.internal.farm;

import java.io.IOException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.cardmanage.api.CardEventListener;
import org.cardmanage.api.CardManager;
import org.cardmanage.remote.internal.policy.PinTryLimiter;
import org.cardmanage.remote.internal.wire.CardFarmGrpc;
import org.cardmanage.remote.internal.wire.FarmInfo;

import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;

/**
 * One running farm, put together from its settings: the gRPC server, the service behind it, the session table, the
 * reader watch (the {@link CardEventListener} its owner registers) and the chores that close what was left behind:
 * sessions whose lease ran out, whose connection closed, or that hold a reader exclusively longer than their rule
 * allows.
 */
final class Farm implements AutoCloseable {
    private final FarmSettings settings;
    private final FarmSessions sessions;
    private final ReaderWatch watch;
    private final CardFarmService service;
    private final SessionEnds ends;
    private final PinTryLimiter pinTries = new PinTryLimiter(System::nanoTime);
    private final ScheduledExecutorService chores;
    private final FarmServer server;

    /**
     * @param settings the settings
     * @param tls the server's TLS context; null only for an insecure loopback farm
     * @param cards the farm's card manager
     */
    Farm(FarmSettings settings, SslContext tls, CardManager cards) {
        this.settings = settings;
        String runId = UUID.randomUUID().toString();
        FarmInfo info = FarmInfo.newBuilder().setHost(settings.hostName()).setLeaseMs(settings.leaseMs())
                .setRunId(runId).build();
        FarmReaders readers = new FarmReaders(cards);
        sessions = new FarmSessions(settings.leaseMs(), System::nanoTime);
        watch = new ReaderWatch(readers, runId);
        service = new CardFarmService(info, settings.limits().maxCallMs(), cards, readers, sessions, watch,
                pinTries);
        ends = new SessionEnds(sessions);
        chores = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "cardmanage-farm-chores");
            thread.setDaemon(true);
            return thread;
        });
        ConnectionTracker tracker = new ConnectionTracker(sessions::connectionOpened, connection -> {
            List<FarmSession> left = sessions.connectionClosed(connection); // at once: no session opens on it now
            if (!left.isEmpty()) {
                chores.execute(() -> ends.abandon(left, "its connection closed")); // off the network thread
            }
        });
        server = new FarmServer(settings, tls, ServerInterceptors.intercept(CardFarmGrpc.bind(service),
                new CallerInterceptor(settings.policy(), settings.insecure())), tracker);
    }

    /** @return the listener that feeds the reader watch; its owner registers it with the framework */
    CardEventListener events() {
        return watch;
    }

    /** Starts listening and the chores. @throws IOException if the address and port cannot be bound */
    void start() throws IOException {
        server.start();
        long period = Math.max(25, Math.min(settings.leaseMs() / 4, 250)); // also the precision of hold limits
        chores.scheduleWithFixedDelay(this::chores, period, period, TimeUnit.MILLISECONDS);
    }

    int port() {
        return server.port();
    }

    int connections() {
        return server.connections();
    }

    int sessions() {
        return sessions.size();
    }

    private void chores() {
        try {
            ends.abandon(sessions.expire(), "lease expired");
            ends.endOverHeld();
            pinTries.prune();
        } catch (RuntimeException e) {
            System.getLogger("org.cardmanage.remote").log(System.Logger.Level.WARNING,
                    "a farm chore failed; it runs again", e);
        }
    }

    /** Ends every watch, stops the server, and closes every session with RESET. */
    @Override
    public void close() {
        watch.close();
        server.stop();
        chores.shutdownNow();
        ends.abandon(sessions.drain(), "the farm stops");
    }
}

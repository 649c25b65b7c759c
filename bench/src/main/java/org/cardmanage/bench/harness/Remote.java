package org.cardmanage.bench.harness;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.util.Collection;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.cardmanage.api.Attachment;
import org.cardmanage.api.CardManager;
import org.cardmanage.api.CommandApdu;
import org.cardmanage.api.Disposition;
import org.cardmanage.api.Protocol;
import org.cardmanage.api.ShareMode;
import org.cardmanage.bench.Platform;
import org.cardmanage.bench.Stats;
import org.cardmanage.bench.jmh.SimTransmit;
import org.cardmanage.remote.BatchResult;
import org.cardmanage.remote.RemoteReaders;
import org.cardmanage.remote.SessionGrant;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Remote readers over Aries RSA's TCP provider on loopback, against local transmit in the same run. The farm (the
 * remote bundle's farm component on driver-sim's {@code Sim Reader 0}) and the application side (its client,
 * importing the farm through the config discovery) share one framework, so a remote APDU makes the whole trip:
 * the core, the remote transport and its bounded call thread, the RSA TCP proxy (one socket per call), loopback, the
 * RSA TCP server, the farm service, the farm's core and driver-sim, and back.
 *
 * <p>Figures: transmit latency through the core, remote {@code farm/Sim Reader 0} against local {@code Sim Reader 0},
 * interleaved in blocks; the same remote APDU through the imported {@link RemoteReaders} without the local core; and
 * APDUs per second one by one against {@link RemoteReaders#transmitBatch} batches.
 */
final class Remote extends Harness {
    static final String REMOTE_READER = "farm/" + Platform.SIM_READER;
    private static final int BLOCK = 50;

    private final int samples;
    private final int batchSize;

    Remote(boolean full, PrintStream out) {
        this(full, out, full ? 5000 : 1000, 64);
    }

    Remote(boolean full, PrintStream out, int samples, int batchSize) {
        super(full, out);
        this.samples = samples;
        this.batchSize = batchSize;
    }

    @Override
    public void run() throws Exception {
        try (Platform platform = Platform.startWithRemote()) {
            int port = freePort();
            ConfigurationAdmin admin = platform.service(ConfigurationAdmin.class);
            update(admin.getConfiguration("org.cardmanage.remote.client", "?"), Map.of("call.timeout.ms", 5000L));
            update(admin.getConfiguration("org.cardmanage.remote.farm", "?"),
                    Map.of("host.name", "farm", "port", port, "lease.ms", 10_000L));
            update(admin.getFactoryConfiguration("org.apache.aries.rsa.discovery.config", "farm", "?"), Map.of(
                    "endpoint.id", "tcp://127.0.0.1:" + port, "service.imported.configs", "aries.tcp",
                    "objectClass", RemoteReaders.class.getName(), "osgi.basic.timeout", "40000"));
            platform.awaitReader(REMOTE_READER, true);
            CommandApdu select = new CommandApdu(SimTransmit.SELECT_MF);
            CardManager cards = platform.cardManager();
            try (Attachment local = cards.attachByReader(Platform.SIM_READER);
                    Attachment remote = cards.attachByReader(REMOTE_READER)) {
                long[] localNs = new long[samples];
                long[] remoteNs = new long[samples];
                for (int round = 0; round < 2; round++) { // round 0 warms up
                    for (int start = 0; start < samples; start += BLOCK) {
                        for (int i = start; i < Math.min(samples, start + BLOCK); i++) {
                            long t = System.nanoTime();
                            local.transmit(select);
                            localNs[i] = System.nanoTime() - t;
                        }
                        for (int i = start; i < Math.min(samples, start + BLOCK); i++) {
                            long t = System.nanoTime();
                            remote.transmit(select);
                            remoteNs[i] = System.nanoTime() - t;
                        }
                    }
                }
                Stats localStats = Stats.of(localNs);
                Stats remoteStats = Stats.of(remoteNs);
                String note = samples + " transmits each, interleaved in blocks of " + BLOCK + ", after as many warm-up";
                figure("remote.transmit.local.p50", localStats.median() / 1000, localStats.medianError() / 1000, "us",
                        "sample p50", "local 'Sim Reader 0' through the core; " + note);
                figure("remote.transmit.core.p50", remoteStats.median() / 1000, remoteStats.medianError() / 1000,
                        "us", "sample p50", "'farm/Sim Reader 0' through the core and RSA TCP on loopback; " + note);
                figure("remote.transmit.core.p99", remoteStats.percentile(99) / 1000, Double.NaN, "us",
                        "sample p99", note);
                figure("remote.transmit.core.mean", remoteStats.mean() / 1000, Double.NaN, "us", "sample mean",
                        note);
                figure("remote.transmit.core.p90", remoteStats.percentile(90) / 1000, Double.NaN, "us",
                        "sample p90", note);
                long stalls = java.util.Arrays.stream(remoteNs).filter(ns -> ns > 30_000_000L).count();
                figure("remote.transmit.core.stalls", 100.0 * stalls / samples, Double.NaN, "%", "share",
                        "remote transmits that took more than 30 ms");
            }
            RemoteReaders farm = imported(platform);
            SessionGrant session = farm.open("bench", Platform.SIM_READER, ShareMode.SHARED,
                    new Protocol[] {Protocol.T0, Protocol.T1});
            try {
                measureRaw(farm, session.sessionId());
            } finally {
                farm.close(session.sessionId(), Disposition.RESET);
            }
        }
    }

    /** The imported RemoteReaders directly: one APDU per call, and batches, as APDUs per second. */
    private void measureRaw(RemoteReaders farm, String session) throws Exception {
        byte[] select = SimTransmit.SELECT_MF;
        List<byte[]> batch = Collections.nCopies(batchSize, select);
        int apdus = samples * 2;
        int batches = Math.max(1, apdus / batchSize);
        long[] single = new long[samples];
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < samples; i++) {
                long t = System.nanoTime();
                farm.transmit(session, select);
                single[i] = System.nanoTime() - t;
            }
        }
        Stats singleStats = Stats.of(single);
        figure("remote.transmit.raw.p50", singleStats.median() / 1000, singleStats.medianError() / 1000, "us",
                "sample p50", "RemoteReaders.transmit on the imported proxy, no local core; " + samples + " calls");
        for (int round = 0; round < 2; round++) {
            long t = System.nanoTime();
            for (int i = 0; i < apdus; i++) {
                farm.transmit(session, select);
            }
            double oneByOne = apdus / ((System.nanoTime() - t) / 1e9);
            t = System.nanoTime();
            for (int i = 0; i < batches; i++) {
                BatchResult result = farm.transmitBatch(session, batch);
                if (result.failure() != null) {
                    throw new IllegalStateException("batch failed: " + result.failure().getMessage());
                }
            }
            double batched = batches * (double) batchSize / ((System.nanoTime() - t) / 1e9);
            if (round == 1) {
                figure("remote.single.thrpt", oneByOne, Double.NaN, "APDU/s", "thrpt",
                        apdus + " APDUs one call each, one thread");
                figure("remote.batch.thrpt", batched, Double.NaN, "APDU/s", "thrpt",
                        batches + " batches of " + batchSize + " APDUs, one thread");
            }
        }
    }

    private static RemoteReaders imported(Platform platform) throws Exception {
        Collection<ServiceReference<RemoteReaders>> found =
                platform.context().getServiceReferences(RemoteReaders.class, "(service.imported=*)");
        if (found.isEmpty()) {
            throw new IllegalStateException("no imported RemoteReaders service");
        }
        return platform.context().getService(found.iterator().next());
    }

    private static void update(org.osgi.service.cm.Configuration configuration, Map<String, Object> values)
            throws IOException {
        Dictionary<String, Object> properties = new Hashtable<>(values);
        configuration.update(properties);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

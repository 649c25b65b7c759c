package org.cardmanage.bench.harness;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.cardmanage.api.Attachment;
import org.cardmanage.api.CardException;
import org.cardmanage.api.CardManager;
import org.cardmanage.api.CommandApdu;
import org.cardmanage.api.ReaderUnavailableException;
import org.cardmanage.bench.Platform;
import org.cardmanage.bench.Stats;
import org.cardmanage.bench.jmh.SimTransmit;
import org.cardmanage.remote.internal.wire.CardFarmGrpc;
import org.cardmanage.remote.internal.wire.CloseRequest;
import org.cardmanage.remote.internal.wire.Disposition;
import org.cardmanage.remote.internal.wire.OpenRequest;
import org.cardmanage.remote.internal.wire.Protocol;
import org.cardmanage.remote.internal.wire.ShareMode;
import org.cardmanage.remote.internal.wire.TransmitBatchRequest;
import org.cardmanage.remote.internal.wire.TransmitBatchResponse;
import org.cardmanage.remote.internal.wire.TransmitRequest;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import com.google.protobuf.ByteString;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;

/**
 * Remote readers over gRPC with mutual TLS on loopback, against local transmit in the same run. The farm (the remote
 * bundle's farm component on driver-sim's readers) and the application side (its client, configured with the farm's
 * address and certificates) share one framework, so a remote APDU makes the whole trip: the core, the remote
 * transport, gRPC over TLS 1.3 on loopback, the farm's service, the farm's core and driver-sim, and back.
 *
 * <p>Figures: transmit latency through the core, remote {@code farm/Sim Reader 0} against local {@code Sim Reader 0},
 * interleaved in blocks, and its share of stalls over 30 ms; APDUs per second one call each, through the core, on one
 * thread and on 16 threads each with a farm reader of its own; raw gRPC calls without the local core, one by one and
 * in batches; and how long after the farm goes away a caller sees {@code ReaderUnavailableException}, and after it
 * comes back a reconnect works.
 */
final class Remote extends Harness {
    static final String FARM = "farm";
    static final String REMOTE_READER = FARM + "/" + Platform.SIM_READER;
    private static final int BLOCK = 50;
    private static final long LEASE_MS = 3_000;
    private static final String FARM_PID = "org.cardmanage.remote.farm";
    private static final String CLIENT_FACTORY_PID = "org.cardmanage.remote.client";

    private final int samples;
    private final int batchSize;
    private final int threads;

    Remote(boolean full, PrintStream out) {
        this(full, out, full ? 5000 : 1000, 64, 16);
    }

    Remote(boolean full, PrintStream out, int samples, int batchSize, int threads) {
        super(full, out);
        this.samples = samples;
        this.batchSize = batchSize;
        this.threads = threads;
    }

    @Override
    public void run() throws Exception {
        BenchPki pki = BenchPki.make();
        try (Platform platform = Platform.startWithRemote()) {
            for (int i = 1; i < threads; i++) {
                platform.sim().addReader("Sim Reader " + i, "demo");
            }
            int port = freePort();
            ConfigurationAdmin admin = platform.service(ConfigurationAdmin.class);
            Configuration farm = admin.getConfiguration(FARM_PID, "?");
            Map<String, Object> farmSettings = Map.of("host.name", FARM, "port", port, "lease.ms", LEASE_MS,
                    "tls.certificate", pki.farmCertificate().toString(), "tls.key", pki.farmKey().toString(),
                    "tls.ca", pki.ca().toString(), "clients", "cn=" + BenchPki.CLIENT + " | readers=* | sessions=64");
            update(farm, farmSettings);
            update(admin.getFactoryConfiguration(CLIENT_FACTORY_PID, FARM, "?"), Map.of(
                    "address", "127.0.0.1:" + port, "farm.name", FARM, "server.name", "localhost",
                    "tls.certificate", pki.clientCertificate().toString(), "tls.key", pki.clientKey().toString(),
                    "tls.ca", pki.ca().toString(), "call.timeout.ms", 5000L));
            for (int i = 0; i < threads; i++) {
                platform.awaitReader(FARM + "/Sim Reader " + i, true);
            }
            CardManager cards = platform.cardManager();
            warmUp(cards, pki, port);
            latency(cards);
            throughput(cards);
            raw(pki, port, true);
            farmLoss(platform, cards, farm, farmSettings);
        }
    }

    /**
     * Runs every measured path until the JIT has compiled the gRPC, TLS and Netty code on both sides: a few thousand
     * calls are not enough (the median of a cold run is three to five times the warm one).
     */
    private void warmUp(CardManager cards, BenchPki pki, int port) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(full ? 20 : 8);
        CommandApdu select = new CommandApdu(SimTransmit.SELECT_MF);
        try (Attachment remote = cards.attachByReader(REMOTE_READER)) {
            while (System.nanoTime() < end) {
                remote.transmit(select);
            }
        }
        raw(pki, port, false);
    }

    /** Remote against local transmit through the core, interleaved in blocks so that both see the same machine. */
    private void latency(CardManager cards) throws CardException {
        CommandApdu select = new CommandApdu(SimTransmit.SELECT_MF);
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
            figure("remote.transmit.core.p50", remoteStats.median() / 1000, remoteStats.medianError() / 1000, "us",
                    "sample p50", "'" + REMOTE_READER + "' through the core and gRPC over TLS 1.3 on loopback; "
                            + note);
            figure("remote.transmit.core.p90", remoteStats.percentile(90) / 1000, Double.NaN, "us", "sample p90",
                    note);
            figure("remote.transmit.core.p99", remoteStats.percentile(99) / 1000, Double.NaN, "us", "sample p99",
                    note);
            figure("remote.transmit.core.mean", remoteStats.mean() / 1000, Double.NaN, "us", "sample mean", note);
            long stalls = Arrays.stream(remoteNs).filter(ns -> ns > 30_000_000L).count();
            figure("remote.transmit.core.stalls", 100.0 * stalls / samples, Double.NaN, "%", "share",
                    "remote transmits through the core that took more than 30 ms");
        }
    }

    /** APDUs per second through the core: one thread on one farm reader, then N threads on N farm readers. */
    private void throughput(CardManager cards) throws Exception {
        int apdus = samples * 2;
        double one = 0;
        double many = 0;
        for (int round = 0; round < 2; round++) { // round 0 warms up
            one = apdusPerSecond(cards, 1, apdus);
            many = apdusPerSecond(cards, threads, apdus);
        }
        figure("remote.single.thrpt", one, Double.NaN, "APDU/s", "thrpt",
                apdus + " APDUs one call each through the core, one thread, '" + REMOTE_READER + "'");
        figure("remote.parallel.thrpt", many, Double.NaN, "APDU/s", "thrpt", threads + " threads, each "
                + apdus + " APDUs one call each through the core on a farm reader of its own");
        figure("remote.parallel.speedup", many / one, Double.NaN, "x", "ratio",
                threads + " threads on " + threads + " farm readers against one thread, same run");
    }

    private static double apdusPerSecond(CardManager cards, int threadCount, int apdusEach) throws Exception {
        CommandApdu select = new CommandApdu(SimTransmit.SELECT_MF);
        List<Attachment> attachments = new ArrayList<>();
        for (int i = 0; i < threadCount; i++) {
            attachments.add(cards.attachByReader(FARM + "/Sim Reader " + i));
        }
        try {
            CountDownLatch start = new CountDownLatch(1);
            AtomicLong failures = new AtomicLong();
            List<Thread> workers = new ArrayList<>();
            for (Attachment attachment : attachments) {
                Thread worker = new Thread(() -> {
                    try {
                        start.await();
                        for (int i = 0; i < apdusEach; i++) {
                            attachment.transmit(select);
                        }
                    } catch (CardException | InterruptedException e) {
                        failures.incrementAndGet();
                    }
                });
                worker.start();
                workers.add(worker);
            }
            long t = System.nanoTime();
            start.countDown();
            for (Thread worker : workers) {
                worker.join();
            }
            long elapsed = System.nanoTime() - t;
            if (failures.get() > 0) {
                throw new IllegalStateException(failures.get() + " throughput workers failed");
            }
            return (double) threadCount * apdusEach / (elapsed / 1e9);
        } finally {
            attachments.forEach(Attachment::close);
        }
    }

    /** The farm over gRPC directly, no local core: latency of one call, and APDUs per second one by one and batched. */
    private void raw(BenchPki pki, int port, boolean report) throws Exception {
        ManagedChannel channel = NettyChannelBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                port)).overrideAuthority("localhost").sslContext(GrpcSslContexts.forClient()
                        .keyManager(pki.clientCertificate().toFile(), pki.clientKey().toFile())
                        .trustManager(pki.ca().toFile()).protocols("TLSv1.3").build()).build();
        try {
            String session = call(channel, CardFarmGrpc.OPEN, OpenRequest.newBuilder().setReader(Platform.SIM_READER)
                    .setShareMode(ShareMode.SHARE_MODE_SHARED).addProtocols(Protocol.PROTOCOL_T0)
                    .addProtocols(Protocol.PROTOCOL_T1).build()).getSessionId();
            TransmitRequest one = TransmitRequest.newBuilder().setSessionId(session)
                    .setCommand(ByteString.copyFrom(SimTransmit.SELECT_MF)).build();
            TransmitBatchRequest.Builder batch = TransmitBatchRequest.newBuilder().setSessionId(session);
            for (int i = 0; i < batchSize; i++) {
                batch.addCommands(ByteString.copyFrom(SimTransmit.SELECT_MF));
            }
            long[] single = new long[samples];
            for (int round = 0; round < 2; round++) {
                for (int i = 0; i < samples; i++) {
                    long t = System.nanoTime();
                    call(channel, CardFarmGrpc.TRANSMIT, one);
                    single[i] = System.nanoTime() - t;
                }
            }
            Stats singleStats = Stats.of(single);
            if (report) {
                figure("remote.transmit.raw.p50", singleStats.median() / 1000, singleStats.medianError() / 1000,
                        "us", "sample p50", "a gRPC Transmit straight to the farm, no local core; " + samples
                                + " calls");
            }
            int batches = Math.max(1, samples * 2 / batchSize);
            double batched = 0;
            for (int round = 0; round < 2; round++) {
                long t = System.nanoTime();
                for (int i = 0; i < batches; i++) {
                    TransmitBatchResponse result = call(channel, CardFarmGrpc.TRANSMIT_BATCH, batch.build());
                    if (result.hasFailure()) {
                        throw new IllegalStateException("batch failed: " + result.getFailure().getMessage());
                    }
                }
                batched = batches * (double) batchSize / ((System.nanoTime() - t) / 1e9);
            }
            if (report) {
                figure("remote.batch.thrpt", batched, Double.NaN, "APDU/s", "thrpt",
                        batches + " TransmitBatch calls of " + batchSize + " APDUs, one thread, no local core");
            }
            call(channel, CardFarmGrpc.CLOSE, CloseRequest.newBuilder().setSessionId(session)
                    .setDisposition(Disposition.DISPOSITION_RESET).build());
        } finally {
            channel.shutdownNow();
        }
    }

    /**
     * The farm goes away (its configuration is deleted: it stops listening) while a caller transmits; then it comes
     * back and the caller attaches again. Both times are measured from the change; the goal is lease + 1 s.
     */
    private void farmLoss(Platform platform, CardManager cards, Configuration farm, Map<String, Object> settings)
            throws Exception {
        figure("remote.lease.ms", LEASE_MS, Double.NaN, "ms", "setting", "the farm's lease in this run");
        CommandApdu select = new CommandApdu(SimTransmit.SELECT_MF);
        try (Attachment remote = cards.attachByReader(REMOTE_READER)) {
            remote.transmit(select);
            long lost = System.nanoTime();
            farm.delete();
            long deadline = lost + TimeUnit.MILLISECONDS.toNanos(LEASE_MS * 4);
            while (true) {
                try {
                    remote.transmit(select);
                } catch (ReaderUnavailableException expected) {
                    break;
                } catch (CardException other) {
                    // anything else (a timeout on the way down) is not yet the answer a caller needs
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no ReaderUnavailableException within 4 leases of the farm's end");
                }
            }
            figure("remote.farm.lost.ms", (System.nanoTime() - lost) / 1e6, Double.NaN, "ms", "single",
                    "from the farm's stop to ReaderUnavailableException on a transmit; lease " + LEASE_MS + " ms");
        }
        Configuration again = platform.service(ConfigurationAdmin.class).getConfiguration(FARM_PID, "?");
        long back = System.nanoTime();
        update(again, settings);
        Platform.await("'" + REMOTE_READER + "' attaches again", () -> {
            try (Attachment attachment = cards.attachByReader(REMOTE_READER)) {
                return attachment.transmit(select).sw() == 0x9000;
            } catch (CardException notYet) {
                return false;
            }
        });
        figure("remote.farm.back.ms", (System.nanoTime() - back) / 1e6, Double.NaN, "ms", "single",
                "from the farm's restart to a working attach and transmit; lease " + LEASE_MS + " ms");
    }

    private static <Q, A> A call(ManagedChannel channel, io.grpc.MethodDescriptor<Q, A> method, Q request) {
        return ClientCalls.blockingUnaryCall(channel, method, CallOptions.DEFAULT.withDeadlineAfter(5,
                TimeUnit.SECONDS), request);
    }

    private static void update(Configuration configuration, Map<String, Object> values) throws IOException {
        Dictionary<String, Object> properties = new Hashtable<>(values);
        configuration.update(properties);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

package org.cardmanage.itests.remote;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.systemPackages;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import org.cardmanage.itests.CardmanageTestBase;
import org.ops4j.pax.exam.Option;

/**
 * What the remote tests add to a framework: the remote bundle (which embeds gRPC and needs no other bundle), and, for
 * tests that play a raw network peer or a rogue farm, the gRPC and contract packages of the test class path made
 * visible to the test probe.
 */
public final class RemoteOptions {
    public static final String FARM_PID = "org.cardmanage.remote.farm";
    public static final String CLIENT_FACTORY_PID = "org.cardmanage.remote.client";
    /** The remote bundle's symbolic name: the owner of the farm's sessions in the farm's card manager. */
    public static final String REMOTE_BUNDLE = "org.cardmanage.remote";

    /**
     * The packages the test probe uses to be a gRPC peer: gRPC, its shaded Netty transport and TLS, protobuf, and the
     * contract's messages (the remote jar's {@code internal.wire} package). The system bundle exports them from the
     * test class path; the remote bundle contains its own copies and imports none of them, so it runs exactly as it
     * does in production. The probe must not use the remote jar's classes that touch the cardmanage API (they would
     * see the class path's API, not the framework's). Nor may its gRPC use Netty's native epoll transport: when a
     * stopped framework's remote bundle is garbage collected, the JDK runs the JNI_OnUnload of that bundle's copy of
     * Netty's native library without a class context, so the classes it unregisters the natives of are found through
     * the system class loader: the class path copy's (later UnsatisfiedLinkError in {@code Native.epollWait0}). So the
     * test's peers run on NIO event loops of their own ({@link RawClient}, {@link RogueFarm}).
     */
    private static final String[] PROBE_GRPC_PACKAGES = {
            "io.grpc",
            "io.grpc.stub",
            "io.grpc.protobuf",
            "io.grpc.netty.shaded.io.grpc.netty",
            "io.grpc.netty.shaded.io.netty.channel",
            "io.grpc.netty.shaded.io.netty.channel.nio",
            "io.grpc.netty.shaded.io.netty.channel.socket.nio",
            "io.grpc.netty.shaded.io.netty.handler.ssl",
            "com.google.protobuf",
            "org.cardmanage.remote.internal.wire"};

    private RemoteOptions() {
    }

    /** @return the remote bundle from {@code target/bundles}, started */
    public static Option remoteBundle() {
        return bundle(CardmanageTestBase.reactorBundleLocation("remote")).start();
    }

    /** @return the system bundle exporting the class path's gRPC and contract packages for the probe */
    public static Option grpcForProbe() {
        return systemPackages(PROBE_GRPC_PACKAGES);
    }

    /** @return a TCP port free on loopback now */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}

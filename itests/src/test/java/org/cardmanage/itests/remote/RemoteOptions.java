package org.cardmanage.itests.remote;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.composite;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;

import org.cardmanage.itests.CardmanageTestBase;
import org.ops4j.pax.exam.Option;

/**
 * What the remote tests add to a framework: the remote bundle, Aries RSA 1.16.1 (core, topology manager, TCP
 * provider, config discovery) and what RSA imports (slf4j 1.7, the Event Admin API). All come from
 * {@code target/remote-bundles} and {@code target/bundles} by file URL.
 */
public final class RemoteOptions {
    /** The config discovery's factory PID: one configuration per imported endpoint. */
    public static final String DISCOVERY_FACTORY_PID = "org.apache.aries.rsa.discovery.config";
    public static final String FARM_PID = "org.cardmanage.remote.farm";
    public static final String CLIENT_PID = "org.cardmanage.remote.client";

    private RemoteOptions() {
    }

    public static Option remoteBundles() {
        return composite(
                runtimeBundle("slf4j-api"),
                runtimeBundle("slf4j-simple"),
                runtimeBundle("org.apache.felix.eventadmin"),
                runtimeBundle("org.apache.aries.rsa.spi"),
                runtimeBundle("org.apache.aries.rsa.core"),
                runtimeBundle("org.apache.aries.rsa.topology-manager"),
                runtimeBundle("org.apache.aries.rsa.provider.tcp"),
                runtimeBundle("org.apache.aries.rsa.discovery.config"),
                bundle(CardmanageTestBase.reactorBundleLocation("remote")).start());
    }

    private static Option runtimeBundle(String name) {
        File jar = new File(System.getProperty("itests.remote.bundles", "target/remote-bundles"), name + ".jar");
        return bundle(jar.getAbsoluteFile().toURI().toString()).start();
    }

    /**
     * @return the endpoint description of a farm's remote reader service on {@code 127.0.0.1:port}, as a config
     *     discovery configuration; the socket read bound covers the longest event poll
     */
    public static Map<String, String> endpoint(int port, long callTimeoutMs) {
        Map<String, String> endpoint = new LinkedHashMap<>();
        endpoint.put("endpoint.id", "tcp://127.0.0.1:" + port);
        endpoint.put("service.imported.configs", "aries.tcp");
        endpoint.put("objectClass", "org.cardmanage.remote.RemoteReaders");
        endpoint.put("osgi.basic.timeout", Long.toString(30_000 + callTimeoutMs));
        return endpoint;
    }

    /** @return for a failure message: the bundles that are not active, and the remote reader services there are */
    public static String diagnose(org.osgi.framework.BundleContext context) {
        StringBuilder text = new StringBuilder("bundles not active:");
        for (org.osgi.framework.Bundle bundle : context.getBundles()) {
            if (bundle.getState() != org.osgi.framework.Bundle.ACTIVE) {
                text.append(' ').append(bundle.getSymbolicName()).append('(').append(bundle.getState()).append(')');
            }
        }
        try {
            org.osgi.framework.ServiceReference<?>[] farms =
                    context.getAllServiceReferences("org.cardmanage.remote.RemoteReaders", null);
            text.append("; RemoteReaders services: ").append(farms == null ? 0 : farms.length);
            for (org.osgi.framework.ServiceReference<?> farm : farms == null ? new org.osgi.framework.ServiceReference<?>[0] : farms) {
                text.append(" [imported=").append(farm.getProperty("service.imported")).append(", used by ")
                        .append(java.util.Arrays.toString(farm.getUsingBundles()));
                try {
                    Object service = context.getService(farm);
                    Object info = service.getClass().getMethod("farm").invoke(service);
                    text.append(", farm() = ").append(info);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    Throwable t = e;
                    while (t != null) {
                        text.append(", failure ").append(t);
                        t = t.getCause();
                    }
                }
                text.append(']');
            }
            org.osgi.framework.ServiceReference<?>[] transports = context.getAllServiceReferences(
                    "org.cardmanage.spi.ReaderTransport", null);
            for (org.osgi.framework.ServiceReference<?> transport : transports == null ? new org.osgi.framework.ServiceReference<?>[0] : transports) {
                text.append("; transport ").append(transport.getProperty("reader.name"));
            }
            org.osgi.framework.ServiceReference<?>[] endpoints = context.getAllServiceReferences(
                    "org.osgi.service.remoteserviceadmin.EndpointEventListener", null);
            text.append("; endpoint listeners: ").append(endpoints == null ? 0 : endpoints.length);
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            text.append(e);
        }
        return text.toString();
    }

    /** @return a TCP port free on loopback now */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}

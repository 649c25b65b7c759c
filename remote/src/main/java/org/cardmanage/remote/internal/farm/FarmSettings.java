package org.cardmanage.remote.internal.farm;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Map;

import org.cardmanage.remote.internal.config.SettingsReader;
import org.cardmanage.remote.internal.config.SettingsReader.InvalidSettingException;
import org.cardmanage.remote.internal.policy.ClientPolicy;

/**
 * The farm's configuration, read strictly (see {@link FarmConfiguration} for what each property means). Whatever
 * cannot be read is refused with a message naming the property: the farm then does not listen at all.
 *
 * @param hostName the farm's name for clients
 * @param bindAddress the one address to listen on
 * @param port the TCP port
 * @param leaseMs the session lease
 * @param tls the certificate, key and client CA files; null when insecure
 * @param policy the client rules
 * @param limits the server's bounds
 */
record FarmSettings(String hostName, InetAddress bindAddress, int port, long leaseMs, TlsFiles tls,
        ClientPolicy policy, Limits limits) {

    /** The farm's PEM files. */
    record TlsFiles(Path certificate, Path key, Path clientCa) {
    }

    /** What one connection and one call may use. */
    record Limits(int maxConnections, int maxCallsPerConnection, int maxMessageBytes, long maxCallMs,
            long idleTimeoutMs, long handshakeTimeoutMs) {
    }

    boolean insecure() {
        return tls == null;
    }

    /**
     * @param properties the configuration's properties
     * @param defaultHostName the host name when none is configured
     * @return the settings
     * @throws IllegalArgumentException naming the property that cannot be used and why
     */
    static FarmSettings read(Map<String, ?> properties, String defaultHostName) {
        SettingsReader in = new SettingsReader(properties);
        String host = in.string("host.name", "");
        String bind = in.string("bind.address", "127.0.0.1");
        int port = (int) in.number("port", 8201, 1, 65_535);
        long lease = in.number("lease.ms", 10_000, 100, 3_600_000);
        boolean insecure = in.bool("insecure.loopback.only", false);
        InetAddress address = resolve(bind);
        TlsFiles tls = null;
        if (insecure) {
            if (!address.isLoopbackAddress()) {
                throw new InvalidSettingException("insecure.loopback.only", "plaintext is allowed only on a "
                        + "loopback bind address, and bind.address is '" + bind + "'");
            }
        } else {
            tls = new TlsFiles(file(in, "tls.certificate"), file(in, "tls.key"), file(in, "tls.ca"));
        }
        ClientPolicy policy;
        try {
            policy = ClientPolicy.parse(in.strings("clients"));
        } catch (InvalidSettingException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException("clients", e.getMessage().replaceFirst("^clients: ", ""));
        }
        Limits limits = new Limits(
                (int) in.number("max.connections", 64, 1, 10_000),
                (int) in.number("max.calls.per.connection", 16, 1, 1_000),
                (int) in.number("max.message.bytes", 1_048_576, 1_024, 67_108_864),
                in.number("max.call.ms", 60_000, 1_000, 600_000),
                in.number("idle.timeout.ms", 120_000, 1_000, 86_400_000),
                in.number("handshake.timeout.ms", 5_000, 100, 60_000));
        return new FarmSettings(host.isEmpty() ? defaultHostName : host, address, port, lease, tls, policy, limits);
    }

    private static InetAddress resolve(String bind) {
        if (bind.isEmpty()) {
            throw new InvalidSettingException("bind.address", "it is empty; give the one address to listen on");
        }
        try {
            return InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new InvalidSettingException("bind.address", "'" + bind + "' does not resolve to an address");
        }
    }

    private static Path file(SettingsReader in, String key) {
        String name = in.string(key, "");
        if (name.isEmpty()) {
            throw new InvalidSettingException(key, "a PEM file is required (or insecure.loopback.only=true on a "
                    + "loopback bind address)");
        }
        return Path.of(name);
    }
}

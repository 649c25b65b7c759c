package org.cardmanage.remote.internal.client;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.cardmanage.remote.internal.config.SettingsReader;
import org.cardmanage.remote.internal.config.SettingsReader.InvalidSettingException;

/**
 * One farm's client configuration, read strictly (see {@link ClientConfiguration} for what each property means).
 * Whatever cannot be used is refused with an {@link InvalidSettingException} naming the property and why; the farm's
 * readers then are not registered at all (fail closed). Rules:
 * <ul>
 * <li>{@code address} is required: {@code HOST:PORT} (a DNS name or IPv4 address) or {@code [IPv6]:PORT}, port
 * 1..65535.</li>
 * <li>{@code farm.name} and {@code server.name} default to the host of the address; a farm name must match
 * {@value #FARM_NAME_PATTERN}, so an IPv6 address needs an explicit farm name.</li>
 * <li>TLS is the rule: {@code tls.certificate}, {@code tls.key} and {@code tls.ca} must each name a readable file.
 * Only {@code insecure.loopback.only=true} goes without them, and only when the address resolves to loopback
 * addresses alone; that address is then pinned, so a later DNS answer cannot send plaintext elsewhere.</li>
 * </ul>
 *
 * @param address the address as configured, for messages
 * @param host the host of the address (an IPv6 literal without brackets)
 * @param port the TCP port
 * @param farmName the FARM of the local reader names FARM/READER
 * @param serverName the name the farm's certificate must carry (an IPv6 literal without brackets)
 * @param tls this host's certificate and key and the farm's CA; null when insecure
 * @param loopback the pinned loopback address when insecure; null otherwise
 * @param callTimeoutMs the deadline of every call
 * @param maxMessageBytes the largest answer accepted
 */
record ClientSettings(String address, String host, int port, String farmName, String serverName, TlsFiles tls,
        InetAddress loopback, long callTimeoutMs, int maxMessageBytes) {

    /** The shape of a farm name. */
    static final String FARM_NAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,62}";

    private static final Pattern FARM_NAME = Pattern.compile(FARM_NAME_PATTERN);
    private static final Pattern HOST_NAME = Pattern.compile(
            "(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final Pattern HOST_PORT = Pattern.compile("(.+):([0-9]{1,5})");
    private static final Pattern BRACKETED_PORT = Pattern.compile("\\[([^\\]]*)\\]:([0-9]{1,5})");
    private static final String ADDRESS_SHAPE = "HOST:PORT or [IPv6]:PORT, port 1..65535";

    /** This host's PEM files: its certificate chain and key, and the CA that signs the farm's certificate. */
    record TlsFiles(Path certificate, Path key, Path ca) {
    }

    /** @return whether the farm is reached in plaintext (insecure.loopback.only) */
    boolean insecure() {
        return tls == null;
    }

    /** @return the HTTP/2 authority: the server name and the port; TLS checks the farm's certificate against it */
    String authority() {
        return (serverName.indexOf(':') >= 0 ? "[" + serverName + "]" : serverName) + ":" + port;
    }

    /**
     * @param properties the configuration's properties (absent optional keys take their defaults)
     * @return the settings
     * @throws InvalidSettingException naming the property that cannot be used and why
     */
    static ClientSettings read(Map<String, ?> properties) {
        SettingsReader in = new SettingsReader(properties);
        String address = in.string("address", "");
        if (address.isEmpty()) {
            throw new InvalidSettingException("address", "is required: the farm as " + ADDRESS_SHAPE);
        }
        Matcher bracketed = BRACKETED_PORT.matcher(address);
        Matcher plain = HOST_PORT.matcher(address);
        String host;
        String portText;
        if (bracketed.matches() && isIpv6(bracketed.group(1))) {
            host = bracketed.group(1);
            portText = bracketed.group(2);
        } else if (!address.startsWith("[") && plain.matches() && HOST_NAME.matcher(plain.group(1)).matches()) {
            host = plain.group(1);
            portText = plain.group(2);
        } else {
            throw new InvalidSettingException("address", address, ADDRESS_SHAPE);
        }
        int port = Integer.parseInt(portText);
        if (port < 1 || port > 65_535) {
            throw new InvalidSettingException("address", address, ADDRESS_SHAPE);
        }
        String farmName = in.string("farm.name", "");
        if (farmName.isEmpty()) {
            if (!FARM_NAME.matcher(host).matches()) {
                throw new InvalidSettingException("farm.name", "is required: the host of address '" + address
                        + "' is not a farm name (" + FARM_NAME_PATTERN + ")");
            }
            farmName = host;
        } else if (!FARM_NAME.matcher(farmName).matches()) {
            throw new InvalidSettingException("farm.name", farmName, "a name matching " + FARM_NAME_PATTERN);
        }
        String serverName = serverName(in.string("server.name", ""), host);
        boolean insecure = in.bool("insecure.loopback.only", false);
        long callTimeoutMs = in.number("call.timeout.ms", 5_000, 100, 600_000);
        int maxMessageBytes = (int) in.number("max.message.bytes", 4_194_304, 1_024, 67_108_864);
        TlsFiles tls = null;
        InetAddress loopback = null;
        if (insecure) {
            loopback = loopbackOnly(host, address);
        } else {
            tls = new TlsFiles(file(in, "tls.certificate"), file(in, "tls.key"), file(in, "tls.ca"));
        }
        return new ClientSettings(address, host, port, farmName, serverName, tls, loopback, callTimeoutMs,
                maxMessageBytes);
    }

    private static String serverName(String configured, String host) {
        if (configured.isEmpty()) {
            return host;
        }
        String name = configured.startsWith("[") && configured.endsWith("]")
                ? configured.substring(1, configured.length() - 1) : configured;
        if (HOST_NAME.matcher(name).matches() || isIpv6(name)) {
            return name;
        }
        throw new InvalidSettingException("server.name", configured, "a DNS name or an IP address");
    }

    /** An IPv6 literal: only its characters, so that parsing it never asks DNS. */
    private static boolean isIpv6(String text) {
        if (!IPV6.matcher(text).matches() || text.indexOf(':') < 0) {
            return false;
        }
        try {
            InetAddress.getByName(text);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Rule: plaintext only to an address that resolves to loopback addresses alone; the first is pinned. */
    private static InetAddress loopbackOnly(String host, String address) {
        InetAddress[] resolved;
        try {
            resolved = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new InvalidSettingException("address", "'" + address + "' does not resolve to an address");
        }
        for (InetAddress candidate : resolved) {
            if (!candidate.isLoopbackAddress()) {
                throw new InvalidSettingException("insecure.loopback.only", "plaintext is allowed only to a "
                        + "loopback address, and address '" + address + "' resolves to "
                        + candidate.getHostAddress());
            }
        }
        return resolved[0];
    }

    private static Path file(SettingsReader in, String key) {
        String name = in.string(key, "");
        if (name.isEmpty()) {
            throw new InvalidSettingException(key, "a PEM file is required (unless insecure.loopback.only=true "
                    + "with a loopback address)");
        }
        Path path;
        try {
            path = Path.of(name);
        } catch (InvalidPathException e) {
            throw new InvalidSettingException(key, name, "the path of a readable PEM file");
        }
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new InvalidSettingException(key, "'" + name + "' is not a readable file");
        }
        return path;
    }
}

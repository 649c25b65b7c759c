package org.cardmanage.itests.remote;

import java.util.Collections;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A farm's configuration ({@code org.cardmanage.remote.farm}) as an operator writes it: every value a string, as in a
 * {@code .cfg} file, so the same map goes to ConfigAdmin or into a child JVM's configuration folder.
 */
public final class FarmConfig {
    private final Map<String, String> properties = new LinkedHashMap<>();

    private FarmConfig() {
    }

    /** A farm named {@code hostName} on 127.0.0.1:{@code port} with mutual TLS from the PKI, no client rule yet. */
    public static FarmConfig tls(String hostName, int port, TestPki pki) {
        return new FarmConfig()
                .set("host.name", hostName)
                .set("port", Integer.toString(port))
                .set("tls.certificate", pki.farmCertificate().toString())
                .set("tls.key", pki.farmKey().toString())
                .set("tls.ca", pki.ca().toString());
    }

    /** A plaintext farm ({@code insecure.loopback.only=true}) named {@code hostName} on {@code port}. */
    public static FarmConfig insecure(String hostName, int port) {
        return new FarmConfig()
                .set("host.name", hostName)
                .set("port", Integer.toString(port))
                .set("insecure.loopback.only", "true");
    }

    public FarmConfig lease(long ms) {
        return set("lease.ms", Long.toString(ms));
    }

    /** Sets the client rules, each like {@code cn=app-1 | readers=Sim Reader * | sessions=4}, in one value. */
    public FarmConfig clients(String... rules) {
        return set("clients", String.join("; ", rules));
    }

    public FarmConfig set(String key, String value) {
        properties.put(key, value);
        return this;
    }

    public String get(String key) {
        return properties.get(key);
    }

    /** @return the properties, for a {@code .cfg} file */
    public Map<String, String> properties() {
        return Collections.unmodifiableMap(properties);
    }

    /** @return the properties, for ConfigAdmin */
    public Hashtable<String, Object> dictionary() {
        return new Hashtable<>(properties);
    }
}

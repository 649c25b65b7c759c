package org.cardmanage.itests.remote;

import java.util.Collections;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One farm as an application host's configuration names it (factory PID {@code org.cardmanage.remote.client}), every
 * value a string as in a {@code .cfg} file.
 */
public final class ClientConfig {
    private final Map<String, String> properties = new LinkedHashMap<>();

    private ClientConfig() {
    }

    /**
     * @param farmName the FARM of the local reader names FARM/READER
     * @param port the farm's port on 127.0.0.1
     * @param pki the PKI of this host's certificate; its CA also signs the farm's
     * @param client this host's client certificate
     */
    public static ClientConfig tls(String farmName, int port, TestPki pki, String client) {
        return new ClientConfig()
                .set("address", "127.0.0.1:" + port)
                .set("farm.name", farmName)
                .set("tls.certificate", pki.certificate(client).toString())
                .set("tls.key", pki.key(client).toString())
                .set("tls.ca", pki.ca().toString());
    }

    public ClientConfig callTimeout(long ms) {
        return set("call.timeout.ms", Long.toString(ms));
    }

    public ClientConfig set(String key, String value) {
        properties.put(key, value);
        return this;
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

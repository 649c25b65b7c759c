package org.cardmanage.core.internal.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.atomic.AtomicReference;

import org.cardmanage.core.internal.config.CoreConfiguration;
import org.junit.jupiter.api.Test;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

class TraceCommandTest {
    private final AtomicReference<String> requestedPid = new AtomicReference<>();
    private final AtomicReference<Dictionary<String, Object>> stored = new AtomicReference<>();
    private final TraceCommand command = new TraceCommand(configurationAdmin());

    @Test
    void traceOnUpdatesTheCoreConfiguration() {
        assertThat(command.trace("on")).startsWith("APDU trace on");

        assertThat(requestedPid.get()).isEqualTo(CoreConfiguration.PID);
        assertThat(stored.get().get("trace")).isEqualTo(true);
    }

    @Test
    void traceOffKeepsTheOtherProperties() {
        Hashtable<String, Object> existing = new Hashtable<>();
        existing.put("lock.idle.timeout.ms", "2000");
        existing.put("trace", true);
        stored.set(existing);

        assertThat(command.trace("OFF")).isEqualTo("APDU trace off");

        assertThat(stored.get().get("trace")).isEqualTo(false);
        assertThat(stored.get().get("lock.idle.timeout.ms")).isEqualTo("2000");
    }

    @Test
    void withoutArgumentsItTellsTheCurrentSetting() {
        assertThat(command.trace()).isEqualTo("APDU trace is off");
    }

    @Test
    void withoutArgumentsAfterTraceOnItSaysOn() {
        command.trace("on");

        assertThat(command.trace()).isEqualTo("APDU trace is on");
    }

    @Test
    void anythingElseGivesTheUsageLine() {
        assertThatThrownBy(() -> command.trace("maybe")).hasMessage("usage: " + TraceCommand.TRACE);
        assertThatThrownBy(() -> command.trace("on", "off")).hasMessage("usage: " + TraceCommand.TRACE);
    }

    /** A ConfigurationAdmin holding one configuration in {@link #stored}; only what the command calls is there. */
    private ConfigurationAdmin configurationAdmin() {
        Configuration configuration = (Configuration) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Configuration.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getProperties" -> stored.get() == null ? null : new Hashtable<>(toMap(stored.get()));
                    case "updateIfDifferent" -> {
                        @SuppressWarnings("unchecked")
                        Dictionary<String, Object> properties = (Dictionary<String, Object>) args[0];
                        stored.set(properties);
                        yield true;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (ConfigurationAdmin) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ConfigurationAdmin.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConfiguration") && args.length == 1) {
                        requestedPid.set((String) args[0]);
                        return configuration;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static java.util.Map<String, Object> toMap(Dictionary<String, Object> dictionary) {
        java.util.Map<String, Object> map = new java.util.HashMap<>();
        for (String key : java.util.Collections.list(dictionary.keys())) {
            map.put(key, dictionary.get(key));
        }
        return map;
    }
}

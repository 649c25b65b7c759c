package org.cardmanage.itests.remote;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A second OSGi framework in a child JVM ({@link RemoteHost}): started with bundles and {@code .cfg} files, killed
 * with SIGKILL as a crashing host, restarted with the same configuration. Its output goes to a log file beside its
 * configuration, under {@code target/remote-hosts/NAME}.
 */
public final class RemoteHostProcess implements AutoCloseable {
    private static final AtomicInteger RUNS = new AtomicInteger();

    private final String name;
    private final Path home;
    private final List<String> bundles;
    private Process process;

    private RemoteHostProcess(String name, List<String> bundles, Map<String, Map<String, String>> configurations) {
        this.name = name;
        this.home = Path.of(System.getProperty("itests.remote.bundles", "target/remote-bundles")).getParent()
                .resolve("remote-hosts").resolve(name);
        this.bundles = bundles;
        try {
            Path conf = home.resolve("conf");
            Files.createDirectories(conf);
            try (var old = Files.list(conf)) {
                for (Path file : old.toList()) {
                    Files.delete(file);
                }
            }
            for (Map.Entry<String, Map<String, String>> configuration : configurations.entrySet()) {
                StringBuilder text = new StringBuilder();
                configuration.getValue().forEach((key, value) -> text.append(key).append('=').append(value)
                        .append('\n'));
                Files.writeString(conf.resolve(configuration.getKey() + ".cfg"), text, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare " + home, e);
        }
    }

    /**
     * A farm host: api, core, driver-sim (its default reader {@code Sim Reader 0}), remote and Aries RSA, exporting
     * with configuration {@code org.cardmanage.remote.farm}.
     */
    public static RemoteHostProcess farm(String hostName, int port, long leaseMs) {
        List<String> bundles = new ArrayList<>(reactor("api", "core", "driver-sim", "remote"));
        bundles.add(System.getProperty("itests.remote.bundles"));
        return new RemoteHostProcess(hostName, bundles, Map.of("org.cardmanage.remote.farm", Map.of(
                "host.name", hostName, "port", Integer.toString(port), "lease.ms", Long.toString(leaseMs))));
    }

    /**
     * An application host: api, core, remote and Aries RSA importing the farm at {@code 127.0.0.1:port} through
     * Aries RSA's config discovery, plus the given extra bundles.
     */
    public static RemoteHostProcess application(String name, int farmPort, long callTimeoutMs, String... extra) {
        List<String> bundles = new ArrayList<>(reactor("api", "core", "remote"));
        bundles.add(System.getProperty("itests.remote.bundles"));
        bundles.addAll(List.of(extra));
        return new RemoteHostProcess(name, bundles, Map.of(
                "org.apache.aries.rsa.discovery.config-farm", RemoteOptions.endpoint(farmPort, callTimeoutMs),
                "org.cardmanage.remote.client", Map.of("call.timeout.ms", Long.toString(callTimeoutMs),
                        "client.name", name)));
    }

    private static List<String> reactor(String... modules) {
        List<String> jars = new ArrayList<>();
        for (String module : modules) {
            jars.add(new File(System.getProperty("itests.bundles", "target/bundles"), module + ".jar")
                    .getAbsolutePath());
        }
        return jars;
    }

    /** Starts the JVM (again); returns at once: the test waits for what the host should do. */
    public RemoteHostProcess start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("itests.remote.framework") + File.pathSeparator
                + System.getProperty("itests.test.classes");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx128m", "-XX:TieredStopAtLevel=1",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", classPath, RemoteHost.class.getName(),
                home.resolve("storage-" + RUNS.incrementAndGet()).toString(), home.resolve("conf").toString()));
        command.addAll(bundles);
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("host.log").toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the JVM of " + name, e);
        }
        return this;
    }

    /** Kills the JVM at once (SIGKILL): no bundle stops, no socket is closed cleanly by Java. */
    public void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                throw new AssertionError("the JVM of " + name + " did not die");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while killing " + name, e);
        }
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** @return the host's log so far, for failure messages */
    public String log() {
        try {
            Path log = home.resolve("host.log");
            return Files.exists(log) ? Files.readString(log) : "(no log)";
        } catch (IOException e) {
            return "(unreadable log: " + e + ")";
        }
    }

    @Override
    public void close() {
        kill();
    }
}

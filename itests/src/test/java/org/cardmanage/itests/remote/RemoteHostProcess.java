package org.cardmanage.itests.remote;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.cardmanage.itests.Await;

/**
 * A second OSGi framework in a child JVM ({@link RemoteHost}): started with bundles and {@code .cfg} files, killed
 * with SIGKILL as a crashing host, restarted with the same configuration. Its output goes to a log file beside its
 * configuration, under {@code target/remote-hosts/NAME}.
 */
public final class RemoteHostProcess implements AutoCloseable {
    private static final AtomicInteger RUNS = new AtomicInteger();
    private static final List<String> RUNTIME = List.of("org.osgi.util.function", "org.osgi.util.promise",
            "org.osgi.service.component", "org.apache.felix.scr", "org.apache.felix.configadmin",
            "org.apache.felix.fileinstall");

    private final String name;
    private final Path home;
    private final List<String> bundles;
    private Process process;
    /** Where this run's output starts in the log, which every run of the host appends to. */
    private long logStart;

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
     * A farm host: api, core, driver-sim (its default reader {@code Sim Reader 0}) and remote, serving its readers
     * with configuration {@code org.cardmanage.remote.farm}.
     */
    public static RemoteHostProcess farm(String name, FarmConfig farm) {
        List<String> bundles = new ArrayList<>(reactor("api", "core", "driver-sim", "remote"));
        bundles.addAll(runtime());
        return new RemoteHostProcess(name, bundles, Map.of(RemoteOptions.FARM_PID, farm.properties()));
    }

    /**
     * An application host: api, core and remote using one farm (factory configuration
     * {@code org.cardmanage.remote.client}, FileInstall's name {@code org.cardmanage.remote.client-farm.cfg}), plus
     * the given extra bundles.
     */
    public static RemoteHostProcess application(String name, ClientConfig farm, String... extra) {
        List<String> bundles = new ArrayList<>(reactor("api", "core", "remote"));
        bundles.addAll(runtime());
        bundles.addAll(List.of(extra));
        return new RemoteHostProcess(name, bundles, Map.of(RemoteOptions.CLIENT_FACTORY_PID + "-farm",
                farm.properties()));
    }

    private static List<String> reactor(String... modules) {
        List<String> jars = new ArrayList<>();
        for (String module : modules) {
            jars.add(new File(System.getProperty("itests.bundles", "target/bundles"), module + ".jar")
                    .getAbsolutePath());
        }
        return jars;
    }

    /** What the child framework runs besides the reactor's bundles, by name (the folder may hold stale jars). */
    private static List<String> runtime() {
        List<String> jars = new ArrayList<>();
        for (String name : RUNTIME) {
            jars.add(new File(System.getProperty("itests.remote.bundles", "target/remote-bundles"), name + ".jar")
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
        List<String> command = new ArrayList<>(List.of(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", classPath, RemoteHost.class.getName(),
                home.resolve("storage-" + RUNS.incrementAndGet()).toString(), home.resolve("conf").toString()));
        command.addAll(bundles);
        try {
            Path log = home.resolve("host.log");
            logStart = Files.exists(log) ? Files.size(log) : 0;
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("host.log").toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the JVM of " + name, e);
        }
        return this;
    }

    /**
     * Kills the JVM at once (SIGKILL): no bundle stops, no socket is closed cleanly by Java (the kernel closes them,
     * so its peers see the connections end).
     */
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

    /**
     * Stops the JVM (SIGSTOP) without closing anything: its connections stay open and silent, as with a hung host or
     * a network that drops everything.
     */
    public void freeze() {
        signal("STOP");
    }

    /** Lets a frozen JVM go on (SIGCONT). */
    public void thaw() {
        signal("CONT");
    }

    private void signal(String signal) {
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException(name + " is not running");
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                    .redirectErrorStream(true).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new AssertionError("kill -" + signal + " " + process.pid() + " failed: "
                        + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new AssertionError("could not send SIG" + signal + " to " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while sending SIG" + signal + " to " + name, e);
        }
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** @return the host's log since its last start, for failure messages and log checks */
    public String log() {
        try {
            Path log = home.resolve("host.log");
            if (!Files.exists(log)) {
                return "(no log)";
            }
            byte[] all = Files.readAllBytes(log);
            int from = (int) Math.min(logStart, all.length);
            return new String(all, from, all.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable log: " + e + ")";
        }
    }

    /** Waits until the host's log since its last start holds the text; fails with the log otherwise. */
    public void awaitLog(String text, Duration timeout) {
        try {
            Await.until("host " + name + " logs '" + text + "'", () -> log().contains(text), timeout);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; its log:\n" + log());
        }
    }

    @Override
    public void close() {
        kill();
    }
}

package org.cardmanage.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import org.apache.felix.framework.FrameworkFactory;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.launch.Framework;
import org.osgi.service.log.LogReaderService;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The embedded Felix framework with the bundles from the launcher jar. Its storage is a fresh temporary folder,
 * deleted on close, so every run starts from {@code conf/} and nothing else.
 */
final class Container implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger("org.cardmanage.launcher");
    /** How long start-up may wait for a service or the configuration barrier before going on without it. */
    private static final Duration READY_WAIT = Duration.ofSeconds(10);
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);
    /** The Gogo scopes whose commands must be there before the first command runs. */
    private static final List<String> SCOPES = List.of("card", "sim");

    private final Framework framework;
    private final Path storage;
    private final List<String> failures = new ArrayList<>();
    private Bundle console;
    private String webUrl;
    private boolean closed;

    private Container(Framework framework, Path storage) {
        this.framework = framework;
        this.storage = storage;
    }

    /**
     * Starts the framework and every bundle but the console, then waits until the commands are there and the
     * configuration files have been applied.
     *
     * @param conf the configuration folder FileInstall watches
     * @param withConsole whether to install the interactive console (started by {@link #runConsole(PrintStream)})
     * @param webPort the Web Console's port on 127.0.0.1 ({@link WebSetup}), or null for none
     * @param remote whether to add the remote bundle ({@code remote/}); it serves or uses farms only when configured
     */
    static Container start(Path conf, boolean withConsole, Integer webPort, boolean remote) throws IOException,
            BundleException, InterruptedException {
        Path storage = Files.createTempDirectory("cardmanage-");
        Map<String, Object> properties = properties(storage, conf);
        if (webPort != null) {
            WebSetup.configure(properties, webPort);
        }
        Framework framework = new FrameworkFactory().newFramework(properties);
        Container container = new Container(framework, storage);
        try {
            List<BundleSet> extras = new ArrayList<>();
            if (webPort != null) {
                extras.add(BundleSet.ofLauncher(BundleSet.WEB_FOLDER));
            }
            if (remote) {
                extras.add(BundleSet.ofLauncher(BundleSet.REMOTE_FOLDER));
            }
            container.boot(BundleSet.ofLauncher(), withConsole, extras, webPort != null);
            if (webPort != null) {
                container.webUrl = WebSetup.pageUrl(framework.getBundleContext(), webPort);
                LOG.info("web console: " + container.webUrl);
            }
        } catch (IOException | BundleException | RuntimeException | InterruptedException e) {
            container.close();
            throw e;
        }
        return container;
    }

    private static Map<String, Object> properties(Path storage, Path conf) throws IOException {
        Map<String, Object> p = new HashMap<>();
        p.put(Constants.FRAMEWORK_STORAGE, storage.resolve("felix").toString());
        p.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        // Shared with the launcher, which listens to the log and sets the start-up barrier; pure API packages.
        p.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, "org.osgi.service.log;version=1.5.0,"
                + "org.osgi.service.log.admin;version=1.0.0,org.osgi.service.cm;version=1.6.1");
        p.put("felix.log.logger", new FrameworkLog());
        p.put("felix.log.level", "3");
        defaultTo(p, "org.osgi.service.log.admin.loglevel", "INFO");
        defaultTo(p, "ds.loglevel", "warn");
        defaultTo(p, "felix.fileinstall.dir", conf.toAbsolutePath().toString());
        defaultTo(p, "felix.fileinstall.filter", ".*\\.(cfg|config)");
        defaultTo(p, "felix.fileinstall.poll", "1000");
        defaultTo(p, "felix.fileinstall.noInitialDelay", "true");
        defaultTo(p, "felix.fileinstall.enableConfigSave", "false");
        defaultTo(p, "felix.fileinstall.log.default", "jul");
        defaultTo(p, "felix.fileinstall.log.level", "3");
        p.put("gosh.home", GoshHome.write(storage.resolve("gosh")).toString());
        return p;
    }

    /** A {@code -Dkey=value} given to the JVM wins over the launcher's default. */
    private static void defaultTo(Map<String, Object> properties, String key, String value) {
        properties.put(key, System.getProperty(key, value));
    }

    /**
     * @param extras the bundle sets {@code --web} and {@code --remote} add
     * @param web whether the web set is among them
     */
    private void boot(BundleSet bundles, boolean withConsole, List<BundleSet> extras, boolean web)
            throws IOException, BundleException, InterruptedException {
        framework.init();
        BundleContext context = framework.getBundleContext();
        List<Bundle> installed = new ArrayList<>();
        for (String name : bundles.names()) {
            boolean isConsole = BundleSet.CONSOLE.equals(name);
            if ((isConsole || BundleSet.TERMINAL.equals(name)) && !withConsole) {
                continue;
            }
            try (InputStream in = bundles.open(name)) {
                Bundle bundle = context.installBundle(bundles.location(name), in);
                if (isConsole) {
                    console = bundle;
                } else {
                    installed.add(bundle);
                }
            }
        }
        for (BundleSet extra : extras) {
            for (String name : extra.names()) {
                try (InputStream in = extra.open(name)) {
                    installed.add(context.installBundle(extra.location(name), in));
                }
            }
        }
        framework.start();
        for (Bundle bundle : installed) {
            startBundle(bundle);
            if ("org.apache.felix.log".equals(bundle.getSymbolicName())) {
                listenToLog(context);
            }
        }
        awaitReady(context, web);
        LOG.info("ready: " + installed.size() + " bundles started, "
                + Duration.ofNanos(System.nanoTime() - Main.STARTED).toMillis() + " ms after main() began");
    }

    private void startBundle(Bundle bundle) {
        if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) != null) {
            return;
        }
        try {
            bundle.start();
        } catch (BundleException | RuntimeException e) {
            LOG.log(Level.SEVERE, "bundle " + bundle.getLocation() + " failed to start", e);
            failures.add(bundle.getSymbolicName() + ": " + e.getMessage());
        }
    }

    private static void listenToLog(BundleContext context) {
        var reference = context.getServiceReference(LogReaderService.class);
        if (reference != null) {
            context.getService(reference).addLogListener(new OsgiLogBridge());
        }
    }

    private void awaitReady(BundleContext context, boolean web) throws InterruptedException {
        awaitService(context, "(objectClass=org.apache.felix.service.command.CommandProcessor)", "the Gogo runtime");
        for (String scope : SCOPES) {
            awaitService(context, "(osgi.command.scope=" + scope + ")", "the " + scope + ":* commands");
        }
        if (web) {
            for (String[] service : WebSetup.readiness()) {
                awaitService(context, service[0], service[1]);
            }
        }
        if (!ConfigSync.await(context, READY_WAIT)) {
            LOG.warning("start-up went on before every configuration file was applied");
        }
    }

    private void awaitService(BundleContext context, String filter, String what) throws InterruptedException {
        ServiceTracker<Object, Object> tracker;
        try {
            tracker = new ServiceTracker<>(context, FrameworkUtil.createFilter(filter), null);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(filter, e);
        }
        tracker.open(true);
        try {
            if (tracker.waitForService(READY_WAIT.toMillis()) == null) {
                failures.add(what + " did not appear within " + READY_WAIT.toSeconds() + " s");
            }
        } finally {
            tracker.close();
        }
    }

    /** @return the Smart Cards page's address with {@code --web}, else null */
    String webUrl() {
        return webUrl;
    }

    /** @return what failed during start-up, one line each; empty when all went well */
    List<String> failures() {
        return List.copyOf(failures);
    }

    /** @return the Gogo {@code CommandProcessor} service object */
    Object commandProcessor() {
        BundleContext context = framework.getBundleContext();
        var reference = context.getServiceReference("org.apache.felix.service.command.CommandProcessor");
        Object processor = reference == null ? null : context.getService(reference);
        if (processor == null) {
            throw new IllegalStateException("the Gogo runtime is not running; see the log");
        }
        return processor;
    }

    /**
     * Starts the interactive console and waits until it stops the framework ({@code exit} or Ctrl-D).
     *
     * @param err where to report a console that cannot start
     * @return the exit status
     */
    int runConsole(PrintStream err) throws InterruptedException {
        if (console == null) {
            throw new IllegalStateException("the console was not installed");
        }
        try {
            console.start();
        } catch (BundleException e) {
            err.println("cardmanage: the console failed to start: " + e.getMessage());
            return 1;
        }
        framework.waitForStop(0);
        return 0;
    }

    /** Stops the framework (waiting a bounded time) and deletes its storage. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if ((framework.getState() & (Bundle.STARTING | Bundle.ACTIVE)) != 0) {
                framework.stop();
            }
            framework.waitForStop(STOP_WAIT.toMillis());
        } catch (BundleException e) {
            LOG.log(Level.WARNING, "stopping the framework", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            deleteTree(storage);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.fine("could not delete " + root + ": " + e);
        }
    }
}

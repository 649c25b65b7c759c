package org.cardmanage.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import org.apache.felix.framework.FrameworkFactory;
import org.cardmanage.api.CardEventListener;
import org.cardmanage.api.CardManager;
import org.cardmanage.api.Protocol;
import org.cardmanage.api.ReaderInfo;
import org.cardmanage.driver.sim.SimulatorControl;
import org.cardmanage.spi.ReaderTransport;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.launch.Framework;

/**
 * The real cardmanage bundles (core, driver-sim, optionally JNA + driver-pcsc, on SCR) in an embedded Felix framework,
 * as an application would run them. The API packages and driver-sim's control API come from the class path through the
 * system bundle, so benchmark code calls the bundles' services directly, with no proxy in between.
 */
public final class Platform implements AutoCloseable {
    /** The reader driver-sim offers when it has no configuration; it holds a {@code demo} card. */
    public static final String SIM_READER = "Sim Reader 0";
    /** Protocols a benchmark asks a driver for when it connects directly. */
    public static final EnumSet<Protocol> ANY_PROTOCOL = EnumSet.of(Protocol.T0, Protocol.T1);

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final List<String> RUNTIME = List.of("org.osgi.util.function", "org.osgi.util.promise",
            "org.osgi.service.component", "org.apache.felix.scr", "org.apache.felix.configadmin");
    /** What {@link #startWithRemote()} adds: the remote bundle, which embeds gRPC and needs nothing else. */
    private static final List<String> REMOTE_RUNTIME = List.of("remote");

    private final Framework framework;
    private final Path storage;
    private final Map<String, Bundle> bundles = new HashMap<>();

    private Platform(Framework framework, Path storage) {
        this.framework = framework;
        this.storage = storage;
    }

    /**
     * Starts the framework with SCR, ConfigAdmin, core and driver-sim, and with driver-pcsc if asked; waits until the
     * card manager lists driver-sim's default reader.
     */
    public static Platform start(boolean withPcsc) {
        return start(withPcsc, false);
    }

    /**
     * Starts the framework with SCR, ConfigAdmin, core, driver-sim, and also the remote bundle; ConfigAdmin's API
     * package comes from the class path too, so that the bench configures the farm and its client directly.
     */
    public static Platform startWithRemote() {
        return start(false, true);
    }

    private static Platform start(boolean withPcsc, boolean withRemote) {
        try {
            Path storage = Files.createTempDirectory("cardmanage-bench-");
            Map<String, Object> p = new HashMap<>();
            p.put(Constants.FRAMEWORK_STORAGE, storage.toString());
            p.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
            p.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA,
                    exports("api") + "," + exports("driver-sim"));
            // Class identity: these packages always load from the class path, whoever asks.
            p.put(Constants.FRAMEWORK_BOOTDELEGATION, "org.cardmanage.api,org.cardmanage.api.*,org.cardmanage.spi,"
                    + "org.cardmanage.driver.sim,org.cardmanage.driver.sim.vpcd"
                    + (withRemote ? ",org.osgi.service.cm" : ""));
            p.put(Constants.FRAMEWORK_BUNDLE_PARENT, Constants.FRAMEWORK_BUNDLE_PARENT_APP);
            p.put("felix.log.level", "1");
            p.put("ds.loglevel", "warn");
            Framework framework = new FrameworkFactory().newFramework(p);
            framework.init();
            Platform platform = new Platform(framework, storage);
            try {
                platform.boot(withPcsc, withRemote);
            } catch (RuntimeException | Error e) {
                platform.close();
                throw e;
            }
            return platform;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (BundleException e) {
            throw new IllegalStateException("the framework did not start", e);
        }
    }

    private void boot(boolean withPcsc, boolean withRemote) throws BundleException, IOException {
        BundleContext context = framework.getBundleContext();
        List<String> names = new ArrayList<>(RUNTIME);
        names.add("core");
        names.add("driver-sim");
        if (withPcsc) {
            // JNA is a bundle of its own (driver-pcsc imports com.sun.jna; it is never embedded)
            names.add("jna");
            names.add("driver-pcsc");
        }
        if (withRemote) {
            names.addAll(REMOTE_RUNTIME);
        }
        List<Bundle> installed = new ArrayList<>();
        for (String name : names) {
            try (InputStream in = open(name)) {
                Bundle bundle = context.installBundle("bench:" + name, in);
                bundles.put(name, bundle);
                installed.add(bundle);
            }
        }
        framework.start();
        for (Bundle bundle : installed) {
            bundle.start();
        }
        await("the card manager lists '" + SIM_READER + "'", () -> {
            CardManager manager = serviceOrNull(CardManager.class);
            return manager != null && manager.readers().stream().anyMatch(r -> r.name().equals(SIM_READER));
        });
    }

    private static InputStream open(String module) {
        InputStream in = Platform.class.getResourceAsStream("/bundles/" + module + ".jar");
        if (in == null) {
            throw new IllegalStateException("bundle " + module + ".jar is not in the bench's class path (bundles/): "
                    + "build the bench module with Maven first");
        }
        return in;
    }

    /** @return the Export-Package header of one of the bundled jars */
    private static String exports(String module) throws IOException {
        try (JarInputStream jar = new JarInputStream(open(module))) {
            Manifest manifest = jar.getManifest();
            String exports = manifest == null ? null : manifest.getMainAttributes().getValue(Constants.EXPORT_PACKAGE);
            if (exports == null) {
                throw new IllegalStateException(module + ".jar exports nothing");
            }
            return exports;
        }
    }

    public BundleContext context() {
        return framework.getBundleContext();
    }

    /** @return the installed bundle of a module: core, driver-sim, driver-pcsc */
    public Bundle bundle(String module) {
        Bundle bundle = bundles.get(module);
        if (bundle == null) {
            throw new IllegalArgumentException("module " + module + " is not installed");
        }
        return bundle;
    }

    /** @return the system bundle's own card manager */
    public CardManager cardManager() {
        return service(CardManager.class);
    }

    /** @return a card manager of its own, as a separate client bundle gets it */
    public CardManager newClient(String name) {
        try {
            Bundle client = context().installBundle("bench:client:" + name, clientJar(name));
            client.start();
            return serviceFrom(client.getBundleContext(), CardManager.class);
        } catch (BundleException e) {
            throw new IllegalStateException("client bundle " + name + " did not start", e);
        }
    }

    /** @return the bundle of a client made by {@link #newClient} */
    public Bundle clientBundle(String name) {
        for (Bundle bundle : context().getBundles()) {
            if (("bench:client:" + name).equals(bundle.getLocation())) {
                return bundle;
            }
        }
        throw new IllegalStateException("no client bundle " + name);
    }

    private static InputStream clientJar(String name) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
        manifest.getMainAttributes().putValue(Constants.BUNDLE_MANIFESTVERSION, "2");
        manifest.getMainAttributes().putValue(Constants.BUNDLE_SYMBOLICNAME, "org.cardmanage.bench.client." + name);
        manifest.getMainAttributes().putValue(Constants.IMPORT_PACKAGE, "org.cardmanage.api");
        try (java.util.jar.JarOutputStream jar = new java.util.jar.JarOutputStream(bytes, manifest)) {
            jar.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new java.io.ByteArrayInputStream(bytes.toByteArray());
    }

    /**
     * Sets a configuration through the framework's ConfigAdmin, as an operator would. Called reflectively through the
     * ConfigAdmin bundle's own interface classes: the bench's class path does not share them with the framework.
     */
    public void configure(String pid, Map<String, ?> properties) {
        Bundle configAdmin = bundle("org.apache.felix.configadmin");
        try {
            Class<?> adminType = configAdmin.loadClass("org.osgi.service.cm.ConfigurationAdmin");
            Class<?> configurationType = configAdmin.loadClass("org.osgi.service.cm.Configuration");
            // All references: the bench's class path may hold its own copy of the cm package.
            ServiceReference<?> reference = awaitValue("ConfigAdmin", () -> {
                try {
                    ServiceReference<?>[] found = context().getAllServiceReferences(adminType.getName(), null);
                    return found == null ? null : found[0];
                } catch (InvalidSyntaxException e) {
                    throw new IllegalStateException(e);
                }
            });
            Object admin = context().getService(reference);
            Object configuration = adminType.getMethod("getConfiguration", String.class, String.class)
                    .invoke(admin, pid, null);
            configurationType.getMethod("update", java.util.Dictionary.class)
                    .invoke(configuration, new Hashtable<>(properties));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("configuring " + pid + " failed", e);
        }
    }

    public SimulatorControl sim() {
        return service(SimulatorControl.class);
    }

    /** @return the reader transport service of a reader, straight from the driver: the baseline's way in */
    public ReaderTransport transport(String readerName) {
        return awaitValue("a reader transport for '" + readerName + "'", () -> {
            try {
                Collection<ServiceReference<ReaderTransport>> found = context().getServiceReferences(
                        ReaderTransport.class, "(" + ReaderTransport.READER_NAME + "=" + readerName + ")");
                return found.isEmpty() ? null : context().getService(found.iterator().next());
            } catch (InvalidSyntaxException e) {
                throw new IllegalArgumentException(readerName, e);
            }
        });
    }

    /** Registers a card event listener as the whiteboard service it is meant to be. */
    public ServiceRegistration<CardEventListener> listen(CardEventListener listener, String readerPattern) {
        Hashtable<String, Object> properties = new Hashtable<>();
        if (readerPattern != null) {
            properties.put(CardEventListener.READER_PATTERN, readerPattern);
        }
        return context().registerService(CardEventListener.class, listener, properties);
    }

    /** Waits until the card manager lists the reader, with a card if asked. */
    public ReaderInfo awaitReader(String name, boolean withCard) {
        CardManager manager = cardManager();
        return awaitValue("reader '" + name + "'" + (withCard ? " with a card" : ""), () -> manager.readers().stream()
                .filter(r -> r.name().equals(name) && (!withCard || r.card().isPresent()))
                .findFirst().orElse(null));
    }

    public <T> T service(Class<T> type) {
        return serviceFrom(context(), type);
    }

    private <T> T serviceOrNull(Class<T> type) {
        ServiceReference<T> reference = context().getServiceReference(type);
        return reference == null ? null : context().getService(reference);
    }

    private static <T> T serviceFrom(BundleContext context, Class<T> type) {
        return awaitValue("a " + type.getSimpleName() + " service", () -> {
            ServiceReference<T> reference = context.getServiceReference(type);
            return reference == null ? null : context.getService(reference);
        });
    }

    public static void await(String what, BooleanSupplier condition) {
        awaitValue(what, () -> condition.getAsBoolean() ? Boolean.TRUE : null);
    }

    public static <T> T awaitValue(String what, java.util.function.Supplier<T> probe) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("timed out after " + WAIT.toSeconds() + " s waiting for " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            }
        }
    }

    @Override
    public void close() {
        try {
            framework.stop();
            framework.waitForStop(WAIT.toMillis());
        } catch (BundleException e) {
            System.err.println("bench: stopping the framework: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try (Stream<Path> paths = Files.walk(storage)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                // a temporary folder left behind
            }
        }
    }
}

package org.cardmanage.itests;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import javax.inject.Inject;

import org.cardmanage.api.Attachment;
import org.cardmanage.api.CardHandle;
import org.cardmanage.api.CardManager;
import org.cardmanage.api.ReaderInfo;
import org.cardmanage.driver.sim.SimulatorControl;
import org.junit.After;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * What every integration test shares: the framework's content ({@link #baseOptions()}), the services the tests talk
 * to, the client bundles, waits with deadlines, and clean-up of attachments between tests (the framework lives for a
 * whole test class).
 */
public abstract class CardmanageTestBase {

    /** The reader driver-sim offers when it has no configuration; it holds a {@code demo} card. */
    public static final String SIM_READER = "Sim Reader 0";
    /** The ATR of the {@code demo} card profile (T=1). */
    public static final String DEMO_ATR = "3BF81300008131FE45434D53494D2D5431F1";
    /** Symbolic names of the two client bundles built by {@link ClientBundles}. */
    public static final String CLIENT_A = "org.cardmanage.itests.client.a";
    public static final String CLIENT_B = "org.cardmanage.itests.client.b";

    /** The core's configuration PID and the property names the tests set. */
    public static final String CORE_PID = "org.cardmanage.core";
    public static final String LOCK_IDLE_TIMEOUT_MS = "lock.idle.timeout.ms";
    public static final String TRANSMIT_WAIT_MS = "transmit.wait.ms";
    public static final String ABANDON_DISPOSITION = "abandon.disposition";
    /** The simulator's reader factory PID. */
    public static final String SIM_READER_FACTORY_PID = "org.cardmanage.driver.sim.reader";

    /** How long a test waits for something that should happen at once (an event, a service, a released thread). */
    protected static final Duration WAIT = Duration.ofSeconds(5);

    /** The core shows the configuration it runs with on its CardAdmin registration. */
    private static final String CORE_SERVICE = "org.cardmanage.api.admin.CardAdmin";

    @Inject
    protected BundleContext context;

    // ---- framework content ----------------------------------------------------------------------------------------

    /**
     * The framework every test class starts: Pax Exam's JUnit bundles, SCR with the OSGi bundles it needs,
     * ConfigAdmin and metatype (from the local repository, offline), and the reactor's api, core and driver-sim jars
     * (from {@code target/bundles}, by file URL).
     */
    public static Option baseOptions() {
        return composite(
                junitBundles(),
                systemProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value("WARN"),
                systemProperty("org.slf4j.simpleLogger.defaultLogLevel").value("warn"),
                mavenBundle("org.osgi", "org.osgi.util.function").versionAsInProject(),
                mavenBundle("org.osgi", "org.osgi.util.promise").versionAsInProject(),
                mavenBundle("org.osgi", "org.osgi.service.component").versionAsInProject(),
                mavenBundle("org.apache.felix", "org.apache.felix.scr").versionAsInProject(),
                mavenBundle("org.apache.felix", "org.apache.felix.configadmin").versionAsInProject(),
                mavenBundle("org.apache.felix", "org.apache.felix.metatype").versionAsInProject(),
                reactorBundle("api"),
                reactorBundle("core"),
                reactorBundle("driver-sim"),
                cleanCaches());
    }

    /** The file URL of a reactor module's jar as copied into {@code target/bundles}. */
    public static String reactorBundleLocation(String module) {
        File jar = new File(System.getProperty("itests.bundles", "target/bundles"), module + ".jar");
        try {
            return jar.getCanonicalFile().toURI().toString();
        } catch (IOException e) {
            return jar.getAbsoluteFile().toURI().toString();
        }
    }

    private static Option reactorBundle(String module) {
        return bundle(reactorBundleLocation(module)).start();
    }

    // ---- services ------------------------------------------------------------------------------------------------

    /**
     * Gets a service for the test probe, waiting for it. The probe keeps what it gets until the framework stops, so
     * a bundle-scoped service (the card manager) stays the probe's own instance for the whole class.
     */
    protected <T> T service(Class<T> type) {
        return serviceFor(context, type);
    }

    /** Gets a service on behalf of the bundle that owns the context: for the card manager, that bundle's own. */
    protected static <T> T serviceFor(BundleContext owner, Class<T> type) {
        ServiceReference<T> reference = Await.value("a " + type.getSimpleName() + " service is registered",
                () -> owner.getServiceReference(type), WAIT);
        T service = owner.getService(reference);
        if (service == null) {
            throw new AssertionError("the " + type.getSimpleName() + " service went away while getting it");
        }
        return service;
    }

    /** @return the test probe's own card manager */
    protected CardManager cardManager() {
        return service(CardManager.class);
    }

    /** @return the simulator's control service (looked up again each time: driver-sim may have been restarted) */
    protected SimulatorControl sim() {
        return service(SimulatorControl.class);
    }

    protected ConfigurationAdmin configAdmin() {
        return service(ConfigurationAdmin.class);
    }

    // ---- bundles --------------------------------------------------------------------------------------------------

    /** @return the installed bundle with that symbolic name */
    protected Bundle installedBundle(String symbolicName) {
        return Arrays.stream(context.getBundles())
                .filter(b -> symbolicName.equals(b.getSymbolicName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no bundle " + symbolicName + " is installed"));
    }

    /** @return the driver-sim bundle */
    protected Bundle driverSimBundle() {
        String location = reactorBundleLocation("driver-sim");
        return Arrays.stream(context.getBundles())
                .filter(b -> location.equals(b.getLocation()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("driver-sim is not installed from " + location));
    }

    /** @return the card manager of a client bundle, obtained through that bundle's own context */
    protected CardManager managerOf(String clientSymbolicName) {
        Bundle client = installedBundle(clientSymbolicName);
        if (client.getState() != Bundle.ACTIVE) {
            throw new AssertionError("client bundle " + clientSymbolicName + " is not active");
        }
        return serviceFor(client.getBundleContext(), CardManager.class);
    }

    protected static void start(Bundle bundle) {
        try {
            bundle.start();
        } catch (BundleException e) {
            throw new AssertionError("could not start " + bundle.getSymbolicName(), e);
        }
    }

    protected static void stop(Bundle bundle) {
        try {
            bundle.stop();
        } catch (BundleException e) {
            throw new AssertionError("could not stop " + bundle.getSymbolicName(), e);
        }
    }

    // ---- readers and cards ----------------------------------------------------------------------------------------

    /** @return the reader as the probe's card manager lists it now, if it does */
    protected Optional<ReaderInfo> reader(String name) {
        return cardManager().readers().stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /** Waits until the card manager lists the reader, and returns it. */
    protected ReaderInfo awaitReader(String name) {
        return Await.value("reader '" + name + "' is listed", () -> reader(name).orElse(null), WAIT);
    }

    /** Waits until the card manager no longer lists the reader. */
    protected void awaitReaderGone(String name) {
        Await.until("reader '" + name + "' is no longer listed", () -> reader(name).isEmpty(), WAIT);
    }

    /** Waits until the card manager lists a card in the reader, and returns its handle. */
    protected CardHandle awaitCard(String readerName) {
        return Await.value("a card is listed in reader '" + readerName + "'",
                () -> reader(readerName).flatMap(ReaderInfo::card).orElse(null), WAIT);
    }

    /** Waits until the card manager lists a card in the reader other than {@code previous}, and returns its handle. */
    protected CardHandle awaitNewCard(String readerName, CardHandle previous) {
        return Await.value("a new card is listed in reader '" + readerName + "'",
                () -> reader(readerName).flatMap(ReaderInfo::card).filter(c -> !c.equals(previous)).orElse(null),
                WAIT);
    }

    /** Waits until the card manager lists the reader as empty. */
    protected void awaitNoCard(String readerName) {
        Await.until("reader '" + readerName + "' is listed as empty",
                () -> reader(readerName).map(r -> !r.cardPresent()).orElse(false), WAIT);
    }

    /**
     * Puts a fresh {@code demo} card (PIN not verified, counters full) into a simulated reader, replacing any card,
     * and waits until the core sees it.
     */
    protected CardHandle freshCard(String readerName) {
        return freshCard(readerName, "demo");
    }

    protected CardHandle freshCard(String readerName, String profile) {
        SimulatorControl sim = sim();
        CardHandle before = reader(readerName).flatMap(ReaderInfo::card).orElse(null);
        sim.removeCard(readerName);
        sim.insertCard(readerName, profile);
        return awaitNewCard(readerName, before);
    }

    // ---- configuration --------------------------------------------------------------------------------------------

    /**
     * Updates the core's configuration and waits until the core runs with it. The core's component properties carry
     * the configuration, so its service's properties show when SCR has applied it.
     */
    protected void configureCore(Map<String, Object> properties) {
        try {
            Configuration configuration = configAdmin().getConfiguration(CORE_PID, "?");
            Dictionary<String, Object> current = configuration.getProperties();
            Dictionary<String, Object> updated = current == null ? new Hashtable<>() : current;
            properties.forEach(updated::put);
            configuration.update(updated);
        } catch (IOException e) {
            throw new AssertionError("could not update configuration " + CORE_PID, e);
        }
        properties.forEach((key, value) -> Await.until("the core runs with " + key + "=" + value,
                () -> Objects.deepEquals(value, coreProperty(key)), WAIT));
    }

    /** Sets the core's properties the tests change back to their defaults, if a test changed them. */
    protected void restoreCoreDefaults() {
        Map<String, Object> defaults =
                Map.of(LOCK_IDLE_TIMEOUT_MS, 5000L, TRANSMIT_WAIT_MS, 5000L, ABANDON_DISPOSITION, "RESET");
        boolean changed = defaults.entrySet().stream()
                .anyMatch(d -> coreProperty(d.getKey()) != null && !d.getValue().equals(coreProperty(d.getKey())));
        if (changed) {
            configureCore(defaults);
        }
    }

    private Object coreProperty(String key) {
        try {
            ServiceReference<?>[] references =
                    context.getServiceReferences((String) null, "(objectClass=" + CORE_SERVICE + ")");
            return references == null ? null : references[0].getProperty(key);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- clean-up -------------------------------------------------------------------------------------------------

    /** Detaches whatever the probe and the client bundles left attached, so the next test starts clean. */
    @After
    public void detachEverything() {
        closeAll(cardManager());
        for (String client : List.of(CLIENT_A, CLIENT_B)) {
            Arrays.stream(context.getBundles())
                    .filter(b -> client.equals(b.getSymbolicName()) && b.getState() == Bundle.ACTIVE)
                    .findFirst()
                    .ifPresent(b -> closeAll(serviceFor(b.getBundleContext(), CardManager.class)));
        }
    }

    private static void closeAll(CardManager manager) {
        manager.attachments().forEach(Attachment::close);
    }

    /** Fails unless the exception's message mentions the text (e.g. the reader name). */
    protected static void assertMentions(Throwable thrown, String text) {
        String message = Objects.toString(thrown.getMessage(), "");
        if (!message.contains(text)) {
            throw new AssertionError("expected the message of " + thrown.getClass().getSimpleName() + " to mention '"
                    + text + "', but it was: " + message, thrown);
        }
    }
}

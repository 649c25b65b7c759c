package org.cardmanage.itests.pcsc;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

import org.cardmanage.api.CardHandle;
import org.cardmanage.api.ReaderInfo;
import org.cardmanage.driver.sim.vpcd.VpcdCard;
import org.cardmanage.itests.Await;
import org.cardmanage.itests.CardmanageTestBase;
import org.junit.After;
import org.junit.Before;
import org.junit.BeforeClass;
import org.ops4j.pax.exam.Option;
import org.cardmanage.spi.ReaderTransport;
import org.osgi.framework.Bundle;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;

/**
 * The PC/SC tests' common part: the framework of {@link CardmanageTestBase} plus driver-pcsc, against the real pcscd
 * of {@link PcscTestBed}; the project's simulated card served to {@code Virtual PCD 00 00} over vpcd.
 */
public abstract class PcscTestBase extends CardmanageTestBase {
    /** The driver's configuration PID. */
    public static final String PCSC_PID = "org.cardmanage.driver.pcsc";
    /** How long a test waits for PC/SC events: pcscd polls a vpcd card every 400 ms. */
    protected static final Duration PCSC_WAIT = Duration.ofSeconds(10);

    /** The simulated card in {@code Virtual PCD 00 00}, inserted before each test. */
    protected VpcdCard card;

    /**
     * The base framework, the JNA bundle and driver-pcsc, in that order: the driver binds the PC/SC library through
     * JNA, which is a bundle of its own (never embedded in the driver), so the driver can be updated while JNA and its
     * native part stay. No {@code --add-opens} is needed.
     */
    public static Option pcscOptions() {
        return composite(baseOptions(), mavenBundle("net.java.dev.jna", "jna").versionAsInProject().start(),
                bundle(reactorBundleLocation("driver-pcsc")).start());
    }

    /**
     * Before the framework starts: without pcscd, the whole class is skipped (reported as skipped; Pax Exam's
     * native container reports an assumption that fails inside the framework as a pass) or, in CI, fails.
     */
    @BeforeClass
    public static void pcscdRunning() {
        PcscTestBed.assumeRunning(true);
    }

    /** Whether the test bed was found missing once in this framework: then the class's other tests skip at once. */
    private static volatile boolean missing;

    @Before
    public void pcscReady() throws InterruptedException {
        boolean listed = false;
        if (!missing) {
            try {
                Await.until("the PC/SC driver lists '" + PcscTestBed.READER_0 + "'",
                        () -> reader(PcscTestBed.READER_0).isPresent(), PCSC_WAIT);
                listed = true;
            } catch (AssertionError e) {
                missing = true;
            }
        }
        PcscTestBed.assumeRunning(listed);
        card = new VpcdCard(VpcdCard.DEFAULT_HOST, PcscTestBed.PORT_0, "demo", true);
        card.insert();
        awaitCard(PcscTestBed.READER_0);
    }

    @After
    public void removeCard() {
        if (card != null) {
            card.remove();
            // Let pcscd see the card go: a card pulled and pushed back between two of its polls leaves no event.
            if (reader(PcscTestBed.READER_0).isPresent()) {
                awaitPcscEmpty(PcscTestBed.READER_0);
            }
        }
    }

    /** Waits until the core lists a card in the reader, with the PC/SC wait. */
    protected CardHandle awaitPcscCard(String readerName) {
        try {
            return Await.value("a card is listed in reader '" + readerName + "'",
                    () -> reader(readerName).flatMap(ReaderInfo::card).orElse(null), PCSC_WAIT);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the reader service says " + readerService(readerName)
                    + "; the core lists " + reader(readerName));
        }
    }

    /** @return the reader service's properties, for failure messages */
    protected String readerService(String readerName) {
        try {
            ServiceReference<?>[] references = context.getServiceReferences(ReaderTransport.class.getName(),
                    "(" + ReaderTransport.READER_NAME + "=" + readerName + ")");
            if (references == null) {
                return "nothing (no service)";
            }
            StringBuilder text = new StringBuilder();
            for (ServiceReference<?> reference : references) {
                text.append('{');
                for (String key : reference.getPropertyKeys()) {
                    text.append(key).append('=').append(reference.getProperty(key)).append(", ");
                }
                text.append('}');
            }
            return text.toString();
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected CardHandle awaitCard(String readerName) {
        return awaitPcscCard(readerName);
    }

    /** Waits until the core lists the reader as empty, with the PC/SC wait. */
    protected void awaitPcscEmpty(String readerName) {
        Await.until("reader '" + readerName + "' is listed as empty",
                () -> reader(readerName).map(r -> !r.cardPresent()).orElse(false), PCSC_WAIT);
    }

    /** @return the driver-pcsc bundle */
    protected Bundle driverPcscBundle() {
        String location = reactorBundleLocation("driver-pcsc");
        return Arrays.stream(context.getBundles()).filter(b -> location.equals(b.getLocation())).findFirst()
                .orElseThrow(() -> new AssertionError("driver-pcsc is not installed from " + location));
    }

    /** Configures the driver (it restarts with the new settings) and waits until it lists the reader again. */
    protected void configureDriver(Map<String, Object> properties) throws IOException {
        Configuration configuration = configAdmin().getConfiguration(PCSC_PID, "?");
        Dictionary<String, Object> updated = configuration.getProperties() == null ? new Hashtable<>()
                : configuration.getProperties();
        properties.forEach(updated::put);
        configuration.update(updated);
    }

    /**
     * Sets the driver's call timeout and waits until its reader runs with it: the driver restarts, so its reader
     * service comes back with a new service id. Does nothing more than wait for the card if it is set already.
     */
    protected void useCallTimeout(long millis) throws Exception {
        useDriverSettings(Map.of("call.timeout.ms", millis));
    }

    /**
     * Sets driver properties (keeping the others) and waits until the restarted driver offers its reader again with a
     * card; does nothing more than wait for the card if they are set already.
     */
    protected void useDriverSettings(Map<String, Object> wanted) throws Exception {
        Dictionary<String, Object> current = configAdmin().getConfiguration(PCSC_PID, "?").getProperties();
        if (current != null && wanted.entrySet().stream().allMatch(e -> e.getValue().equals(current.get(e.getKey())))) {
            awaitCard(PcscTestBed.READER_0);
            return;
        }
        long before = readerServiceId();
        configureDriver(wanted);
        Await.until("driver-pcsc restarted with the new configuration", () -> {
            long now = readerServiceIdOrZero();
            return now != 0 && now != before;
        }, PCSC_WAIT);
        awaitCard(PcscTestBed.READER_0);
    }

    private long readerServiceId() {
        return Await.value("reader service", () -> {
            long id = readerServiceIdOrZero();
            return id == 0 ? null : id;
        }, PCSC_WAIT);
    }

    private long readerServiceIdOrZero() {
        try {
            for (ServiceReference<ReaderTransport> reference : context.getServiceReferences(ReaderTransport.class,
                    "(" + ReaderTransport.READER_NAME + "=" + PcscTestBed.READER_0 + ")")) {
                return (Long) reference.getProperty("service.id");
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        return 0;
    }
}

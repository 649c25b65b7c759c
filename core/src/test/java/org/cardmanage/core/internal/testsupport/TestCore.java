package org.cardmanage.core.internal.testsupport;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.cardmanage.api.CardEventListener;
import org.cardmanage.api.CardManager;
import org.cardmanage.api.Disposition;
import org.cardmanage.core.internal.BundleCardManager;
import org.cardmanage.core.internal.CardCore;
import org.cardmanage.spi.ReaderTransport;

/**
 * The core's real component, activated and fed the way SCR and the framework do it ({@link FakeFramework}), plus the
 * fakes around it: client bundles with their card managers, fake readers of fake driver bundles, and recording
 * listeners. Close it after each test: the core stops as it does in a framework (its services are withdrawn, every
 * bundle's attachments detached) and its threads go away.
 */
public final class TestCore implements AutoCloseable {
    private final FakeFramework framework = new FakeFramework();
    private final FakeFramework.FakeBundle driver = framework.bundle("org.cardmanage.test.driver");
    private final CardCore core = new CardCore();
    private final Map<BundleCardManager, FakeFramework.FakeBundle> clients = new HashMap<>();

    public TestCore() {
        this(settings().build());
    }

    /** @param configuration the core's configuration properties, as ConfigAdmin would hand them to SCR */
    public TestCore(Map<String, Object> configuration) {
        core.activate(framework.context(framework.bundle("org.cardmanage.core")), configuration);
    }

    public static Settings settings() {
        return new Settings();
    }

    public CardCore core() {
        return core;
    }

    public FakeFramework framework() {
        return framework;
    }

    /** @return a card manager as a new client bundle gets it from the service registry */
    public BundleCardManager manager(String owner) {
        FakeFramework.FakeBundle bundle = framework.bundle(owner);
        BundleCardManager manager = (BundleCardManager) framework.getService(CardManager.class, bundle);
        synchronized (clients) {
            clients.put(manager, bundle);
        }
        return manager;
    }

    /** The client bundle of that manager stops: the framework ungets its card manager. */
    public void stop(BundleCardManager manager) {
        FakeFramework.FakeBundle bundle;
        synchronized (clients) {
            bundle = clients.remove(manager);
        }
        framework.ungetService(CardManager.class, bundle);
    }

    /** @return a driver bundle of its own, for readers that go away together */
    public FakeFramework.FakeBundle driver(String symbolicName) {
        return framework.bundle(symbolicName);
    }

    /** @return an empty fake reader of the default driver bundle, registered */
    public FakeReader reader(String name) {
        return reader(name, driver);
    }

    /** @return an empty fake reader of that driver bundle, registered */
    public FakeReader reader(String name, FakeFramework.FakeBundle driverBundle) {
        return new FakeReader(name).plugInto(this, driverBundle);
    }

    /** Registers a reader made beforehand (e.g. with its card already in) as a service of the default driver. */
    public FakeReader plug(FakeReader reader) {
        return reader.plugInto(this, driver);
    }

    /** @return a fake reader with a card ({@link FakeReader#ATR_1}), registered */
    public FakeReader readerWithCard(String name) {
        return reader(name).insert();
    }

    /** Registers any transport with the given service properties, as SCR binds a driver's service. */
    public FakeFramework.FakeReference<ReaderTransport> register(ReaderTransport transport, Map<String, ?> properties) {
        FakeFramework.FakeReference<ReaderTransport> reference = framework.reference(driver, properties);
        core.addReader(reference.reference(), transport);
        return reference;
    }

    /**
     * A driver bundle stops: the framework marks it STOPPING and unregisters its readers' services one by one (the
     * core sweeps them all at the first).
     */
    public void stopDriver(FakeFramework.FakeBundle driverBundle, FakeReader... readers) {
        driverBundle.stopping();
        for (FakeReader reader : readers) {
            reader.unplug();
        }
    }

    /** @return a listener for every reader, registered */
    public RecordingListener listener() {
        return listener(null);
    }

    /** @return a listener registered with the given {@code card.event.reader} pattern */
    public RecordingListener listener(String readerPattern) {
        RecordingListener listener = new RecordingListener();
        Map<String, Object> properties = new HashMap<>();
        if (readerPattern != null) {
            properties.put(CardEventListener.READER_PATTERN, readerPattern);
        }
        core.addListener(framework.<CardEventListener>reference(null, properties).reference(), listener);
        return listener;
    }

    @Override
    public void close() {
        core.deactivate();
    }

    /** Builds the core's configuration properties, starting from none (the defaults). */
    public static final class Settings {
        private final Map<String, Object> properties = new HashMap<>();

        public Settings lockIdleTimeout(Duration value) {
            properties.put("lock.idle.timeout.ms", value.toMillis());
            return this;
        }

        public Settings transmitWait(Duration value) {
            properties.put("transmit.wait.ms", value.toMillis());
            return this;
        }

        public Settings abandonDisposition(Disposition value) {
            properties.put("abandon.disposition", value.name());
            return this;
        }

        public Settings responseChaining(boolean value) {
            properties.put("response.chaining", value);
            return this;
        }

        public Settings trace(boolean value) {
            properties.put("trace", value);
            return this;
        }

        public Settings driverCallTimeout(Duration value) {
            properties.put("driver.call.timeout.ms", value.toMillis());
            return this;
        }

        public Settings accessPolicy(String defaultDecision, String... rules) {
            properties.put("access.default", defaultDecision);
            properties.put("access.policy", rules.clone());
            return this;
        }

        public Map<String, Object> build() {
            return new HashMap<>(properties);
        }
    }
}

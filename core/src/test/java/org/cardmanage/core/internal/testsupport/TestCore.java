package org.cardmanage.core.internal.testsupport;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.cardmanage.api.Disposition;
import org.cardmanage.core.internal.BundleCardManager;
import org.cardmanage.core.internal.CardCore;
import org.cardmanage.core.internal.config.AccessPolicy;
import org.cardmanage.core.internal.config.CoreSettings;

/**
 * A {@link CardCore} built with its plain constructor, plus the fakes around it: per-bundle managers, fake readers
 * and recording listeners. Close it after each test so the core's threads go away.
 */
public final class TestCore implements AutoCloseable {
    private final CardCore core;
    private final AtomicLong bundleIds = new AtomicLong(40);

    public TestCore() {
        this(settings().build());
    }

    public TestCore(CoreSettings settings) {
        this.core = new CardCore(settings);
    }

    public static Settings settings() {
        return new Settings();
    }

    public CardCore core() {
        return core;
    }

    /** @return a card manager as a new client bundle would get it */
    public BundleCardManager manager(String owner) {
        long id = bundleIds.incrementAndGet();
        return new BundleCardManager(core, owner + " [" + id + "]", id);
    }

    /** @return an empty fake reader, registered */
    public FakeReader reader(String name) {
        return new FakeReader(name).plugInto(core);
    }

    /** @return a fake reader with a card ({@link FakeReader#ATR_1}), registered */
    public FakeReader readerWithCard(String name) {
        return reader(name).insert();
    }

    /** @return a listener for every reader, registered */
    public RecordingListener listener() {
        return listener(null);
    }

    /** @return a listener registered with the given {@code card.event.reader} pattern */
    public RecordingListener listener(String readerPattern) {
        RecordingListener listener = new RecordingListener();
        core.registerListener(listener, listener, readerPattern);
        return listener;
    }

    @Override
    public void close() {
        core.deactivate();
    }

    /** Builds {@link CoreSettings}, starting from the defaults. */
    public static final class Settings {
        private Duration lockIdleTimeout = CoreSettings.DEFAULTS.lockIdleTimeout();
        private Duration transmitWait = CoreSettings.DEFAULTS.transmitWait();
        private Disposition abandonDisposition = CoreSettings.DEFAULTS.abandonDisposition();
        private boolean responseChaining = CoreSettings.DEFAULTS.responseChaining();
        private boolean trace = CoreSettings.DEFAULTS.trace();
        private Duration driverCallTimeout = CoreSettings.DEFAULTS.driverCallTimeout();
        private AccessPolicy accessPolicy = CoreSettings.DEFAULTS.accessPolicy();

        public Settings lockIdleTimeout(Duration value) {
            lockIdleTimeout = value;
            return this;
        }

        public Settings transmitWait(Duration value) {
            transmitWait = value;
            return this;
        }

        public Settings abandonDisposition(Disposition value) {
            abandonDisposition = value;
            return this;
        }

        public Settings responseChaining(boolean value) {
            responseChaining = value;
            return this;
        }

        public Settings trace(boolean value) {
            trace = value;
            return this;
        }

        public Settings driverCallTimeout(Duration value) {
            driverCallTimeout = value;
            return this;
        }

        public Settings accessPolicy(String defaultDecision, String... rules) {
            accessPolicy = AccessPolicy.parse(rules, defaultDecision);
            return this;
        }

        public CoreSettings build() {
            return new CoreSettings(lockIdleTimeout, transmitWait, abandonDisposition, responseChaining, trace,
                    driverCallTimeout, accessPolicy);
        }
    }
}

package org.cardmanage.driver.sim.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.cardmanage.driver.sim.SimFault;
import org.cardmanage.driver.sim.SimulatorControl;
import org.cardmanage.driver.sim.internal.card.CardProfile;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The simulated-reader driver: owns the simulated readers, registers each as a reader transport, and offers the
 * {@link SimulatorControl} service. Stopping it unplugs every reader, which is how the core learns that a driver went
 * away.
 */
@Component(service = SimulatorControl.class, immediate = true, configurationPid = SimConfiguration.PID)
@Designate(ocd = SimConfiguration.class)
public final class SimulatorComponent implements SimulatorControl {
    private static final System.Logger LOG = System.getLogger("org.cardmanage.driver.sim");

    private final BundleContext context;
    private final Duration muteTimeout;
    private final Map<String, SimReader> readers = new TreeMap<>();
    private boolean stopped;

    @Activate
    public SimulatorComponent(BundleContext context, SimConfiguration configuration) {
        this.context = context;
        this.muteTimeout = Duration.ofMillis(Math.max(1, configuration.mute_timeout_ms()));
        if (configuration.default_reader()) {
            String card = configuration.default_card();
            addReader(configuration.default_reader_name(), "none".equalsIgnoreCase(card) ? null : card);
        }
    }

    @Deactivate
    void deactivate() {
        List<SimReader> unplugged;
        synchronized (readers) {
            stopped = true;
            unplugged = new ArrayList<>(readers.values());
            readers.clear();
        }
        unplugged.forEach(SimReader::unregister);
    }

    @Override
    public List<String> readers() {
        synchronized (readers) {
            return List.copyOf(readers.keySet());
        }
    }

    @Override
    public void addReader(String name, String cardProfile) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("reader name must not be blank");
        }
        CardProfile profile = cardProfile == null ? null : CardProfile.byName(cardProfile);
        SimReader reader = new SimReader(name, muteTimeout);
        synchronized (readers) {
            if (stopped) {
                throw new IllegalStateException("the simulated-reader driver is stopped");
            }
            if (readers.putIfAbsent(name, reader) != null) {
                throw new IllegalArgumentException("a simulated reader named '" + name + "' already exists");
            }
        }
        if (profile != null) {
            reader.insert(profile);
        }
        reader.register(context);
        LOG.log(System.Logger.Level.INFO, "simulated reader ''{0}'' added{1}", name,
                profile == null ? " (empty)" : " with a " + profile.displayName() + " card");
    }

    @Override
    public void removeReader(String name) {
        SimReader reader;
        synchronized (readers) {
            reader = readers.remove(name);
        }
        if (reader == null) {
            throw unknown(name);
        }
        reader.unregister();
    }

    @Override
    public void insertCard(String reader, String cardProfile) {
        if (cardProfile == null) {
            throw new IllegalArgumentException("card profile is null: use demo or demo-t0");
        }
        reader(reader).insert(CardProfile.byName(cardProfile));
    }

    @Override
    public boolean removeCard(String reader) {
        return reader(reader).remove();
    }

    @Override
    public Optional<String> cardAtr(String reader) {
        SimReader.Card card = reader(reader).card();
        return card == null ? Optional.empty() : Optional.of(Hex.of(card.atr().bytes()));
    }

    @Override
    public void setLatency(String reader, Duration latency) {
        if (latency == null || latency.isNegative()) {
            throw new IllegalArgumentException("latency must be zero or positive, was " + latency);
        }
        reader(reader).setLatency(latency);
    }

    @Override
    public void injectFault(String reader, SimFault fault) {
        if (fault == null) {
            throw new IllegalArgumentException("fault is null");
        }
        reader(reader).injectFault(fault);
    }

    @Override
    public void clearFaults(String reader) {
        reader(reader).clearFaults();
    }

    @Override
    public int openSessions(String reader) {
        return reader(reader).openSessions();
    }

    private SimReader reader(String name) {
        synchronized (readers) {
            SimReader reader = readers.get(name);
            if (reader == null) {
                throw unknown(name);
            }
            return reader;
        }
    }

    private IllegalArgumentException unknown(String name) {
        return new IllegalArgumentException("no simulated reader named '" + name + "'; simulated readers: "
                + readers());
    }
}

package org.cardmanage.driver.sim.internal;

import java.time.Duration;

import org.cardmanage.driver.sim.SimulatorControl;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * One simulated reader per factory configuration {@code org.cardmanage.driver.sim.reader}: it exists while its
 * configuration does. A changed configuration replaces the reader.
 */
@Component(configurationPid = SimReaderConfiguration.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = SimReaderConfiguration.class, factory = true)
public final class ConfiguredSimReader {
    private final SimulatorControl simulator;
    private final String name;

    @Activate
    public ConfiguredSimReader(@Reference SimulatorControl simulator, SimReaderConfiguration configuration) {
        this.simulator = simulator;
        this.name = configuration.name();
        String card = configuration.card();
        simulator.addReader(name, card == null || card.isBlank() || "none".equalsIgnoreCase(card) ? null : card);
        if (configuration.latency_us() > 0) {
            simulator.setLatency(name, Duration.ofNanos(configuration.latency_us() * 1000));
        }
    }

    @Deactivate
    void deactivate() {
        try {
            simulator.removeReader(name);
        } catch (IllegalArgumentException alreadyRemoved) {
            // Removed through the control service or the shell first; nothing left to do.
        }
    }
}

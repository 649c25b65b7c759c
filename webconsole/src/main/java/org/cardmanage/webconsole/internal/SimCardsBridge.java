package org.cardmanage.webconsole.internal;

import java.util.List;

import org.cardmanage.driver.sim.SimulatorControl;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@link SimCards} over driver-sim's {@link SimulatorControl}. Its class is loaded only when SCR activates it, that
 * is, when a control service is there: the bundle's import of {@code org.cardmanage.driver.sim} is optional.
 */
@Component(service = SimCards.class)
public final class SimCardsBridge implements SimCards {
    private final SimulatorControl control;

    @Activate
    public SimCardsBridge(@Reference SimulatorControl control) {
        this.control = control;
    }

    @Override
    public List<String> readers() {
        return control.readers();
    }

    @Override
    public void insert(String reader, String profile) {
        control.insertCard(reader, profile);
    }

    @Override
    public boolean remove(String reader) {
        return control.removeCard(reader);
    }
}

package org.cardmanage.driver.pcsc.internal;

import org.cardmanage.driver.pcsc.internal.jdk.JdkPcscPort;
import org.cardmanage.driver.pcsc.internal.jna.NativePcscPort;
import org.cardmanage.driver.pcsc.internal.port.PcscPort;

/** Opens the PC/SC binding the settings name, and tells whether libpcsclite refuses blocked calls at once. */
final class Backends {

    /** The binding and what the driver may rely on. */
    record Opened(PcscPort port, boolean refusedAtOnce) {
    }

    private Backends() {
    }

    /**
     * @throws IllegalStateException with a message for the operator if the binding cannot be had (a missing library)
     */
    static Opened open(PcscSettings settings) {
        if (settings.backend() == PcscSettings.Backend.JDK) {
            return new Opened(new JdkPcscPort(settings.pollInterval().toMillis()), false);
        }
        PcscPort port = NativePcscPort.load(settings.libraryPath());
        return new Opened(port, port.sharingReturnsAtOnce());
    }
}

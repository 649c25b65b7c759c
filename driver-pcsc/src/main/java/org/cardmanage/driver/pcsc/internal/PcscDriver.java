package org.cardmanage.driver.pcsc.internal;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The PC/SC driver: makes every PC/SC reader of the machine (through {@code javax.smartcardio} and pcscd) a
 * {@link org.cardmanage.spi.ReaderTransport} service, registered and unregistered as readers come and go, with card
 * presence, ATR and insertion counter in its properties. Starts cleanly without pcscd and picks it up when it
 * appears; recovers after pcscd restarts where the JVM opens the JDK's PC/SC internals
 * ({@code --add-opens java.smartcardio/sun.security.smartcardio=ALL-UNNAMED}).
 *
 * <p>Stopping it unregisters every reader (the core revokes their attachments) and ends its threads: the monitor
 * within one monitor wait, the readers' workers after their current call.
 */
@Component(immediate = true, service = {}, configurationPid = PcscConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = PcscConfiguration.class)
public final class PcscDriver {
    private static final System.Logger LOG = System.getLogger("org.cardmanage.driver.pcsc");

    private final ReaderRegistry registry;
    private final CardMonitor monitor;
    private final PcscAvailability availability;

    /**
     * @param context the bundle context to register readers with
     * @param configuration the settings
     */
    @Activate
    public PcscDriver(BundleContext context, PcscConfiguration configuration) {
        PcscSettings settings = PcscSettings.from(configuration);
        PcscInternals internals = PcscInternals.open().orElse(null);
        if (internals == null) {
            LOG.log(System.Logger.Level.WARNING, "the JDK''s PC/SC internals are not opened to cardmanage: readers "
                    + "work, but card events are polled every {0} ms and a pcscd restart needs a JVM restart. Add "
                    + "--add-opens java.smartcardio/sun.security.smartcardio=ALL-UNNAMED to the JVM''s options.",
                    settings.pollInterval().toMillis());
            if (settings.callerThread()) {
                LOG.log(System.Logger.Level.WARNING, "call.thread=caller needs the JDK''s PC/SC internals; PC/SC "
                        + "calls run on each reader''s worker thread instead");
            }
        }
        this.registry = new ReaderRegistry(context, settings, internals);
        this.availability = new PcscAvailability(context);
        this.monitor = new CardMonitor(settings, internals, registry, availability);
        LOG.log(System.Logger.Level.INFO, "PC/SC driver started: readers {0}, call timeout {1} ms, calls on {2}",
                settings.filter(), settings.callTimeout().toMillis(),
                settings.callerThread() && internals != null ? "the caller''s thread" : "each reader''s worker");
        monitor.start();
    }

    @Deactivate
    void deactivate() {
        monitor.stop();
        availability.close();
        registry.serviceLost("the PC/SC driver stopped");
    }
}

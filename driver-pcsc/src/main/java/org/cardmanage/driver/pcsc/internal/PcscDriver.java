package org.cardmanage.driver.pcsc.internal;

import java.util.Map;

import org.cardmanage.driver.pcsc.internal.session.ContextPool;
import org.cardmanage.driver.pcsc.internal.session.Connector;
import org.cardmanage.driver.pcsc.internal.session.ReaderLink;
import org.cardmanage.driver.pcsc.internal.session.SessionTools;
import org.cardmanage.driver.pcsc.internal.session.WaitGuard;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The PC/SC driver: makes every PC/SC reader of the machine a {@link org.cardmanage.spi.ReaderTransport} service,
 * registered and unregistered as readers come and go, with card presence, ATR and insertion counter in its
 * properties. Each attachment gets a PC/SC card handle of its own, so share modes, transactions and dispositions are
 * PC/SC's own. Starts cleanly without pcscd, picks it up when it appears, and recovers after pcscd restarts.
 *
 * <p>Stopping it cancels the monitor's wait, closes every session with LEAVE and unregisters every reader (the core
 * revokes their attachments).
 */
@Component(immediate = true, service = {}, configurationPid = PcscConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = PcscConfiguration.class)
public final class PcscDriver {
    private static final System.Logger LOG = System.getLogger("org.cardmanage.driver.pcsc");
    /** Contexts kept for the next session. */
    private static final int IDLE_CONTEXTS = 8;

    private final CardMonitor monitor;
    private final ReaderRegistry registry;
    private final PcscAvailability availability;
    private final ContextPool contexts;
    private final Connector connector;
    private final WaitGuard guard;
    private final org.cardmanage.driver.pcsc.internal.port.PcscPort port;

    /**
     * @param context the bundle context to register readers with
     * @param configuration the settings
     * @param properties the configuration as given, to name settings this version no longer has
     * @throws IllegalArgumentException for a bad setting, IllegalStateException where the PC/SC binding cannot be
     *     had; both say why, and are logged once
     */
    @Activate
    public PcscDriver(BundleContext context, PcscConfiguration configuration, Map<String, Object> properties) {
        PcscSettings settings;
        Backends.Opened backend;
        try {
            settings = PcscSettings.from(configuration);
            backend = Backends.open(settings);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "the PC/SC driver does not start: {0}", e.getMessage());
            throw e;
        }
        if (properties.containsKey("call.thread")) {
            LOG.log(System.Logger.Level.INFO, "call.thread is no longer a setting and is ignored: PC/SC calls run "
                    + "on the caller''s thread, each attachment on a PC/SC handle of its own");
        }
        this.port = backend.port();
        this.contexts = new ContextPool(backend.port(), IDLE_CONTEXTS);
        this.connector = new Connector(backend.port(), contexts);
        this.guard = new WaitGuard();
        SessionTools tools = new SessionTools(backend.port(), contexts, connector, guard, settings.callTimeout(),
                backend.refusedAtOnce());
        this.registry = new ReaderRegistry(reader -> reader.register(context), settings.filter(),
                name -> new ReaderLink(name, tools), settings.backend() == PcscSettings.Backend.JDK
                        ? name -> AtrProbe.read(backend.port(), contexts, name) : name -> new byte[0]);
        this.availability = new PcscAvailability(context);
        this.monitor = new CardMonitor(backend.port(), settings, registry, new CardMonitor.Service() {
            @Override
            public void up() {
                availability.up();
            }

            @Override
            public void down(String reason) {
                availability.down();
                contexts.discardAll();
            }
        });
        LOG.log(System.Logger.Level.INFO, "PC/SC driver started on {0}: readers {1}, call timeout {2} ms{3}",
                backend.port().description(), settings.filter(), settings.callTimeout().toMillis(),
                backend.refusedAtOnce() ? "" : "; calls held back by another process's transaction are cut by "
                        + "disconnecting their handle (libpcsclite repeats them by itself here)");
        monitor.start();
    }

    @Deactivate
    void deactivate() {
        monitor.stop();
        availability.close();
        registry.removeAll("the PC/SC driver stopped");
        guard.close();
        connector.close();
        contexts.close();
        if (port instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.DEBUG, "closing the PC/SC binding failed: {0}", e.toString());
            }
        }
    }
}

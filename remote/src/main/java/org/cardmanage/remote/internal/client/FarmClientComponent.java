package org.cardmanage.remote.internal.client;

import java.util.Map;

import org.cardmanage.remote.internal.tls.TlsSetupException;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The application host's part: one instance per factory configuration {@code org.cardmanage.remote.client}, that is
 * per farm, which registers the farm's readers as local {@code ReaderTransport}s named {@code FARM/READER} through a
 * {@link FarmLink}. Rules:
 * <ul>
 * <li>Fail closed: a configuration that cannot be used (a property missing or invalid, a PEM file unusable)
 * registers no reader and logs one error line naming the property (or the file) and why, without a stack
 * trace.</li>
 * <li>A changed configuration closes the link (its readers go away, their attachments are revoked) and opens a new
 * one; the same configuration delivered again changes nothing.</li>
 * <li>SCR calls activate, modified and deactivate one at a time, so the link field needs no lock, and closing a link
 * (which unregisters services) never runs under one.</li>
 * </ul>
 */
@Component(configurationPid = ClientConfiguration.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {})
@Designate(ocd = ClientConfiguration.class, factory = true)
public final class FarmClientComponent {
    private static final System.Logger LOG = System.getLogger("org.cardmanage.remote");

    private final BundleContext context;
    private volatile ClientSettings settings;
    private volatile FarmLink link;

    @Activate
    public FarmClientComponent(BundleContext context, Map<String, Object> properties) {
        this.context = context;
        apply(properties);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        apply(properties);
    }

    @Deactivate
    void deactivate() {
        stop();
        settings = null;
    }

    private void apply(Map<String, Object> properties) {
        Object pid = properties.getOrDefault(Constants.SERVICE_PID, ClientConfiguration.FACTORY_PID);
        ClientSettings next;
        try {
            next = ClientSettings.read(properties);
        } catch (IllegalArgumentException e) {
            stop();
            settings = null;
            LOG.log(System.Logger.Level.ERROR, "remote farm configuration " + pid + " cannot be used, no reader "
                    + "of it is registered: " + e.getMessage());
            return;
        }
        if (next.equals(settings) && link != null) {
            return;
        }
        stop();
        settings = next;
        FarmChannel channel;
        try {
            channel = new FarmChannel(next);
        } catch (TlsSetupException e) {
            LOG.log(System.Logger.Level.ERROR, "remote farm configuration " + pid + " (farm '" + next.farmName()
                    + "') cannot be used, no reader of it is registered: TLS: " + e.getMessage());
            return;
        }
        FarmLink started = new FarmLink(context, next, channel);
        link = started;
        started.start();
        LOG.log(System.Logger.Level.INFO, () -> "farm '" + next.farmName() + "' at " + next.address()
                + (next.insecure() ? " WITHOUT TLS (insecure.loopback.only)" : " (TLS 1.3, server name '"
                        + next.serverName() + "')") + ": its readers are registered as '" + next.farmName()
                + "/READER' while it answers");
    }

    private void stop() {
        FarmLink old = link;
        link = null;
        if (old != null) {
            old.close();
        }
    }

    /** @return the running link, or null; for tests */
    FarmLink link() {
        return link;
    }
}

package org.cardmanage.remote.internal.client;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.cardmanage.remote.RemoteReaders;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The application host's part: for every imported {@link RemoteReaders} service (an Aries RSA import, so it carries
 * {@code service.imported}), a {@link FarmLink} that registers the farm's readers as local {@code ReaderTransport}s
 * named {@code HOST/READER}. A farm's own, not imported, service is left alone.
 */
@Component(configurationPid = ClientConfiguration.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        immediate = true, service = {})
@Designate(ocd = ClientConfiguration.class)
public final class ClientComponent {
    private static final long DEFAULT_LEASE_MS = 10_000;
    private static final System.Logger LOG = System.getLogger("org.cardmanage.remote");

    private final BundleContext context;
    private volatile long callTimeoutMs;
    private volatile String client;
    private final Map<Long, FarmLink> links = new ConcurrentHashMap<>();
    private volatile boolean active = true;

    @Activate
    public ClientComponent(BundleContext context, ClientConfiguration config) {
        this.context = context;
        configure(config);
    }

    /**
     * A changed configuration applies to every farm link at once; the component is not re-created, so the remote
     * readers do not go away and come back (which would revoke their attachments).
     */
    @Modified
    void configure(ClientConfiguration config) {
        callTimeoutMs = Math.max(100, config.call_timeout_ms());
        String uuid = String.valueOf(context.getProperty(Constants.FRAMEWORK_UUID));
        client = config.client_name().isBlank() ? "framework " + uuid : config.client_name().trim();
        links.values().forEach(link -> link.reconfigure(callTimeoutMs, client));
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            target = "(service.imported=*)")
    void addFarm(RemoteReaders farm, Map<String, Object> properties) {
        Long id = (Long) properties.get(Constants.SERVICE_ID);
        Object hostProperty = properties.get(RemoteReaders.HOST);
        String host = hostProperty == null ? "remote-" + id : hostProperty.toString();
        long lease = properties.get(RemoteReaders.LEASE_MS) instanceof Number n ? n.longValue() : DEFAULT_LEASE_MS;
        LOG.log(System.Logger.Level.INFO, () -> "remote reader service " + id + " of farm '" + host + "' imported");
        FarmLink link = new FarmLink(context, farm, host, lease, callTimeoutMs, client);
        FarmLink previous = links.put(id, link);
        if (previous != null) {
            previous.close();
        }
        if (active) {
            link.start();
        }
    }

    void removeFarm(Map<String, Object> properties) {
        Long id = (Long) properties.get(Constants.SERVICE_ID);
        FarmLink link = links.remove(id);
        if (link != null) {
            LOG.log(System.Logger.Level.INFO, () -> "remote reader service " + id + " went away: its readers go too");
            link.close();
        }
    }

    @Deactivate
    void deactivate() {
        LOG.log(System.Logger.Level.INFO, "remote client stops: every remote reader goes away");
        active = false;
        links.values().forEach(FarmLink::close);
        links.clear();
    }
}

package org.cardmanage.remote.internal.farm;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Hashtable;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.cardmanage.api.CardEventListener;
import org.cardmanage.api.CardManager;
import org.cardmanage.remote.FarmInfo;
import org.cardmanage.remote.RemoteReaders;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The farm host's part, enabled only by configuration {@code org.cardmanage.remote.farm}: registers
 * {@link RemoteReaders} with the Remote Services export properties of the Aries RSA TCP provider (the topology manager
 * then exports it), listens to the farm's card events, and runs the lease reaper.
 */
@Component(configurationPid = FarmConfiguration.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = FarmConfiguration.class)
public final class FarmComponent {
    /** Aries RSA TCP provider configuration type. */
    static final String TCP_CONFIG = "aries.tcp";
    private static final int EVENT_CAPACITY = 1024;
    private static final System.Logger LOG = System.getLogger("org.cardmanage.remote");

    private final FarmService service;
    private final EventRing events;
    private final ScheduledExecutorService reaper;
    private final ServiceRegistration<CardEventListener> listenerRegistration;
    private final ServiceRegistration<RemoteReaders> serviceRegistration;

    @Activate
    public FarmComponent(BundleContext context, FarmConfiguration config, @Reference CardManager cards) {
        String host = config.host_name().isBlank() ? localHostName() : config.host_name().trim();
        long lease = Math.max(100, config.lease_ms());
        String runId = UUID.randomUUID().toString();
        FarmInfo info = new FarmInfo(host, lease, runId);
        events = new EventRing(runId, EVENT_CAPACITY);
        service = new FarmService(info, cards, new SessionTable(lease, System::nanoTime), events);

        reaper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "cardmanage-remote-lease-reaper");
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(25, lease / 4);
        reaper.scheduleWithFixedDelay(this::reap, period, period, TimeUnit.MILLISECONDS);

        listenerRegistration = context.registerService(CardEventListener.class, events, null);
        serviceRegistration = context.registerService(RemoteReaders.class, service, exportProperties(config, info));
        LOG.log(System.Logger.Level.INFO, () -> "farm '" + host + "' exports its readers on " + config.bind_address()
                + ":" + config.port() + " (lease " + lease + " ms)");
    }

    static Hashtable<String, Object> exportProperties(FarmConfiguration config, FarmInfo info) {
        String bind = config.bind_address().isBlank() ? "127.0.0.1" : config.bind_address().trim();
        String advertised = config.advertised_address().isBlank() ? bind : config.advertised_address().trim();
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("service.exported.interfaces", new String[] {RemoteReaders.class.getName()});
        properties.put("service.exported.configs", new String[] {TCP_CONFIG});
        // Aries RSA 1.16.1 TCP provider: the advertised address and the port (it listens on every interface).
        properties.put("aries.rsa.hostname", advertised);
        properties.put("aries.rsa.port", Integer.toString(config.port()));
        properties.put("aries.rsa.numThreads", Integer.toString(Math.max(1, config.threads())));
        // Later Aries RSA TCP providers also honour a bind address.
        properties.put("aries.tcp.bindAddress", bind);
        properties.put("aries.tcp.hostname", advertised);
        properties.put("aries.tcp.port", Integer.toString(config.port()));
        // A socket read bound for importers that take it from the endpoint (longer than the longest event poll).
        properties.put("osgi.basic.timeout", Long.toString(RemoteReaders.MAX_EVENT_WAIT_MS + 10_000));
        properties.put(RemoteReaders.HOST, info.host());
        properties.put(RemoteReaders.LEASE_MS, info.leaseMs());
        properties.put("service.description", "cardmanage remote readers of farm " + info.host());
        return properties;
    }

    private void reap() {
        try {
            service.reapExpired();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the lease reaper failed; it runs again", e);
        }
    }

    @Deactivate
    void deactivate() {
        unregister(serviceRegistration);
        unregister(listenerRegistration);
        events.close();
        reaper.shutdownNow();
        service.closeAll();
    }

    private static void unregister(ServiceRegistration<?> registration) {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // our bundle is stopping and the framework unregistered it first
        }
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}

package org.cardmanage.remote.internal.farm;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;

import org.cardmanage.api.CardEventListener;
import org.cardmanage.api.CardManager;
import org.cardmanage.remote.internal.tls.TlsContexts;
import org.cardmanage.remote.internal.tls.TlsSetupException;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;

/**
 * The farm host's part, enabled only by configuration {@code org.cardmanage.remote.farm}: reads it strictly, and
 * runs a {@link Farm} on the farm's card manager. A configuration that cannot be used, or an address that cannot be
 * bound, serves nothing and says why in one line.
 */
@Component(configurationPid = FarmConfiguration.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = FarmConfiguration.class)
public final class FarmComponent {
    private static final System.Logger LOG = System.getLogger("org.cardmanage.remote");

    private Farm farm;
    private ServiceRegistration<CardEventListener> listener;

    @Activate
    public FarmComponent(BundleContext context, Map<String, Object> properties, @Reference CardManager cards) {
        FarmSettings settings;
        SslContext tls;
        try {
            settings = FarmSettings.read(properties, localHostName());
            tls = settings.insecure() ? null : TlsContexts.server(settings.tls().certificate(),
                    settings.tls().key(), settings.tls().clientCa());
        } catch (IllegalArgumentException | TlsSetupException e) {
            LOG.log(System.Logger.Level.ERROR, "the remote farm does not listen: configuration "
                    + FarmConfiguration.PID + " cannot be used: " + e.getMessage());
            return;
        }
        Farm started = new Farm(settings, tls, cards);
        listener = context.registerService(CardEventListener.class, started.events(), null);
        try {
            started.start();
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "the remote farm cannot listen on "
                    + settings.bindAddress().getHostAddress() + ":" + settings.port() + ": " + e.getMessage());
            started.close();
            listener.unregister();
            listener = null;
            return;
        }
        farm = started;
        LOG.log(System.Logger.Level.INFO, () -> "farm '" + settings.hostName() + "' serves its readers on "
                + settings.bindAddress().getHostAddress() + ":" + started.port()
                + (settings.insecure() ? " WITHOUT TLS (insecure.loopback.only)" : " (TLS 1.3, client certificates)")
                + ", lease " + settings.leaseMs() + " ms, " + settings.policy().rules().size() + " client rules");
    }

    @Deactivate
    void deactivate() {
        if (listener != null) {
            try {
                listener.unregister();
            } catch (IllegalStateException alreadyGone) {
                // our bundle is stopping and the framework unregistered it first
            }
        }
        if (farm != null) {
            farm.close();
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

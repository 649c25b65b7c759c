package org.cardmanage.webconsole.internal.health;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.felix.hc.api.HealthCheck;
import org.cardmanage.spi.ReaderTransport;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Registers one {@link HealthCheck} per driver ({@code hc.name=cardmanage driver NAME}, {@code hc.tags=cardmanage}).
 * A driver is known by the {@code driver.name} of its reader transport services, or, while it has no readers, by the
 * {@value #DRIVER_NAMESPACE} capability of an active bundle (driver-pcsc declares one, naming the Condition service it
 * registers while pcscd is reachable). The checks read the registry when they run.
 */
@Component(immediate = true, service = {})
public final class DriverHealthChecks implements ServiceListener, BundleListener {
    /** The tag of every cardmanage health check. */
    static final String TAG = "cardmanage";
    /** The capability namespace a driver bundle declares itself with; its value is the driver name. */
    static final String DRIVER_NAMESPACE = "org.cardmanage.driver";
    static final String CONDITION_ATTRIBUTE = "availability.condition";
    static final String DESCRIPTION_ATTRIBUTE = "availability.description";
    static final String CHECK_NAME_PREFIX = "cardmanage driver ";
    private static final String TRANSPORTS = "(objectClass=" + ReaderTransport.class.getName() + ")";

    private final BundleContext context;
    // Guarded by this: reconcile() runs on framework event threads; a registration never calls back into us.
    private final Map<String, ServiceRegistration<HealthCheck>> checks = new HashMap<>();
    private boolean closed;

    @Activate
    public DriverHealthChecks(BundleContext context) throws InvalidSyntaxException {
        this.context = context;
        context.addServiceListener(this, TRANSPORTS);
        context.addBundleListener(this);
        reconcile(null);
    }

    @Deactivate
    void deactivate() {
        context.removeServiceListener(this);
        context.removeBundleListener(this);
        List<ServiceRegistration<HealthCheck>> registrations;
        synchronized (this) {
            closed = true;
            registrations = new ArrayList<>(checks.values());
            checks.clear();
        }
        for (ServiceRegistration<HealthCheck> registration : registrations) {
            unregister(registration);
        }
    }

    @Override
    public void serviceChanged(ServiceEvent event) {
        // A transport being unregistered is still in the registry during this event: leave it out.
        reconcile(event.getType() == ServiceEvent.UNREGISTERING ? event.getServiceReference() : null);
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        if (event.getType() == BundleEvent.STARTED || event.getType() == BundleEvent.STOPPED) {
            reconcile(null);
        }
    }

    /** Registers a check for every driver there is and unregisters those of drivers that are gone. */
    private synchronized void reconcile(ServiceReference<?> leaving) {
        if (closed) {
            return;
        }
        Set<String> drivers = new TreeSet<>(declarations(context).keySet());
        for (ServiceReference<?> reference : transports(context)) {
            if (!reference.equals(leaving) && reference.getProperty(ReaderTransport.DRIVER_NAME) != null) {
                drivers.add(reference.getProperty(ReaderTransport.DRIVER_NAME).toString());
            }
        }
        checks.entrySet().removeIf(entry -> {
            if (!drivers.contains(entry.getKey())) {
                unregister(entry.getValue());
                return true;
            }
            return false;
        });
        for (String driver : drivers) {
            if (!checks.containsKey(driver)) {
                Hashtable<String, Object> properties = new Hashtable<>();
                properties.put(HealthCheck.NAME, CHECK_NAME_PREFIX + driver);
                properties.put(HealthCheck.TAGS, new String[] {TAG});
                try {
                    checks.put(driver, context.registerService(HealthCheck.class, new DriverCheck(context, driver),
                            properties));
                } catch (IllegalStateException e) {
                    return; // this bundle is stopping
                }
            }
        }
    }

    private static void unregister(ServiceRegistration<?> registration) {
        try {
            registration.unregister();
        } catch (IllegalStateException e) {
            // already gone with the bundle
        }
    }

    /** @return every registered reader transport, whatever the class space of its registrant */
    static List<ServiceReference<?>> transports(BundleContext context) {
        try {
            ServiceReference<?>[] references = context.getAllServiceReferences(ReaderTransport.class.getName(), null);
            return references == null ? List.of() : List.of(references);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the drivers that active bundles declare, by name */
    static Map<String, DriverStatus.Declaration> declarations(BundleContext context) {
        Map<String, DriverStatus.Declaration> declared = new HashMap<>();
        for (Bundle bundle : context.getBundles()) {
            BundleRevision revision = bundle.getState() == Bundle.ACTIVE ? bundle.adapt(BundleRevision.class) : null;
            if (revision == null) {
                continue;
            }
            for (BundleCapability capability : revision.getDeclaredCapabilities(DRIVER_NAMESPACE)) {
                Map<String, Object> attributes = capability.getAttributes();
                Object name = attributes.get(DRIVER_NAMESPACE);
                if (name != null) {
                    Object condition = attributes.get(CONDITION_ATTRIBUTE);
                    Object description = attributes.get(DESCRIPTION_ATTRIBUTE);
                    declared.put(name.toString(), new DriverStatus.Declaration(
                            condition == null ? null : condition.toString(),
                            description == null ? null : description.toString()));
                }
            }
        }
        return declared;
    }
}

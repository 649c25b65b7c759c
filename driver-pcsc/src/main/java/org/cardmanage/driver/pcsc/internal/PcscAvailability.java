package org.cardmanage.driver.pcsc.internal;

import java.util.Hashtable;

import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * Tells the framework whether pcscd is reachable: while the monitor has a working PC/SC context, an OSGi
 * {@code Condition} service with {@code osgi.condition.id=org.cardmanage.driver.pcsc.available} is registered, and
 * it goes away when pcscd does. The bundle declares the condition in an {@code org.cardmanage.driver} capability, so a
 * health check knows to expect it even while it is absent. Where the framework lacks the Condition package (Karaf
 * 4.4), nothing is registered and readers work as before.
 */
@Capability(namespace = PcscAvailability.DRIVER_NAMESPACE, name = "pcsc",
        attribute = {"availability.condition=" + PcscAvailability.CONDITION_ID,
            "availability.description=the PC/SC service (pcscd)"})
final class PcscAvailability {
    static final String DRIVER_NAMESPACE = "org.cardmanage.driver";
    static final String CONDITION_ID = "org.cardmanage.driver.pcsc.available";
    private static final System.Logger LOG = System.getLogger("org.cardmanage.driver.pcsc");

    private final BundleContext context;
    // Guarded by this. Only the monitor thread and deactivation call in, and no framework callback calls back here.
    private ServiceRegistration<?> registration;
    private boolean closed;
    private boolean unsupported;

    PcscAvailability(BundleContext context) {
        this.context = context;
    }

    /** pcscd answered: register the condition if it is not registered. */
    synchronized void up() {
        if (registration != null || closed || unsupported) {
            return;
        }
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("osgi.condition.id", CONDITION_ID);
        properties.put("driver.name", "pcsc");
        try {
            registration = context.registerService("org.osgi.service.condition.Condition",
                    org.osgi.service.condition.Condition.INSTANCE, properties);
        } catch (LinkageError e) {
            unsupported = true;
            LOG.log(System.Logger.Level.INFO, "the framework has no org.osgi.service.condition package: "
                    + "pcscd''s availability is not published as a service");
        } catch (IllegalStateException e) {
            closed = true; // the bundle is stopping
        }
    }

    /** pcscd went away: withdraw the condition. */
    synchronized void down() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
            registration = null;
        }
    }

    /** The driver stops: withdraw the condition for good. */
    synchronized void close() {
        closed = true;
        down();
    }
}

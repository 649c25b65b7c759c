package org.cardmanage.launcher;

import java.io.IOException;
import java.time.Duration;
import java.util.Hashtable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;

/**
 * A start-up barrier: FileInstall applies the files of {@code conf/} synchronously while it starts, but ConfigAdmin
 * hands the changes to SCR on its event thread. ConfigAdmin delivers events one after another, in order, so once a
 * marker configuration's event reaches our listener, SCR has seen every configuration from before it, and the
 * configured readers exist before the first command runs.
 */
final class ConfigSync {
    /** The marker configuration, deleted again at once. */
    static final String MARKER_PID = "org.cardmanage.launcher.startup";

    private ConfigSync() {
    }

    /**
     * @return true if the barrier was passed; false without ConfigAdmin or when the timeout passed first
     */
    static boolean await(BundleContext context, Duration timeout) throws InterruptedException {
        ServiceReference<ConfigurationAdmin> reference = context.getServiceReference(ConfigurationAdmin.class);
        ConfigurationAdmin admin = reference == null ? null : context.getService(reference);
        if (admin == null) {
            return false;
        }
        CountDownLatch delivered = new CountDownLatch(1);
        ConfigurationListener listener = event -> {
            if (MARKER_PID.equals(event.getPid()) && event.getType() == ConfigurationEvent.CM_UPDATED) {
                delivered.countDown();
            }
        };
        ServiceRegistration<ConfigurationListener> registration =
                context.registerService(ConfigurationListener.class, listener, null);
        try {
            Configuration marker = admin.getConfiguration(MARKER_PID, "?");
            Hashtable<String, Object> properties = new Hashtable<>();
            properties.put("purpose", "start-up barrier of the cardmanage launcher");
            marker.update(properties);
            boolean passed = delivered.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
            marker.delete();
            return passed;
        } catch (IOException e) {
            java.util.logging.Logger.getLogger(ConfigSync.class.getName()).warning("start-up barrier: " + e);
            return false;
        } finally {
            registration.unregister();
            context.ungetService(reference);
        }
    }
}

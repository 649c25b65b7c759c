package org.cardmanage.core.internal;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.cardmanage.api.CardManager;
import org.cardmanage.api.admin.CardAdmin;
import org.cardmanage.core.internal.admin.CoreCardAdmin;
import org.cardmanage.core.internal.shell.CardCommands;
import org.cardmanage.core.internal.shell.ServicesCommand;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceFactory;
import org.osgi.framework.ServiceRegistration;

/**
 * The services the core offers, registered by {@link CardCore} itself, so that no internal object is ever in the
 * service registry: {@link CardManager} with bundle scope (a {@link BundleCardManager} per client bundle, deactivated
 * when that bundle ungets it or goes away), {@link CardAdmin}, and the {@code card:*} commands.
 *
 * <p>The CardAdmin registration carries the core's configuration properties as it runs with them, for tools that
 * want to know when a change took effect.
 */
final class CoreServices {
    private final CardCore core;
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private final ServiceRegistration<CardAdmin> admin;
    private final BundleCardManager shellManager;
    private final CardCommands commands;

    private CoreServices(BundleContext context, CardCore core, Map<String, ?> configuration) {
        this.core = core;
        this.admin = context.registerService(CardAdmin.class, new CoreCardAdmin(core), adminProperties(configuration));
        registrations.add(admin);
        registrations.add(context.registerService(CardManager.class, new PerBundle(core), null));
        // The shell's attachments belong to the core bundle, through a card manager of its own.
        this.shellManager = new BundleCardManager(core, context.getBundle());
        this.commands = new CardCommands(shellManager, core);
        registrations.add(context.registerService(Object.class, commands, CardCommands.properties()));
        registrations.add(context.registerService(Object.class, new ServicesCommand(core),
                ServicesCommand.properties()));
    }

    static CoreServices register(BundleContext context, CardCore core, Map<String, ?> configuration) {
        return new CoreServices(context, core, configuration);
    }

    /** The core reads a changed configuration: the CardAdmin registration shows what it runs with now. */
    void configurationChanged(Map<String, ?> configuration) {
        try {
            admin.setProperties(adminProperties(configuration));
        } catch (IllegalStateException unregistered) {
            // The core is stopping.
        }
    }

    /** Withdraws every service, then detaches what the shell attached. */
    void unregister() {
        for (ServiceRegistration<?> registration : registrations) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // The framework unregisters a stopping bundle's services itself.
            }
        }
        commands.detachAll(core.settings().abandonDisposition());
        shellManager.deactivate();
    }

    private static Dictionary<String, Object> adminProperties(Map<String, ?> configuration) {
        Hashtable<String, Object> properties = new Hashtable<>();
        configuration.forEach((key, value) -> {
            if (value != null && !key.startsWith("component.") && !key.startsWith("service.")
                    && !key.startsWith("objectClass")) {
                properties.put(key, value);
            }
        });
        return properties;
    }

    /** One {@link BundleCardManager} per client bundle; the framework asks once per bundle and ungets when it goes. */
    private static final class PerBundle implements ServiceFactory<CardManager> {
        private final CardCore core;

        PerBundle(CardCore core) {
            this.core = core;
        }

        @Override
        public CardManager getService(Bundle bundle, ServiceRegistration<CardManager> registration) {
            return new BundleCardManager(core, bundle);
        }

        @Override
        public void ungetService(Bundle bundle, ServiceRegistration<CardManager> registration, CardManager service) {
            ((BundleCardManager) service).deactivate();
        }
    }
}

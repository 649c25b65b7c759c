package org.cardmanage.core.internal.plugin;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

import org.cardmanage.spi.CardServiceFactory;
import org.osgi.framework.Constants;

/**
 * One registered {@link CardServiceFactory} service: the factory, what its service properties say, and the views it
 * made. Once {@linkplain #withdraw() withdrawn} it never comes back (a re-registration is a new registration), and its
 * views let go of the plugin's objects so the plugin's class loader can be collected.
 */
final class PluginRegistration {
    private final CardServiceFactory factory;
    private final String pluginName;
    private final long serviceId;
    private final Object lock = new Object();
    /** Weak, so that a view the application dropped does not stay here. Guarded by {@link #lock}. */
    private final Set<ServiceView> views = Collections.newSetFromMap(new WeakHashMap<>());
    private volatile Set<String> interfaces;
    private volatile int ranking;
    private volatile boolean live = true;

    PluginRegistration(CardServiceFactory factory, String pluginName, long serviceId, Map<String, ?> properties) {
        this.factory = factory;
        this.pluginName = pluginName;
        this.serviceId = serviceId;
        update(properties);
    }

    /** Reads the properties that can change while the service stays registered. */
    void update(Map<String, ?> properties) {
        interfaces = Set.copyOf(interfaceNames(properties.get(CardServiceFactory.CARD_SERVICE_INTERFACE)));
        Object rank = properties.get(Constants.SERVICE_RANKING);
        ranking = rank instanceof Integer value ? value : 0;
    }

    private static List<String> interfaceNames(Object property) {
        List<String> names = new ArrayList<>();
        if (property instanceof String name) {
            names.add(name);
        } else if (property instanceof String[] array) {
            names.addAll(List.of(array));
        } else if (property instanceof Collection<?> collection) {
            collection.forEach(element -> names.add(String.valueOf(element)));
        }
        names.removeIf(name -> name == null || name.isBlank());
        return names.stream().map(String::trim).toList();
    }

    CardServiceFactory factory() {
        return factory;
    }

    /** @return the plugin as people know it, e.g. {@code org.cardmanage.plugin.iso7816 [12]} */
    String pluginName() {
        return pluginName;
    }

    long serviceId() {
        return serviceId;
    }

    Set<String> interfaces() {
        return interfaces;
    }

    boolean offers(String interfaceName) {
        return live && interfaces.contains(interfaceName);
    }

    int ranking() {
        return ranking;
    }

    boolean isLive() {
        return live;
    }

    /** Remembers a view, so that withdrawing the plugin can release it; releases it at once if already withdrawn. */
    void track(ServiceView view) {
        synchronized (lock) {
            if (live) {
                views.add(view);
                return;
            }
        }
        view.release();
    }

    /** The factory service is gone: its views stop working and drop the plugin's objects. */
    void withdraw() {
        List<ServiceView> made;
        synchronized (lock) {
            live = false;
            made = new ArrayList<>(views);
            views.clear();
        }
        made.forEach(ServiceView::release);
    }

    /** @return e.g. {@code org.cardmanage.plugin.iso7816 [12] (service 45)} */
    String describe() {
        return pluginName + " (service " + serviceId + ")";
    }
}

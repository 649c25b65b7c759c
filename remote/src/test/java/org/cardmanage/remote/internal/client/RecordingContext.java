package org.cardmanage.remote.internal.client;

import java.lang.reflect.Proxy;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.cardmanage.spi.ReaderTransport;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * A {@link BundleContext} that only registers services, and records them: what the link registers, with its
 * properties as they are now. Anything else it is asked is an {@link UnsupportedOperationException}.
 */
final class RecordingContext {
    /** One registration. */
    static final class Registration {
        final long id;
        final Object service;
        private volatile Map<String, Object> properties;
        private volatile boolean live = true;

        Registration(long id, Object service, Dictionary<?, ?> properties) {
            this.id = id;
            this.service = service;
            this.properties = copy(properties);
        }

        Map<String, Object> properties() {
            return properties;
        }

        boolean live() {
            return live;
        }

        ReaderTransport transport() {
            return (ReaderTransport) service;
        }

        String readerName() {
            return (String) properties.get(ReaderTransport.READER_NAME);
        }
    }

    private final AtomicLong ids = new AtomicLong();
    private final List<Registration> registrations = new CopyOnWriteArrayList<>();
    final BundleContext context = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {BundleContext.class}, (proxy, method, args) -> switch (method.getName()) {
                case "registerService" -> register(args[1], (Dictionary<?, ?>) args[2]);
                case "toString" -> "RecordingContext";
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                default -> throw new UnsupportedOperationException(method.getName());
            });

    private ServiceRegistration<?> register(Object service, Dictionary<?, ?> properties) {
        Registration registration = new Registration(ids.incrementAndGet(), service, properties);
        registrations.add(registration);
        return (ServiceRegistration<?>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ServiceRegistration.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "setProperties" -> {
                        if (!registration.live) {
                            throw new IllegalStateException("unregistered");
                        }
                        registration.properties = copy((Dictionary<?, ?>) args[0]);
                        yield null;
                    }
                    case "unregister" -> {
                        if (!registration.live) {
                            throw new IllegalStateException("unregistered twice");
                        }
                        registration.live = false;
                        yield null;
                    }
                    case "toString" -> "Registration " + registration.id;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** @return the live registrations */
    List<Registration> live() {
        return registrations.stream().filter(Registration::live).toList();
    }

    /** @return the live registration of that reader, or null */
    Registration live(String readerName) {
        return registrations.stream().filter(r -> r.live() && readerName.equals(r.readerName())).findFirst()
                .orElse(null);
    }

    /** @return the local names of the live readers */
    List<String> liveNames() {
        return live().stream().map(Registration::readerName).sorted().toList();
    }

    /** @return every registration ever made */
    List<Registration> all() {
        return List.copyOf(registrations);
    }

    private static Map<String, Object> copy(Dictionary<?, ?> properties) {
        Map<String, Object> out = new HashMap<>();
        if (properties != null) {
            for (Enumeration<?> keys = properties.keys(); keys.hasMoreElements();) {
                Object key = keys.nextElement();
                out.put((String) key, properties.get(key));
            }
        }
        return Map.copyOf(out);
    }
}

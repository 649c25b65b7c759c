package org.cardmanage.core.internal.testsupport;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceFactory;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;

/**
 * Just enough of an OSGi framework to drive the core's component the way SCR and the framework do, in a plain unit
 * test: bundles (name, id, state), service references with mutable properties, and a bundle context whose service
 * registry keeps what the core registers and, like the framework, ungets a {@link ServiceFactory}'s services from every
 * bundle that got them when the registration goes away. Everything else a real framework offers throws.
 */
public final class FakeFramework {
    private final AtomicLong bundleIds = new AtomicLong(40);
    private final List<Registered> registry = new ArrayList<>(); // guarded by itself

    /** A bundle with a name and an id, ACTIVE until told otherwise. */
    public static final class FakeBundle {
        private final String symbolicName;
        private final long id;
        private volatile int state = Bundle.ACTIVE;
        private final Bundle bundle;

        private FakeBundle(String symbolicName, long id) {
            this.symbolicName = symbolicName;
            this.id = id;
            this.bundle = proxy(Bundle.class, (proxy, method, args) -> switch (method.getName()) {
                case "getSymbolicName" -> this.symbolicName;
                case "getBundleId" -> this.id;
                case "getState" -> state;
                case "toString" -> this.symbolicName + " [" + this.id + "]";
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                default -> throw new UnsupportedOperationException("fake bundle: " + method.getName());
            });
        }

        public Bundle bundle() {
            return bundle;
        }

        /** Marks the bundle STOPPING, as the framework does while it unregisters the bundle's services. */
        public void stopping() {
            state = Bundle.STOPPING;
        }
    }

    /** A service reference whose properties its test changes, as a driver's {@code setProperties} would. */
    public static final class FakeReference<S> {
        private final Map<String, Object> properties = new ConcurrentHashMap<>();
        private final ServiceReference<S> reference;

        @SuppressWarnings("unchecked")
        private FakeReference(Bundle owner, Map<String, ?> initial) {
            properties.putAll(initial);
            this.reference = proxy(ServiceReference.class, (proxy, method, args) -> switch (method.getName()) {
                case "getProperty" -> properties.get((String) args[0]);
                case "getPropertyKeys" -> properties.keySet().toArray(String[]::new);
                case "getBundle" -> owner;
                case "getProperties" -> new java.util.Hashtable<>(properties);
                case "toString" -> "ServiceReference" + properties;
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                case "compareTo" -> Integer.compare(System.identityHashCode(proxy), System.identityHashCode(args[0]));
                default -> throw new UnsupportedOperationException("fake service reference: " + method.getName());
            });
        }

        public ServiceReference<S> reference() {
            return reference;
        }

        /** Replaces the properties; the test then tells the core, as SCR's updated callback would. */
        public void setProperties(Map<String, ?> replacement) {
            properties.clear();
            properties.putAll(replacement);
        }
    }

    private record Registered(String[] classes, Object service, Map<String, Object> properties,
            ServiceRegistration<?> registration, Map<Bundle, Object> gotten) {
    }

    /** @return a new ACTIVE bundle with the next id */
    public FakeBundle bundle(String symbolicName) {
        return new FakeBundle(symbolicName, bundleIds.incrementAndGet());
    }

    /** @return a reference to a service of the given bundle with these properties */
    public <S> FakeReference<S> reference(FakeBundle owner, Map<String, ?> properties) {
        return new FakeReference<>(owner == null ? null : owner.bundle(), properties);
    }

    /** @return the context of a bundle: only service registration works */
    public BundleContext context(FakeBundle owner) {
        return proxy(BundleContext.class, (proxy, method, args) -> switch (method.getName()) {
            case "getBundle" -> owner.bundle();
            case "registerService" -> register(args);
            case "toString" -> "BundleContext[" + owner.symbolicName + "]";
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            default -> throw new UnsupportedOperationException("fake bundle context: " + method.getName());
        });
    }

    /**
     * Gets a service from the registry on behalf of a bundle, as {@code BundleContext.getService} does: a
     * {@link ServiceFactory} makes one per bundle and is asked only once.
     *
     * @return the service registered under the class, or null
     */
    @SuppressWarnings("unchecked")
    public <S> S getService(Class<S> type, FakeBundle client) {
        Registered found;
        synchronized (registry) {
            found = registry.stream().filter(r -> List.of(r.classes()).contains(type.getName())).findFirst()
                    .orElse(null);
        }
        if (found == null) {
            return null;
        }
        if (!(found.service() instanceof ServiceFactory<?> factory)) {
            return (S) found.service();
        }
        synchronized (found.gotten()) {
            return (S) found.gotten().computeIfAbsent(client.bundle(),
                    bundle -> ((ServiceFactory<Object>) factory).getService(bundle,
                            (ServiceRegistration<Object>) found.registration()));
        }
    }

    /** Ungets a bundle's service of that class, as the framework does when the bundle stops. */
    @SuppressWarnings("unchecked")
    public void ungetService(Class<?> type, FakeBundle client) {
        Registered found;
        synchronized (registry) {
            found = registry.stream().filter(r -> List.of(r.classes()).contains(type.getName())).findFirst()
                    .orElse(null);
        }
        if (found != null && found.service() instanceof ServiceFactory<?> factory) {
            Object service;
            synchronized (found.gotten()) {
                service = found.gotten().remove(client.bundle());
            }
            if (service != null) {
                ((ServiceFactory<Object>) factory).ungetService(client.bundle(),
                        (ServiceRegistration<Object>) found.registration(), service);
            }
        }
    }

    /** @return the properties of the first registration under the class, or null */
    public Map<String, Object> propertiesOf(Class<?> type) {
        synchronized (registry) {
            return registry.stream().filter(r -> List.of(r.classes()).contains(type.getName())).findFirst()
                    .map(r -> Map.copyOf(r.properties())).orElse(null);
        }
    }

    /** @return every service registered now, with the names it was registered under */
    public List<String[]> registeredClasses() {
        synchronized (registry) {
            return registry.stream().map(Registered::classes).toList();
        }
    }

    private ServiceRegistration<?> register(Object[] args) {
        String[] classes = args[0] instanceof Class<?> type ? new String[] {type.getName()}
                : args[0] instanceof String name ? new String[] {name} : (String[]) args[0];
        Map<String, Object> properties = new ConcurrentHashMap<>(toMap((Dictionary<?, ?>) args[2]));
        Map<Bundle, Object> gotten = new IdentityHashMap<>();
        Registered[] self = new Registered[1];
        ServiceRegistration<?> registration = proxy(ServiceRegistration.class, (proxy, method, a) -> {
            switch (method.getName()) {
                case "unregister" -> unregister(self[0]);
                case "setProperties" -> {
                    properties.clear();
                    properties.putAll(toMap((Dictionary<?, ?>) a[0]));
                }
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                case "equals" -> {
                    return proxy == a[0];
                }
                case "toString" -> {
                    return "ServiceRegistration" + List.of(classes);
                }
                default -> throw new UnsupportedOperationException("fake registration: " + method.getName());
            }
            return null;
        });
        self[0] = new Registered(classes, args[1], properties, registration, gotten);
        synchronized (registry) {
            registry.add(self[0]);
        }
        return registration;
    }

    @SuppressWarnings("unchecked")
    private void unregister(Registered registered) {
        synchronized (registry) {
            if (!registry.remove(registered)) {
                throw new IllegalStateException("already unregistered");
            }
        }
        if (registered.service() instanceof ServiceFactory<?> factory) {
            Map<Bundle, Object> gotten;
            synchronized (registered.gotten()) {
                gotten = new HashMap<>(registered.gotten());
                registered.gotten().clear();
            }
            gotten.forEach((bundle, service) -> ((ServiceFactory<Object>) factory).ungetService(bundle,
                    (ServiceRegistration<Object>) registered.registration(), service));
        }
    }

    private static Map<String, Object> toMap(Dictionary<?, ?> dictionary) {
        Map<String, Object> map = new HashMap<>();
        if (dictionary != null) {
            for (Object key : java.util.Collections.list(dictionary.keys())) {
                map.put((String) key, dictionary.get(key));
            }
        }
        return map;
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, InvocationHandler handler) {
        return (T) Proxy.newProxyInstance(FakeFramework.class.getClassLoader(), new Class<?>[] {type}, handler);
    }
}

package org.cardmanage.itests.drivers;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;

import org.cardmanage.spi.ReaderTransport;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * The activator of the hostile test driver bundle built by {@code DriverBundles}: registers one reader per
 * {@link HostileSession.Flaw}, named {@code "Hostile " + flaw}, each with a card in it whose transmit misbehaves that
 * way. Stopping the bundle unregisters them and lets go of every transmit it still holds. Lives in its own package so
 * the classes copied into that bundle depend on the API, the SPI and the framework only.
 */
public final class HostileDriverActivator implements BundleActivator {
    /** The ATR of the hostile readers' card. */
    public static final String ATR = "3B021450";

    private final List<ServiceRegistration<ReaderTransport>> registrations = new ArrayList<>();
    private final Object released = new Object();
    private volatile boolean stopping;

    /** @return the reader that misbehaves with this flaw */
    public static String readerName(HostileSession.Flaw flaw) {
        return "Hostile " + flaw;
    }

    @Override
    public void start(BundleContext context) {
        for (HostileSession.Flaw flaw : HostileSession.Flaw.values()) {
            Dictionary<String, Object> properties = new Hashtable<>();
            properties.put(ReaderTransport.READER_NAME, readerName(flaw));
            properties.put(ReaderTransport.DRIVER_NAME, "hostile");
            properties.put(ReaderTransport.CARD_PRESENT, Boolean.TRUE);
            properties.put(ReaderTransport.CARD_ATR, ATR);
            properties.put(ReaderTransport.CARD_INSERTION, 1L);
            registrations.add(context.registerService(ReaderTransport.class,
                    (shareMode, protocols) -> new HostileSession(flaw, this::isStopping, released), properties));
        }
    }

    private boolean isStopping() {
        return stopping;
    }

    @Override
    public void stop(BundleContext context) {
        registrations.forEach(ServiceRegistration::unregister);
        registrations.clear();
        synchronized (released) {
            stopping = true;
            released.notifyAll();
        }
    }
}

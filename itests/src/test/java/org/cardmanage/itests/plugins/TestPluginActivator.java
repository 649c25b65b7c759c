package org.cardmanage.itests.plugins;

import java.util.Dictionary;
import java.util.Hashtable;

import org.cardmanage.api.service.FileAccess;
import org.cardmanage.spi.CardServiceFactory;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;

/**
 * The activator of a test plugin bundle built by {@code PluginBundles}: registers one {@link TestPluginFactory} for
 * {@link FileAccess}, configured by the bundle's manifest headers ({@link #BID}, {@link #RANKING}, {@link #FAULT}).
 * Lives in its own package so the classes copied into those bundles depend on the API and the framework only.
 */
public final class TestPluginActivator implements BundleActivator {
    /** Header: the bid for every card. */
    public static final String BID = "X-Test-Plugin-Bid";
    /** Header: the factory's service.ranking. */
    public static final String RANKING = "X-Test-Plugin-Ranking";
    /** Header: {@code none}, {@code match} (match throws) or {@code create} (create throws). */
    public static final String FAULT = "X-Test-Plugin-Fault";

    @Override
    public void start(BundleContext context) {
        Dictionary<String, String> headers = context.getBundle().getHeaders();
        TestPluginFactory factory = new TestPluginFactory(context.getBundle().getSymbolicName(),
                Integer.parseInt(headers.get(BID)), headers.get(FAULT));
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(CardServiceFactory.CARD_SERVICE_INTERFACE, FileAccess.class.getName());
        properties.put(Constants.SERVICE_RANKING, Integer.valueOf(headers.get(RANKING)));
        context.registerService(CardServiceFactory.class, factory, properties);
    }

    @Override
    public void stop(BundleContext context) {
        // the framework unregisters the factory
    }
}

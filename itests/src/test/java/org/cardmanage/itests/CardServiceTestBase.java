package org.cardmanage.itests;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.cardmanage.api.Attachment;
import org.cardmanage.api.CardException;
import org.cardmanage.api.NotSupportedException;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * What the card-service scenarios share: where the plugin bundles come from, installing, uninstalling and refreshing
 * them at run time, and waiting for the core to pick a given plugin.
 */
public abstract class CardServiceTestBase extends CardmanageTestBase {
    /** The reference plugin's symbolic name. */
    public static final String ISO_PLUGIN = "org.cardmanage.plugin.iso7816";
    /** The vendor example's symbolic name. */
    public static final String VENDOR_PLUGIN = "org.example.democard";
    /** The demo card's ATR as the core prints it (spaced hex). */
    public static final String DEMO_ATR_SPACED = "3B F8 13 00 00 81 31 FE 45 43 4D 53 49 4D 2D 54 31 F1";
    /** PIN reference 81 of the simulated card: "1234", 3 tries; PUK "12345678". */
    public static final int PIN_REFERENCE = 0x81;

    public static String isoPluginLocation() {
        return reactorBundleLocation("plugin-iso7816");
    }

    public static String vendorPluginLocation() {
        return reactorBundleLocation("example-vendor-plugin");
    }

    /** @return the installed bundle with that symbolic name, if any */
    protected Optional<Bundle> findBundle(String symbolicName) {
        return Arrays.stream(context.getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName())).findFirst();
    }

    /** Installs the bundle from its location unless installed, and starts it unless active. */
    protected Bundle ensureActive(String symbolicName, String location) {
        Bundle bundle = findBundle(symbolicName).orElseGet(() -> install(location));
        if (bundle.getState() != Bundle.ACTIVE) {
            start(bundle);
        }
        return bundle;
    }

    protected Bundle install(String location) {
        try {
            return context.installBundle(location);
        } catch (BundleException e) {
            throw new AssertionError("could not install " + location, e);
        }
    }

    /**
     * Uninstalls the bundle and refreshes it away, waiting for the refresh: afterwards its class loader is dead, so a
     * call into a class of it that was not loaded yet would throw {@link NoClassDefFoundError}.
     */
    protected void uninstallAndRefresh(Bundle bundle) {
        try {
            bundle.uninstall();
        } catch (BundleException e) {
            throw new AssertionError("could not uninstall " + bundle.getSymbolicName(), e);
        }
        CountDownLatch refreshed = new CountDownLatch(1);
        FrameworkListener listener = event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                refreshed.countDown();
            }
        };
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(List.of(bundle), listener);
        try {
            if (!refreshed.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("refreshing " + bundle.getSymbolicName() + " took more than " + WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while refreshing", e);
        }
    }

    /**
     * Waits until {@code createInterface} returns a view made by the named plugin (plugins register asynchronously
     * through SCR), and returns it.
     */
    protected <T> T awaitView(Attachment attachment, Class<T> type, String pluginSymbolicName) {
        return Await.value("a " + type.getSimpleName() + " view from " + pluginSymbolicName + " on "
                + attachment.readerName(), () -> {
                    try {
                        T view = attachment.createInterface(type);
                        return view.toString().contains(pluginSymbolicName) ? view : null;
                    } catch (NotSupportedException noneYet) {
                        return null;
                    } catch (CardException e) {
                        throw new AssertionError("createInterface(" + type.getSimpleName() + ") failed", e);
                    }
                }, WAIT);
    }

    /** Waits until no plugin provides the interface for the attachment's card, and returns the refusal. */
    protected NotSupportedException awaitNoPlugin(Attachment attachment, Class<?> type) {
        return Await.value("no plugin provides " + type.getSimpleName() + " on " + attachment.readerName(), () -> {
            try {
                attachment.createInterface(type);
                return null;
            } catch (NotSupportedException e) {
                return e;
            } catch (CardException e) {
                throw new AssertionError("createInterface(" + type.getSimpleName() + ") failed", e);
            }
        }, WAIT);
    }
}

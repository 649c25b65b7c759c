package org.cardmanage.itests;

import static org.ops4j.pax.exam.CoreOptions.streamBundle;

import org.cardmanage.itests.drivers.HostileDriverActivator;
import org.cardmanage.itests.drivers.HostileSession;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.tinybundles.TinyBundles;
import org.osgi.framework.Constants;

/**
 * Provisioning of the hostile test driver bundle, built with TinyBundles from the classes of
 * {@code org.cardmanage.itests.drivers}: a third-party driver whose readers misbehave on purpose. Used only in
 * {@code @Configuration} methods, which run outside the framework: keep this class out of code that runs inside.
 */
public final class DriverBundles {
    /** The hostile driver's symbolic name. */
    public static final String HOSTILE = "org.cardmanage.itests.driver.hostile";

    private DriverBundles() {
    }

    /** @return the hostile driver bundle, installed and started */
    public static Option hostileDriver() {
        return streamBundle(TinyBundles.bundle()
                .setHeader(Constants.BUNDLE_MANIFESTVERSION, "2")
                .symbolicName(HOSTILE)
                .setHeader(Constants.BUNDLE_VERSION, "1.0.0")
                .setHeader(Constants.BUNDLE_NAME, "cardmanage itests hostile driver")
                .setHeader(Constants.IMPORT_PACKAGE, "org.cardmanage.api;version=\"[1.0,2)\","
                        + "org.cardmanage.spi;version=\"[1.1,2)\",org.osgi.framework")
                .setHeader(Constants.BUNDLE_ACTIVATOR, HostileDriverActivator.class.getName())
                .addClass(HostileDriverActivator.class)
                .addClass(HostileSession.class)
                .addClass(HostileSession.Flaw.class)
                .build(TinyBundles.rawBuilder())).start();
    }
}

package org.cardmanage.itests;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.streamBundle;

import java.io.InputStream;

import org.cardmanage.itests.plugins.TestFileAccess;
import org.cardmanage.itests.plugins.TestPluginActivator;
import org.cardmanage.itests.plugins.TestPluginFactory;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.tinybundles.TinyBundles;
import org.osgi.framework.Constants;

/**
 * Provisioning of card-service plugin bundles: the reactor's plugin-iso7816 and the vendor example (by file URL, like
 * the other reactor bundles), and small test plugins built with TinyBundles from the classes of
 * {@code org.cardmanage.itests.plugins}. Used only in {@code @Configuration} methods, which run outside the
 * framework: keep this class out of code that runs inside.
 */
public final class PluginBundles {
    /** Symbolic names of the test plugins {@link #testPlugins()} installs (not started). */
    public static final String BID_50 = "org.cardmanage.itests.plugin.bid50";
    public static final String BID_60 = "org.cardmanage.itests.plugin.bid60";
    public static final String TIE_RANK_1 = "org.cardmanage.itests.plugin.tie.rank1";
    public static final String TIE_RANK_5 = "org.cardmanage.itests.plugin.tie.rank5";
    public static final String THROWS_IN_MATCH = "org.cardmanage.itests.plugin.match.throws";
    public static final String THROWS_IN_CREATE = "org.cardmanage.itests.plugin.create.throws";

    private PluginBundles() {
    }

    /** @return plugin-iso7816, installed and started */
    public static Option isoPlugin() {
        return bundle(CardServiceTestBase.isoPluginLocation()).start();
    }

    /** @return the vendor example, installed and started */
    public static Option vendorPlugin() {
        return bundle(CardServiceTestBase.vendorPluginLocation()).start();
    }

    /** @return the test plugins, installed but not started: each test starts what it needs */
    public static Option testPlugins() {
        return composite(
                testPlugin(BID_50, 50, 0, "none"),
                testPlugin(BID_60, 60, 0, "none"),
                testPlugin(TIE_RANK_1, 200, 1, "none"),
                testPlugin(TIE_RANK_5, 200, 5, "none"),
                testPlugin(THROWS_IN_MATCH, 500, 0, "match"),
                testPlugin(THROWS_IN_CREATE, 500, 0, "create"));
    }

    private static Option testPlugin(String symbolicName, int bid, int ranking, String fault) {
        return streamBundle(build(symbolicName, bid, ranking, fault)).noStart();
    }

    private static InputStream build(String symbolicName, int bid, int ranking, String fault) {
        return TinyBundles.bundle()
                .setHeader(Constants.BUNDLE_MANIFESTVERSION, "2")
                .symbolicName(symbolicName)
                .setHeader(Constants.BUNDLE_VERSION, "1.0.0")
                .setHeader(Constants.BUNDLE_NAME, "cardmanage itests test plugin " + symbolicName)
                .setHeader(Constants.IMPORT_PACKAGE, "org.cardmanage.api;version=\"[1.0,2)\","
                        + "org.cardmanage.api.service;version=\"[1.0,2)\","
                        + "org.cardmanage.spi;version=\"[1.1,2)\",org.osgi.framework")
                .setHeader(Constants.BUNDLE_ACTIVATOR, TestPluginActivator.class.getName())
                .setHeader(TestPluginActivator.BID, Integer.toString(bid))
                .setHeader(TestPluginActivator.RANKING, Integer.toString(ranking))
                .setHeader(TestPluginActivator.FAULT, fault)
                .addClass(TestPluginActivator.class)
                .addClass(TestPluginFactory.class)
                .addClass(TestFileAccess.class)
                .build(TinyBundles.rawBuilder());
    }
}

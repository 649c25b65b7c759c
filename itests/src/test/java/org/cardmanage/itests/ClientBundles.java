package org.cardmanage.itests;

import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.streamBundle;

import java.io.InputStream;

import org.ops4j.pax.exam.Option;
import org.ops4j.pax.tinybundles.TinyBundles;
import org.osgi.framework.Constants;

/**
 * Builds the client bundles with TinyBundles. Used only in {@code @Configuration} methods, which run outside the
 * framework (TinyBundles is not installed in it): keep this class out of code that runs inside.
 *
 * <p>A client bundle has no code: it imports the API package, and a test uses its bundle context to get the card
 * manager on its behalf. The service object obtained through {@code client.getBundleContext().getService(ref)} is
 * that bundle's own, bundle-scoped card manager, so each client owns its attachments, and stopping it abandons them.
 */
public final class ClientBundles {

    private ClientBundles() {
    }

    /** @return the provisioning options for client bundles A and B, started */
    public static Option clientBundles() {
        return composite(
                streamBundle(client(CardmanageTestBase.CLIENT_A)).start(),
                streamBundle(client(CardmanageTestBase.CLIENT_B)).start());
    }

    /** @return the provisioning options for client bundles with these symbolic names, started */
    public static Option clientBundles(String... symbolicNames) {
        Option[] clients = new Option[symbolicNames.length];
        for (int i = 0; i < symbolicNames.length; i++) {
            clients[i] = streamBundle(client(symbolicNames[i])).start();
        }
        return composite(clients);
    }

    static InputStream client(String symbolicName) {
        return TinyBundles.bundle()
                .setHeader(Constants.BUNDLE_MANIFESTVERSION, "2")
                .symbolicName(symbolicName)
                .setHeader(Constants.BUNDLE_VERSION, "1.0.0")
                .setHeader(Constants.BUNDLE_NAME, "cardmanage itests client " + symbolicName)
                .setHeader(Constants.IMPORT_PACKAGE, "org.cardmanage.api;version=\"[1.0,2)\"")
                .build(TinyBundles.rawBuilder());
    }
}

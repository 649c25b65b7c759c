package org.cardmanage.launcher;

import java.util.List;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * What {@code --web PORT} adds: Apache Felix HTTP (Jetty) bound to 127.0.0.1 only, the Felix Web Console with its
 * own authentication (user {@code admin}, password {@code admin} unless configured), the Smart Cards page and the
 * Felix Health Checks. The bundles travel in the jar under {@code web/} and are installed only then.
 */
final class WebSetup {
    /** Loopback only: the console can change the cards' state, so it is never reachable from another host. */
    static final String HOST = "127.0.0.1";
    static final String PAGE_PATH = "/system/console/smartcards";
    private static final String RUNTIME = "org.osgi.service.servlet.runtime.HttpServiceRuntime";

    private WebSetup() {
    }

    /** Adds the HTTP service's framework properties; a {@code -D} of the same name still wins. */
    static void configure(Map<String, Object> properties, int port) {
        properties.put("org.osgi.service.http.port", System.getProperty("org.osgi.service.http.port",
                Integer.toString(port)));
        properties.put("org.apache.felix.http.host", System.getProperty("org.apache.felix.http.host", HOST));
        properties.put("org.apache.felix.http.enable", "true");
        properties.put("org.apache.felix.https.enable", "false");
    }

    /** @return the filters and descriptions of the services to wait for before the first command */
    static List<String[]> readiness() {
        return List.of(
                new String[] {"(objectClass=" + RUNTIME + ")", "the HTTP service"},
                new String[] {"(&(osgi.http.whiteboard.servlet.pattern=/)(osgi.http.whiteboard.resource.pattern=/res/*))",
                    "the Web Console"},
                new String[] {"(felix.webconsole.label=smartcards)", "the Smart Cards page"});
    }

    /** @return the page's address as the HTTP service reports it, e.g. {@code http://127.0.0.1:8080/system/...} */
    static String pageUrl(BundleContext context, int port) {
        ServiceReference<?> runtime = context.getServiceReference(RUNTIME);
        Object endpoint = runtime == null ? null : runtime.getProperty("osgi.http.endpoint");
        String base = endpoint instanceof String[] all && all.length > 0 ? all[0]
                : endpoint instanceof List<?> list && !list.isEmpty() ? String.valueOf(list.get(0))
                : endpoint != null ? endpoint.toString() : "http://" + HOST + ":" + port + "/";
        return base.replaceAll("/+$", "") + PAGE_PATH;
    }
}

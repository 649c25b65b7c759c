package org.cardmanage.itests.remote;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * The main class of the second JVM of the remote tests: a plain Apache Felix framework with the bundles named on the
 * command line (jars, or folders of jars) and Felix FileInstall reading the configuration folder. It runs until the
 * test kills it, as a host that crashes, or until the test's JVM ends (so that no host outlives an aborted run).
 *
 * <p>Usage: {@code RemoteHost STORAGE_DIR CONF_DIR BUNDLE_OR_FOLDER...}
 */
public final class RemoteHost {

    private RemoteHost() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: RemoteHost STORAGE_DIR CONF_DIR BUNDLE_OR_FOLDER...");
            System.exit(2);
        }
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> {
            System.out.println("RemoteHost: the test JVM is gone; exiting");
            Runtime.getRuntime().halt(3);
        }));
        Map<String, String> properties = new HashMap<>();
        properties.put(Constants.FRAMEWORK_STORAGE, args[0]);
        properties.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        properties.put("felix.fileinstall.dir", args[1]);
        properties.put("felix.fileinstall.noInitialDelay", "true");
        properties.put("felix.fileinstall.poll", "200");
        properties.put("felix.fileinstall.filter", ".*\\.cfg");
        properties.put("felix.fileinstall.enableConfigSave", "false");
        properties.put("felix.fileinstall.log.level", "2");
        Framework framework = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(properties);
        framework.init();
        List<Bundle> installed = new ArrayList<>();
        for (String location : Arrays.asList(args).subList(2, args.length)) {
            for (File jar : jars(new File(location))) {
                installed.add(framework.getBundleContext().installBundle(jar.toURI().toString()));
            }
        }
        framework.start();
        for (Bundle bundle : installed) {
            if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                bundle.start();
            }
        }
        System.out.println("RemoteHost " + ProcessHandle.current().pid() + " started " + installed.size() + " bundles");
        System.out.flush();
        framework.waitForStop(0);
    }

    private static List<File> jars(File location) {
        if (!location.isDirectory()) {
            return List.of(location);
        }
        File[] jars = location.listFiles((dir, name) -> name.endsWith(".jar"));
        if (jars == null) {
            return List.of();
        }
        Arrays.sort(jars);
        return Arrays.asList(jars);
    }
}

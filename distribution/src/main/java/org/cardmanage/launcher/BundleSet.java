package org.cardmanage.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The bundles that travel inside the launcher jar, under {@code bundles/} (always installed), {@code web/} (the
 * HTTP service, the Web Console and the health checks, installed only with {@code --web}) and {@code remote/} (the
 * remote bundle, with gRPC inside it, installed only with {@code --remote}): found by listing the jar,
 * so a new driver only needs adding to the distribution's dependencies. They are installed from the jar itself;
 * nothing is unpacked or downloaded.
 */
final class BundleSet {
    /** The folder of the bundles inside the jar. */
    static final String FOLDER = "bundles/";
    /** The folder of the bundles that {@code --web} adds. */
    static final String WEB_FOLDER = "web/";
    /** The folder of the bundle that {@code --remote} adds: the remote bundle (gRPC, Netty and protobuf inside). */
    static final String REMOTE_FOLDER = "remote/";
    /** The Gogo console: started last, and only for the interactive shell. */
    static final String CONSOLE = "org.apache.felix.gogo.jline.jar";
    /** The terminal library only the console uses: not installed without it (1.5 MB less to copy at start). */
    static final String TERMINAL = "jline.jar";

    /** JNA, which driver-pcsc binds the PC/SC library through. */
    static final String JNA = "jna.jar";

    /**
     * Start order where it matters: the log first so that nothing logs before the bridge listens, ConfigAdmin before
     * the components it configures, JNA before the drivers that bind native functions through it, FileInstall once
     * the components are there, the console last. Everything else (SCR, Gogo, the cardmanage bundles) starts in
     * between, by name.
     */
    private static final Map<String, Integer> RANK = Map.of(
            "org.apache.felix.log.jar", 0,
            "org.apache.felix.configadmin.jar", 1,
            JNA, 2,
            "org.apache.felix.fileinstall.jar", 8,
            CONSOLE, 9);

    private final String folder;
    private final List<String> entries;

    private BundleSet(String folder, List<String> entries) {
        this.folder = folder;
        this.entries = entries;
    }

    /** @return the bundles under {@code bundles/} in the jar (or class folder) this class was loaded from */
    static BundleSet ofLauncher() {
        return ofLauncher(FOLDER);
    }

    /**
     * @param folder {@link #FOLDER}, {@link #WEB_FOLDER} or {@link #REMOTE_FOLDER}
     * @return the bundles in that folder of the jar (or class folder) this class was loaded from, in start order
     */
    static BundleSet ofLauncher(String folder) {
        try {
            Path home = Path.of(BundleSet.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return new BundleSet(folder,
                    sorted(Files.isDirectory(home) ? listFolder(home, folder) : listJar(home, folder)));
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the launcher jar: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the bundles in the launcher jar", e);
        }
    }

    /** @return the file names of the bundles, e.g. {@code org.apache.felix.scr.jar}, in start order */
    List<String> names() {
        return entries;
    }

    /** @return the bundle's bytes; the caller closes the stream */
    InputStream open(String name) throws IOException {
        InputStream in = BundleSet.class.getClassLoader().getResourceAsStream(folder + name);
        if (in == null) {
            throw new IOException("bundle " + name + " is missing from the launcher jar");
        }
        return in;
    }

    /** @return the location the framework records for a bundle of this set */
    String location(String name) {
        return "cardmanage:" + folder + name;
    }

    static List<String> sorted(List<String> names) {
        List<String> ordered = new ArrayList<>(names);
        ordered.sort(Comparator.<String>comparingInt(name -> RANK.getOrDefault(name, 5))
                .thenComparing(Comparator.naturalOrder()));
        return List.copyOf(ordered);
    }

    private static List<String> listJar(Path jar, String folder) throws IOException {
        List<String> names = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (JarEntry entry : java.util.Collections.list(file.entries())) {
                String name = entry.getName();
                if (name.startsWith(folder) && name.endsWith(".jar") && name.indexOf('/', folder.length()) < 0) {
                    names.add(name.substring(folder.length()));
                }
            }
        }
        return names;
    }

    private static List<String> listFolder(Path classes, String folderName) throws IOException {
        Path folder = classes.resolve(folderName);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(path -> path.getFileName().toString()).filter(name -> name.endsWith(".jar")).toList();
        }
    }
}

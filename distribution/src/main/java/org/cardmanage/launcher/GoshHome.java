package org.cardmanage.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Gogo console's home folder: {@code etc/gosh_profile} (prompt and aliases) and {@code etc/motd} (the welcome
 * text), which the console reads at login.
 */
final class GoshHome {

    private GoshHome() {
    }

    /** Writes the profile and welcome text under {@code home/etc} and returns {@code home}. */
    static Path write(Path home) throws IOException {
        Path etc = Files.createDirectories(home.resolve("etc"));
        copy("gosh_profile", etc.resolve("gosh_profile"));
        String version = GoshHome.class.getPackage().getImplementationVersion();
        String motd = read("motd").replace("@VERSION@", version == null ? "(development)" : version);
        Files.writeString(etc.resolve("motd"), motd, StandardCharsets.UTF_8);
        return home;
    }

    private static void copy(String resource, Path target) throws IOException {
        Files.writeString(target, read(resource), StandardCharsets.UTF_8);
    }

    private static String read(String resource) throws IOException {
        try (InputStream in = GoshHome.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("resource " + resource + " is missing from the launcher jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

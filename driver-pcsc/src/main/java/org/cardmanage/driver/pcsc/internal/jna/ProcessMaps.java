package org.cardmanage.driver.pcsc.internal.jna;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/** The files mapped into this process, from Linux' {@code /proc/self/maps}; nothing on other systems. */
final class ProcessMaps {
    private static final Path MAPS = Path.of("/proc/self/maps");

    private ProcessMaps() {
    }

    /**
     * @param fileNamePrefix the start of a file name, e.g. {@code libpcsclite.so}
     * @return the path of the first mapped file whose name starts so, if this system tells
     */
    static Optional<String> find(String fileNamePrefix) {
        if (!Files.isReadable(MAPS)) {
            return Optional.empty();
        }
        try (Stream<String> lines = Files.lines(MAPS)) {
            return lines.map(ProcessMaps::pathOf).filter(path -> fileName(path).startsWith(fileNamePrefix))
                    .findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** @return the path column of a maps line ({@code address perms offset dev inode path}), or empty */
    static String pathOf(String line) {
        int slash = line.indexOf('/');
        return slash < 0 ? "" : line.substring(slash).strip();
    }

    private static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}

package org.cardmanage.bench.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The floor of the pcsc group: {@code src/main/c/pcsc_floor.c}, a C client on libpcsclite with nothing in between,
 * compiled here with {@code cc} and run as a child process that keeps one connection to the card and times the calls
 * it is asked for (see the C file for its line protocol). The harness alternates its batches with the driver's and
 * the JDK's in the same run.
 *
 * <p>It runs with {@code PCSCLITE_NO_BLOCKING=1}, as the native driver makes libpcsclite run in the benchmark's JVM:
 * the same client library code path on both sides. For an uncontended transmit the setting changes nothing (it only
 * decides whether a call refused with a sharing violation is retried inside the library).
 */
final class PcscFloor implements AutoCloseable {
    static final Path LIBRARY = Path.of("/usr/lib/x86_64-linux-gnu/libpcsclite.so.1");
    private static final String SOURCE = "/c/pcsc_floor.c";

    private final Process process;
    private final BufferedReader out;
    private final Writer in;

    private PcscFloor(Process process) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    /**
     * Compiles the client into {@code bench/target/pcsc-floor/} (next to the classes it came with) unless an
     * up-to-date binary is there.
     *
     * @return the executable
     * @throws IllegalStateException with the reason if it cannot be built here (no cc, no libpcsclite)
     */
    static Path build() throws IOException, InterruptedException {
        if (!Files.isReadable(LIBRARY)) {
            throw new IllegalStateException("no " + LIBRARY + " to link the C floor against");
        }
        URL source = PcscFloor.class.getResource(SOURCE);
        if (source == null) {
            throw new IllegalStateException(SOURCE + " is not on the class path: build the bench module with Maven");
        }
        Path dir;
        Path sourceFile;
        if ("file".equals(source.getProtocol())) {
            try {
                sourceFile = Path.of(source.toURI());
            } catch (URISyntaxException e) {
                throw new IllegalStateException(source.toString(), e);
            }
            // target/classes/c/pcsc_floor.c -> target/pcsc-floor/
            dir = sourceFile.getParent().getParent().getParent().resolve("pcsc-floor");
        } else {
            dir = Files.createTempDirectory("pcsc-floor-");
            sourceFile = dir.resolve("pcsc_floor.c");
            try (InputStream stream = source.openStream()) {
                Files.copy(stream, sourceFile, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.createDirectories(dir);
        Path binary = dir.resolve("pcsc_floor");
        if (Files.isExecutable(binary)
                && Files.getLastModifiedTime(binary).compareTo(Files.getLastModifiedTime(sourceFile)) >= 0) {
            return binary;
        }
        List<String> command = List.of("cc", "-O2", "-Wall", "-o", binary.toString(), sourceFile.toString(),
                LIBRARY.toString());
        Process cc;
        try {
            cc = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run cc to build the C floor: " + e.getMessage(), e);
        }
        String output = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!cc.waitFor(60, TimeUnit.SECONDS) || cc.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output.strip());
        }
        return binary;
    }

    /** Starts the client on a reader: it connects SHARED and transmits the APDU once before it says it is ready. */
    static PcscFloor start(Path binary, String reader, byte[] apdu) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(binary.toString(), reader, HexFormat.of().formatHex(apdu))
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("PCSCLITE_NO_BLOCKING", "1");
        PcscFloor floor = new PcscFloor(builder.start());
        String ready = floor.out.readLine();
        if (ready == null || !ready.startsWith("READY")) {
            floor.process.destroy();
            throw new IllegalStateException("the C floor on '" + reader + "' did not start: " + ready);
        }
        return floor;
    }

    /** @return the time of each of n transmits, in ns */
    long[] transmits(int n) throws IOException {
        return timed('t', n);
    }

    /** @return the time of each of n SCardConnect + SCardDisconnect(LEAVE), in ns */
    long[] connects(int n) throws IOException {
        return timed('c', n);
    }

    /** @return the time of each of n SCardBeginTransaction + SCardEndTransaction(LEAVE), in ns */
    long[] transactions(int n) throws IOException {
        return timed('l', n);
    }

    private long[] timed(char command, int n) throws IOException {
        send(command + " " + n);
        String[] parts = answer(Character.toUpperCase(command)).split(" ");
        long[] nanos = new long[parts.length - 1];
        for (int i = 1; i < parts.length; i++) {
            nanos[i - 1] = Long.parseLong(parts[i]);
        }
        return nanos;
    }

    /** Starts transmitting for that long; {@link #rate()} reads the result. */
    void startWindow(long millis) throws IOException {
        send("d " + millis);
    }

    /** @return transmits per second of the window started last */
    double rate() throws IOException {
        String[] parts = answer('D').split(" ");
        return Long.parseLong(parts[1]) * 1e9 / Long.parseLong(parts[2]);
    }

    private void send(String line) throws IOException {
        in.write(line + "\n");
        in.flush();
    }

    private String answer(char tag) throws IOException {
        String line = out.readLine();
        if (line == null || line.isEmpty() || line.charAt(0) != tag) {
            throw new IllegalStateException("the C floor answered " + line);
        }
        return line;
    }

    @Override
    public void close() throws InterruptedException {
        try {
            send("q");
        } catch (IOException e) {
            // it has ended already
        }
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroy();
        }
    }
}

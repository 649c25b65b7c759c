package org.cardmanage.itests.pcsc;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.Assume;

/**
 * The real PC/SC stack the PC/SC tests run against (see {@code shared/design/PCSC-TESTBED.md} and
 * {@code .ci/pcsc-testbed.sh}): pcscd with vsmartcard's two vpcd readers. The tests are skipped, loudly, where pcscd
 * is not running on a developer's machine, and fail where {@code CI=true}: there the test bed is required.
 *
 * <p>Also runs the helper processes the scenarios need: the test-bed script (to kill and restart pcscd) and Debian's
 * Python card {@code vicc} ("another process" on the PC/SC side is {@link PcscPeer}). Each process is stopped through
 * its own handle, never by name.
 */
public final class PcscTestBed {
    /** The first vpcd reader; a card for it connects to {@link #PORT_0}. */
    public static final String READER_0 = "Virtual PCD 00 00";
    /** The second vpcd reader; a card for it connects to {@link #PORT_1}. */
    public static final String READER_1 = "Virtual PCD 00 01";
    public static final int PORT_0 = 35963;
    public static final int PORT_1 = 35964;
    /** The ATR of Debian's Python card ({@code vicc -t iso7816}). */
    public static final String VICC_ATR = "3B951381018073FF01000B";

    private static final Path SOCKET = Paths.get("/run/pcscd/pcscd.comm");

    private PcscTestBed() {
    }

    /** @return whether this run must have the test bed ({@code CI=true}) */
    public static boolean required() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /**
     * Skips the test (or, in CI, fails it) unless pcscd runs with the vpcd readers.
     *
     * @param readersListed whether the driver lists the vpcd readers by now
     */
    public static void assumeRunning(boolean readersListed) {
        if (Files.exists(SOCKET) && readersListed) {
            return;
        }
        String why = !Files.exists(SOCKET) ? "pcscd is not running (no " + SOCKET + ")"
                : "pcscd runs, but the driver lists no '" + READER_0 + "' (is vsmartcard-vpcd installed?)";
        String message = "PC/SC TESTS NEED pcscd WITH vpcd: " + why + ". Start it with '.ci/pcsc-testbed.sh up' "
                + "(as root).";
        if (required()) {
            throw new AssertionError(message + " CI=true: the PC/SC tests are required here.");
        }
        System.err.println("\n!!!!!!!! SKIPPED: " + message + " !!!!!!!!\n");
        Assume.assumeTrue(message, false);
    }

    // ---- pcscd ----------------------------------------------------------------------------------------------------

    /** @return the test-bed script: {@code pcsc.testbed} if set, else {@code .ci/pcsc-testbed.sh} above the cwd */
    public static File script() {
        String configured = System.getProperty("pcsc.testbed");
        if (configured != null) {
            return new File(configured);
        }
        for (File dir = new File("").getAbsoluteFile(); dir != null; dir = dir.getParentFile()) {
            File candidate = new File(dir, ".ci/pcsc-testbed.sh");
            if (candidate.isFile()) {
                return candidate;
            }
        }
        throw new AssertionError("no .ci/pcsc-testbed.sh above " + new File("").getAbsolutePath()
                + "; set -Dpcsc.testbed");
    }

    /** Runs the test-bed script ({@code kill}, {@code start}, {@code restart}) and waits for it, at most 60 s. */
    public static void testBed(String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("bash", script().getAbsolutePath(), command)
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("pcsc-testbed.sh " + command + " did not end in 60 s: " + output);
        }
        if (process.exitValue() != 0) {
            throw new AssertionError("pcsc-testbed.sh " + command + " failed (" + process.exitValue() + "): "
                    + output);
        }
    }

    // ---- helper processes -----------------------------------------------------------------------------------------

    /** A process the test started and stops, by its own handle. */
    public static final class Helper implements AutoCloseable {
        private final Process process;
        private final String name;

        Helper(String name, Process process) {
            this.name = name;
            this.process = process;
        }

        /** Closes its standard input. */
        public void release() throws IOException {
            process.getOutputStream().close();
        }

        /** @return whether it ended within the timeout */
        public boolean awaitExit(Duration timeout) throws InterruptedException {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() {
            if (process.isAlive()) {
                process.destroy();
                try {
                    if (!process.waitFor(5, TimeUnit.SECONDS)) {
                        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                    }
                } catch (InterruptedException e) {
                    process.destroyForcibly();
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public String toString() {
            return name + " (PID " + process.pid() + ")";
        }
    }

    /**
     * Starts Debian's Python card ({@code vicc -t iso7816}) for a vpcd port, working around its packaging (its module
     * lies outside {@code sys.path}, and it imports {@code Crypto} where Debian ships {@code Cryptodome}).
     */
    public static Helper vicc(int port) throws IOException {
        Path shim = Files.createTempDirectory("vicc-shim");
        Files.createSymbolicLink(shim.resolve("Crypto"), Paths.get("/usr/lib/python3/dist-packages/Cryptodome"));
        ProcessBuilder builder = new ProcessBuilder("/usr/bin/python3", "/usr/bin/vicc", "-t", "iso7816", "-H",
                "127.0.0.1", "-P", Integer.toString(port));
        builder.environment().put("PYTHONPATH", "/usr/lib/python3/site-packages/virtualsmartcard:" + shim);
        builder.redirectErrorStream(true).redirectOutput(new File("target/vicc-" + port + ".log"));
        return new Helper("vicc", builder.start());
    }
}

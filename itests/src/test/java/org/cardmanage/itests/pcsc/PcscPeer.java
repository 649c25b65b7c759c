package org.cardmanage.itests.pcsc;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * "Another process" on the PC/SC stack that nobody in cardmanage wrote: {@code src/test/c/pcsc_peer.c}, an ordinary
 * libpcsclite client in C, driven one command per line (see the C file for the commands). It runs without
 * {@code PCSCLITE_NO_BLOCKING}, so it waits behind a transaction as every ordinary client does.
 *
 * <p>The peer is compiled on first use with the system's {@code cc} against {@code libpcsclite.so.1} (no -dev
 * package needed). Every command must be answered within {@link #ANSWER_TIMEOUT}, else the test fails and the process
 * is killed. The process also ends when its input closes ({@link #close()}, or the test JVM dying).
 */
public final class PcscPeer implements AutoCloseable {
    /** The longest a command may take to be answered before the test fails. */
    public static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);
    /** The PC/SC library the peer links against. */
    public static final String LIBPCSCLITE = "/usr/lib/x86_64-linux-gnu/libpcsclite.so.1";
    /** SCARD_E_SHARING_VIOLATION as the peer prints it. */
    public static final long SHARING_VIOLATION = 0x8010000BL;
    private static final String END_OF_OUTPUT = "\u0000EOF";

    private final Process process;
    private final OutputStream input;
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    private final Thread reader;

    private PcscPeer(Process process) {
        this.process = process;
        this.input = process.getOutputStream();
        BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        this.reader = new Thread(() -> {
            try {
                String line;
                while ((line = output.readLine()) != null) {
                    answers.add(line);
                }
            } catch (IOException closed) {
                // the process went: END_OF_OUTPUT says so
            }
            answers.add(END_OF_OUTPUT);
        }, "itest-pcsc-peer-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts a peer (compiling it first if its binary is missing or older than its source). */
    public static PcscPeer start() throws IOException, InterruptedException {
        File binary = binary();
        ProcessBuilder builder = new ProcessBuilder(binary.getAbsolutePath());
        // An ordinary client: the driver in this JVM may have set it for itself; it must not reach the peer.
        builder.environment().remove("PCSCLITE_NO_BLOCKING");
        builder.redirectError(ProcessBuilder.Redirect.appendTo(new File(binary.getParentFile(), "pcsc_peer.log")));
        PcscPeer peer = new PcscPeer(builder.start());
        peer.ok("ping");
        return peer;
    }

    /** Starts a peer connected to the reader in the given mode ({@code shared}, {@code exclusive}, {@code direct}). */
    public static PcscPeer connected(String readerName, String mode) throws IOException, InterruptedException {
        PcscPeer peer = start();
        try {
            peer.ok("connect " + readerName + " " + mode);
        } catch (AssertionError | RuntimeException e) {
            peer.close();
            throw e;
        }
        return peer;
    }

    /** Sends a command and returns the answer line, failing the test unless it comes within {@link #ANSWER_TIMEOUT}. */
    public String call(String command) throws IOException {
        return send(command).answer(ANSWER_TIMEOUT);
    }

    /** Sends a command that must succeed; returns what follows {@code OK} (may be empty). */
    public String ok(String command) throws IOException {
        String answer = call(command);
        if (!answer.equals("OK") && !answer.startsWith("OK ")) {
            throw new AssertionError("the PC/SC peer answered '" + command + "' with: " + answer);
        }
        return answer.length() > 2 ? answer.substring(3) : "";
    }

    /** Sends a command that must fail with a PC/SC code; returns the code. */
    public long error(String command) throws IOException {
        String answer = call(command);
        if (!answer.startsWith("ERR 0x")) {
            throw new AssertionError("the PC/SC peer was expected to fail '" + command + "' with a PC/SC code, but "
                    + "answered: " + answer);
        }
        return Long.parseLong(answer.substring(6), 16);
    }

    /** @return the status word of a command APDU sent by the peer (e.g. {@code 00200081} gives {@code 63C3}) */
    public int transmitSw(String hex) throws IOException {
        String response = ok("transmit " + hex);
        return Integer.parseInt(response.substring(response.length() - 4), 16);
    }

    /**
     * Sends a command without waiting for its answer (for a command the test expects to block). Its answer must be
     * taken with {@link Pending#answer} before the next command is sent.
     */
    public Pending send(String command) throws IOException {
        if (!process.isAlive() && answers.isEmpty()) {
            throw new AssertionError("the PC/SC peer " + this + " is no longer running (exit "
                    + process.exitValue() + "); see target/pcsc_peer.log");
        }
        input.write((command + "\n").getBytes(StandardCharsets.UTF_8));
        input.flush();
        return new Pending(command);
    }

    /** A command sent, its answer not yet taken. */
    public final class Pending {
        private final String command;

        private Pending(String command) {
            this.command = command;
        }

        /** @return the answer line; fails the test (and kills the peer) if none comes within the timeout */
        public String answer(Duration timeout) {
            String answer;
            try {
                answer = answers.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new AssertionError("interrupted waiting for the PC/SC peer's answer to '" + command + "'", e);
            }
            if (answer == null) {
                close();
                throw new AssertionError("the PC/SC peer did not answer '" + command + "' within "
                        + timeout.toMillis() + " ms; it was killed");
            }
            if (answer.equals(END_OF_OUTPUT)) {
                answers.add(END_OF_OUTPUT);
                throw new AssertionError("the PC/SC peer ended without answering '" + command + "'; see "
                        + "target/pcsc_peer.log");
            }
            return answer;
        }

        /** @return whether the answer has come (without taking it) */
        public boolean answered() {
            return !answers.isEmpty();
        }
    }

    /** Closes the peer's input (it lets go of its card and context, and exits), killing it if it does not end. */
    @Override
    public void close() {
        try {
            input.close();
        } catch (IOException alreadyClosed) {
            // it has gone
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "pcsc_peer (PID " + process.pid() + ")";
    }

    // ---- building -------------------------------------------------------------------------------------------------

    /** @return the peer's binary in {@code target/}, compiled if missing or older than the source */
    static synchronized File binary() throws IOException, InterruptedException {
        File source = source();
        File binary = new File(targetDirectory(), "pcsc_peer");
        if (binary.canExecute() && binary.lastModified() >= source.lastModified()) {
            return binary;
        }
        if (!new File(LIBPCSCLITE).isFile()) {
            throw new AssertionError("the PC/SC peer links against " + LIBPCSCLITE + ", which is missing (Debian "
                    + "package libpcsclite1)");
        }
        List<String> command = List.of("cc", "-O2", "-o", binary.getAbsolutePath(), source.getAbsolutePath(),
                LIBPCSCLITE);
        Process compiler;
        try {
            compiler = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("THE PC/SC PEER NEEDS A C COMPILER: 'cc' could not be run (" + e.getMessage()
                    + "). Install gcc and libc6-dev (Debian: apt-get install --no-install-recommends gcc libc6-dev); "
                    + "the PC/SC tests compile " + source + " with it.", e);
        }
        String output = new String(compiler.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!compiler.waitFor(60, TimeUnit.SECONDS)) {
            compiler.destroyForcibly();
            throw new AssertionError("compiling the PC/SC peer did not end in 60 s: " + String.join(" ", command));
        }
        if (compiler.exitValue() != 0) {
            throw new AssertionError("compiling the PC/SC peer failed (" + compiler.exitValue() + "): "
                    + String.join(" ", command) + "\n" + output + "\n(is libc6-dev installed? "
                    + "apt-get install --no-install-recommends gcc libc6-dev)");
        }
        return binary;
    }

    /** The itests module's {@code target/}, found from the test classes (failsafe gives their path). */
    private static File targetDirectory() {
        String classes = System.getProperty("itests.test.classes");
        File target = classes != null ? new File(classes).getAbsoluteFile().getParentFile() : new File("target");
        if (!target.isDirectory() && !target.mkdirs()) {
            throw new AssertionError("cannot create " + target);
        }
        return target;
    }

    private static File source() {
        File file = new File(targetDirectory().getParentFile(), "src/test/c/pcsc_peer.c");
        if (!file.isFile()) {
            throw new AssertionError("the PC/SC peer's source is not at " + file);
        }
        return file;
    }
}

package org.cardmanage.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The real {@code cardmanage.jar} run as a process, as a user runs it. Its output is collected line by line, so a test
 * can wait for a line (with a bound) rather than sleep.
 */
final class LauncherProcess implements AutoCloseable {
    /** The most any step may take; generous, since a loaded CI machine is slow. Never reached when all is well. */
    static final Duration LIMIT = Duration.ofSeconds(60);

    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> pending = new LinkedBlockingQueue<>();
    private final StringBuffer stdout = new StringBuffer();
    private final StringBuffer stderr = new StringBuffer();
    private final Thread outReader;
    private final Thread errReader;

    private LauncherProcess(Process process) {
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.outReader = pump(process.getInputStream(), stdout, pending);
        this.errReader = pump(process.getErrorStream(), stderr, null);
    }

    /** Starts {@code java -jar cardmanage.jar ARGS} in the folder. */
    static LauncherProcess start(Path folder, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar().toString()));
        command.addAll(List.of(args));
        return new LauncherProcess(new ProcessBuilder(command).directory(folder.toFile()).start());
    }

    /** Runs {@code java -jar cardmanage.jar ARGS} to its end, with no input. */
    static LauncherProcess run(Path folder, String... args) throws IOException, InterruptedException {
        LauncherProcess launcher = start(folder, args);
        launcher.closeInput();
        launcher.awaitExit();
        return launcher;
    }

    static Path jar() {
        String jar = System.getProperty("cardmanage.jar");
        if (jar == null) {
            throw new IllegalStateException("system property cardmanage.jar is not set: run through Maven (failsafe)");
        }
        return Path.of(jar);
    }

    /** Sends one command line to the launcher's standard input. */
    void send(String line) throws IOException {
        stdin.write(line + "\n");
        stdin.flush();
    }

    void closeInput() throws IOException {
        stdin.close();
    }

    /** @return the first line of standard output from now on that matches, waiting at most {@link #LIMIT} */
    String awaitLine(Predicate<String> wanted, String description) throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (true) {
            String line = pending.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError("no line " + description + " within " + LIMIT + "; stdout:\n" + stdout
                        + "\nstderr:\n" + stderr);
            }
            if (wanted.test(line)) {
                return line;
            }
        }
    }

    /** Waits until standard error contains the text, at most {@link #LIMIT}; returns all of standard error. */
    String awaitStderr(String text) throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        synchronized (stderr) {
            while (stderr.indexOf(text) < 0) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw new AssertionError("standard error did not show '" + text + "' within " + LIMIT
                            + "; stderr:\n" + stderr + "\nstdout:\n" + stdout);
                }
                TimeUnit.NANOSECONDS.timedWait(stderr, remaining);
            }
            return stderr.toString();
        }
    }

    /** Waits for the process to end (at most {@link #LIMIT}) and for its output to be read; returns its status. */
    int awaitExit() throws InterruptedException {
        if (!process.waitFor(LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
            close();
            throw new AssertionError("the launcher did not end within " + LIMIT + "; stdout:\n" + stdout
                    + "\nstderr:\n" + stderr);
        }
        outReader.join(LIMIT.toMillis());
        errReader.join(LIMIT.toMillis());
        return process.exitValue();
    }

    int status() {
        return process.exitValue();
    }

    String stdout() {
        return stdout.toString();
    }

    String stderr() {
        return stderr.toString();
    }

    /** Ends the launcher if it still runs: politely first, so its shutdown hook deletes its temporary storage. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static Thread pump(InputStream stream, StringBuffer all, BlockingQueue<String> lines) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    synchronized (all) {
                        all.append(line).append('\n');
                        all.notifyAll(); // for awaitStderr
                    }
                    if (lines != null) {
                        lines.add(line);
                    }
                }
            } catch (IOException e) {
                all.append("[reading the launcher's output failed: ").append(e).append("]\n");
            }
        }, "launcher-output");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}

package org.cardmanage.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A script run as a process that talks in lines: the test reads what it prints (waiting with a bound, never sleeping)
 * and answers on its standard input. Its standard error is merged into its output.
 */
final class ScriptProcess implements AutoCloseable {
    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuffer output = new StringBuffer();

    private ScriptProcess(Process process) {
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    output.append(line).append('\n');
                    lines.add(line);
                }
            } catch (IOException e) {
                output.append("[reading the script's output failed: ").append(e).append("]\n");
            }
        }, "script-output");
        reader.setDaemon(true);
        reader.start();
    }

    static ScriptProcess start(java.nio.file.Path folder, List<String> command) throws IOException {
        return new ScriptProcess(new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true)
                .start());
    }

    /**
     * @return the next line that starts with the prefix, waiting at most the limit
     * @throws AssertionError on a {@code FAIL} line, at the end of the output, or after the limit
     */
    String await(String prefix, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError("the script printed no '" + prefix + "' within " + limit + "; it printed:\n"
                        + output);
            }
            if (line.startsWith("FAIL")) {
                throw new AssertionError("the script failed: " + line + "\nit printed:\n" + output);
            }
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    void send(String line) throws IOException {
        stdin.write(line + "\n");
        stdin.flush();
    }

    /** @return its exit status, waiting at most the limit */
    int awaitExit(Duration limit) throws InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the script did not end within " + limit + "; it printed:\n" + output);
        }
        return process.exitValue();
    }

    String output() {
        return output.toString();
    }

    /** Ends the script if it still runs (its Chromium goes with it: playwright closes the browser on exit). */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}

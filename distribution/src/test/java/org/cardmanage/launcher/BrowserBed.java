package org.cardmanage.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * What the browser test needs: Debian's Chromium, Node.js and {@code playwright-core} (installed with {@code npm ci}
 * from the lock file in {@code src/test/browser}, into {@code target/browser}; no browser is ever downloaded). Where
 * one is missing the test is skipped, loudly, or, with {@code CI=true}, fails: there {@code .ci/run} installs
 * Chromium.
 */
final class BrowserBed {
    /** The script and its package files, copied to the work folder. */
    private static final List<String> FILES = List.of("package.json", "package-lock.json", "smartcards.mjs");
    private static final long NPM_LIMIT_SECONDS = 300;

    private BrowserBed() {
    }

    /** @return the Chromium binary: {@code -Dchromium.path}, else {@code /usr/bin/chromium} */
    static Path chromium() {
        Path chromium = Path.of(System.getProperty("chromium.path", "/usr/bin/chromium"));
        if (!Files.isExecutable(chromium)) {
            unavailable("no Chromium at " + chromium + " (Debian: apt-get install chromium; or set -Dchromium.path)");
        }
        return chromium;
    }

    /** @return {@code node}, checked to run */
    static String node() {
        String node = System.getProperty("node.path", "node");
        try {
            Process version = new ProcessBuilder(node, "--version").redirectErrorStream(true).start();
            version.getInputStream().readAllBytes();
            if (version.waitFor(30, TimeUnit.SECONDS) && version.exitValue() == 0) {
                return node;
            }
        } catch (IOException e) {
            // reported below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        unavailable("no Node.js ('" + node + " --version' failed)");
        return node;
    }

    /**
     * Copies the script into the work folder and installs playwright-core there with {@code npm ci}, unless the same
     * lock file was installed before.
     *
     * @return the work folder, holding {@code smartcards.mjs} and {@code node_modules}
     */
    static Path prepare() throws IOException, InterruptedException {
        Path source = Path.of(property("cardmanage.browser.src"));
        Path work = Files.createDirectories(Path.of(property("cardmanage.browser.work")));
        for (String file : FILES) {
            Files.copy(source.resolve(file), work.resolve(file), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Path installedLock = work.resolve("node_modules/.package-lock.json");
        Path marker = work.resolve("node_modules/.cardmanage-lock");
        String lock = Files.readString(work.resolve("package-lock.json"), StandardCharsets.UTF_8);
        if (Files.exists(installedLock) && Files.exists(marker)
                && Files.readString(marker, StandardCharsets.UTF_8).equals(lock)) {
            return work;
        }
        ProcessBuilder npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts")
                .directory(work.toFile()).redirectErrorStream(true);
        // playwright-core downloads nothing itself; this keeps any install hook from trying.
        npm.environment().put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        Process process;
        try {
            process = npm.start();
        } catch (IOException e) {
            unavailable("npm is missing: " + e.getMessage());
            throw e;
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(NPM_LIMIT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            unavailable("npm ci did not finish within " + NPM_LIMIT_SECONDS + " s: " + output);
        }
        if (process.exitValue() != 0) {
            unavailable("npm ci failed (" + process.exitValue() + "): " + output);
        }
        Files.writeString(marker, lock, StandardCharsets.UTF_8);
        return work;
    }

    /** @return whether this run must have the browser ({@code CI=true}) */
    static boolean required() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Skips the test, loudly, or fails it where the browser test is required. */
    static void unavailable(String why) {
        String message = "THE BROWSER TEST NEEDS CHROMIUM, NODE.JS AND NPM: " + why;
        if (required()) {
            throw new AssertionError(message + ". CI=true: the browser test is required here (.ci/run installs "
                    + "Chromium).");
        }
        System.err.println("\n!!!!!!!! SKIPPED: " + message + " !!!!!!!!\n");
        Assumptions.abort(message);
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException("system property " + name + " is not set: run through Maven (failsafe)");
        }
        return value;
    }
}

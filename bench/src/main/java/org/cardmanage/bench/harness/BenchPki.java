package org.cardmanage.bench.harness;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away PKI for the remote group, made by the project's own {@code make-test-pki.sh} (copied onto the bench
 * class path at build time): a CA, the farm's certificate for {@code localhost}, and the client {@code bench}.
 */
final class BenchPki {
    static final String CLIENT = "bench";

    private final Path dir;

    private BenchPki(Path dir) {
        this.dir = dir;
    }

    static BenchPki make() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("cardmanage-bench-pki-");
        Path script = dir.resolve("make-test-pki.sh");
        try (InputStream in = BenchPki.class.getResourceAsStream("/scripts/make-test-pki.sh")) {
            if (in == null) {
                throw new IllegalStateException("make-test-pki.sh is not on the bench class path: build the bench");
            }
            Files.copy(in, script);
        }
        Process process = new ProcessBuilder("bash", script.toString(), dir.resolve("pki").toString(), "--client",
                CLIENT).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("make-test-pki.sh failed: " + output);
        }
        return new BenchPki(dir.resolve("pki"));
    }

    Path ca() {
        return dir.resolve("ca.pem");
    }

    Path farmCertificate() {
        return dir.resolve("farm.pem");
    }

    Path farmKey() {
        return dir.resolve("farm.key");
    }

    Path clientCertificate() {
        return dir.resolve("client-" + CLIENT + ".pem");
    }

    Path clientKey() {
        return dir.resolve("client-" + CLIENT + ".key");
    }
}

package org.cardmanage.remote.internal.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A test PKI made by {@code src/main/scripts/make-test-pki.sh} (surefire runs in the module directory), and openssl
 * for the odd file the script does not make.
 */
public final class TestPki {
    static final Path SCRIPT = Path.of("src/main/scripts/make-test-pki.sh");

    private final Path dir;

    private TestPki(Path dir) {
        this.dir = dir;
    }

    /** Runs the script into {@code dir}: a new CA, or the one already there, and the certificates the options ask. */
    public static TestPki make(Path dir, String... options) {
        script(dir, options);
        return new TestPki(dir);
    }

    /** Runs the script with these arguments after {@code dir} and gives its output. */
    static String script(Path dir, String... arguments) {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString(), dir.toString()));
        command.addAll(List.of(arguments));
        return run(command, null);
    }

    /** Runs the script again into the same directory: more certificates from the same CA. */
    public TestPki issue(String... options) {
        return make(dir, options);
    }

    public Path dir() {
        return dir;
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    public Path ca() {
        return file("ca.pem");
    }

    public Path farmCertificate() {
        return file("farm.pem");
    }

    public Path farmKey() {
        return file("farm.key");
    }

    public Path clientCertificate(String name) {
        return file("client-" + name + ".pem");
    }

    public Path clientKey(String name) {
        return file("client-" + name + ".key");
    }

    /**
     * Puts a copy of {@code source} at {@code target} the way deployment tools renew files: written beside it, then
     * renamed over it, so a reader sees the old file or the new one, never half of one.
     */
    static void install(Path source, Path target) {
        Path temporary = target.resolveSibling(target.getFileName() + ".new");
        try {
            Files.copy(source, temporary, StandardCopyOption.REPLACE_EXISTING);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new AssertionError("cannot install " + source + " as " + target, e);
        }
    }

    /** Runs openssl in the PKI's directory. */
    String openssl(String... arguments) {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(arguments));
        return run(command, dir);
    }

    /** Runs a command to its end and gives its output (stdout and stderr); fails the test if it fails. */
    static String run(List<String> command, Path directory) {
        Outcome outcome = execute(command, directory);
        if (outcome.exitCode() != 0) {
            throw new AssertionError(command + " failed with " + outcome.exitCode() + ":\n" + outcome.output());
        }
        return outcome.output();
    }

    /**
     * How a command ended.
     *
     * @param exitCode its exit code
     * @param output what it wrote to stdout and stderr
     */
    record Outcome(int exitCode, String output) {
    }

    /** Runs a command to its end, whatever its exit code. */
    static Outcome execute(List<String> command, Path directory) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            if (directory != null) {
                builder.directory(directory.toFile());
            }
            Process process = builder.start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command + " did not end");
            }
            return new Outcome(process.exitValue(), output);
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + command, e);
        }
    }
}

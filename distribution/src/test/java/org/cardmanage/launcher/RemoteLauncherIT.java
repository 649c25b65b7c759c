package org.cardmanage.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution with {@code --remote}, as an operator sets remote readers up: the remote bundle alone is added and
 * nothing listens without configuration; the shipped templates ({@code conf/examples/}), enabled with certificates from
 * the shipped {@code bin/make-test-pki.sh}, make a farm serve on 127.0.0.1 with TLS and a client use its reader; the
 * templates show exactly the properties the remote bundle describes, and hold no key.
 */
class RemoteLauncherIT {
    private static final Duration SCRIPT_LIMIT = Duration.ofSeconds(60);
    /** Where the shipped templates expect the PEM files, and the farm's port they name. */
    private static final String TEMPLATE_PKI = "/etc/cardmanage/pki/";
    private static final String TEMPLATE_PORT = "8201";
    private static final String EXAMPLES = "conf/examples/";
    private static final String FARM_TEMPLATE = "org.cardmanage.remote.farm.cfg.example";
    private static final String CLIENT_TEMPLATE = "org.cardmanage.remote.client-farm1.cfg.example";

    @TempDir
    Path folder;
    private Path conf;
    private Path logs;

    @BeforeEach
    void setUp() throws IOException {
        conf = Files.createDirectories(folder.resolve("conf"));
        logs = folder.resolve("logs");
    }

    @Test
    void remoteAddsOnlyTheRemoteBundleAndNothingListensWithoutAFarmConfiguration() throws Exception {
        LauncherProcess run = LauncherProcess.run(folder, "--remote", "--conf", conf.toString(), "--logs",
                logs.toString(), "-c", "lb -s");

        assertThat(run.status()).as(run.stderr()).isZero();
        assertThat(run.stderr()).isEmpty();
        assertThat(run.stdout()).containsPattern("(?m)\\|Active +\\|.*\\|org\\.cardmanage\\.remote ")
                .doesNotContainIgnoringCase("aries").doesNotContain("slf4j").doesNotContain("eventadmin");
        assertThat(Files.readString(logs.resolve(LogSetup.FILE_NAME), StandardCharsets.UTF_8))
                .doesNotContain("serves its readers");
    }

    @Test
    void theShippedFarmTemplateWithTheShippedTestCertificatesServesOnLoopbackWithTls() throws Exception {
        Path pki = makeTestPki("--client", "app-1");
        int port = freePort();
        String template = Files.readString(shipped(EXAMPLES + FARM_TEMPLATE), StandardCharsets.UTF_8);
        assertThat(template).contains("\nbind.address = 127.0.0.1\n").contains("\nclients = cn=app-1 | "
                + "readers=Sim Reader * | sessions=4 | exclusive.ms=60000 | verify.per.minute=10\n");
        configureFromTemplate(FARM_TEMPLATE, pki, port);

        try (LauncherProcess running = LauncherProcess.start(folder, "--remote", "--verbose", "--conf",
                conf.toString(), "--logs", logs.toString())) {
            String log = running.awaitStderr("serves its readers on 127.0.0.1:" + port);

            assertThat(log).contains("farm 'farm1' serves its readers on 127.0.0.1:" + port
                    + " (TLS 1.3, client certificates)").contains("1 client rules");
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
                assertThat(socket.isConnected()).isTrue();
            }
            running.closeInput();
            assertThat(running.awaitExit()).as(running.stderr()).isZero();
        }
    }

    @Test
    void theShippedClientTemplateUsesTheShippedFarmTemplatesReaderOverTls() throws Exception {
        Path pki = makeTestPki("--client", "app-1");
        int port = freePort();
        configureFromTemplate(FARM_TEMPLATE, pki, port);
        configureFromTemplate(CLIENT_TEMPLATE, pki, port);

        try (LauncherProcess running = LauncherProcess.start(folder, "--remote", "--conf", conf.toString(),
                "--logs", logs.toString())) {
            // The farm's readers appear once the client has reached the farm: wait for one with a card.
            running.send("card:locate \"farm1/Sim Reader 0\" 30");
            String found = running.awaitLine(line -> line.startsWith("farm1/Sim Reader 0"),
                    "locating farm1/Sim Reader 0");
            running.send("id = card:attach \"farm1/Sim Reader 0\"");
            running.send("card:send $id 00 A4 00 0C 02 3F 00");
            String selected = running.awaitLine(line -> line.endsWith("OK") || line.contains("error"),
                    "the answer to SELECT MF through the farm");
            running.send("card:detach $id reset");
            running.closeInput();

            assertThat(found).startsWith("farm1/Sim Reader 0  3B ");
            assertThat(selected).isEqualTo("90 00 OK");
            assertThat(running.awaitExit()).as(running.stderr()).isZero();
        }
    }

    @Test
    void theShippedTemplatesHoldNoKeyAndAreNotReadAsConfiguration() throws Exception {
        Path examples = shipped(EXAMPLES);
        List<Path> files;
        try (var list = Files.list(examples)) {
            files = list.sorted().toList();
        }

        assertThat(files).extracting(path -> path.getFileName().toString()).containsExactly(CLIENT_TEMPLATE,
                FARM_TEMPLATE);
        for (Path file : files) {
            assertThat(Files.readString(file, StandardCharsets.UTF_8)).doesNotContain("PRIVATE KEY")
                    .doesNotContainIgnoringCase("password =").doesNotContainIgnoringCase("password=");
        }
    }

    @Test
    void theShippedTemplatesShowEveryPropertyTheRemoteBundleDescribesAndNoOther() throws Exception {
        Map<String, Set<String>> described = metatypeProperties("org.cardmanage.remote.farm",
                "org.cardmanage.remote.client");

        assertThat(templateKeys(FARM_TEMPLATE))
                .containsExactlyInAnyOrderElementsOf(described.get("org.cardmanage.remote.farm"));
        assertThat(templateKeys(CLIENT_TEMPLATE))
                .containsExactlyInAnyOrderElementsOf(described.get("org.cardmanage.remote.client"));
    }

    /** @return the keys a template sets or shows commented out ({@code key = value} or {@code #key = value}) */
    private static Set<String> templateKeys(String name) throws IOException {
        Set<String> keys = new TreeSet<>();
        Matcher line = Pattern.compile("(?m)^#?([a-z][a-z0-9.]*) = ").matcher(
                Files.readString(shipped(EXAMPLES + name), StandardCharsets.UTF_8));
        while (line.find()) {
            keys.add(line.group(1));
        }
        return keys;
    }

    /**
     * @return per PID, the property ids of its metatype description in the remote bundle the jar carries
     *     ({@code remote/remote.jar}, {@code OSGI-INF/metatype/PID.xml})
     */
    private static Map<String, Set<String>> metatypeProperties(String... pids) throws IOException {
        Map<String, Set<String>> properties = new HashMap<>();
        try (JarFile launcher = new JarFile(LauncherProcess.jar().toFile());
                JarInputStream remote = new JarInputStream(launcher.getInputStream(
                        launcher.getJarEntry(BundleSet.REMOTE_FOLDER + "remote.jar")))) {
            for (JarEntry entry = remote.getNextJarEntry(); entry != null; entry = remote.getNextJarEntry()) {
                for (String pid : pids) {
                    if (entry.getName().equals("OSGI-INF/metatype/" + pid + ".xml")) {
                        Set<String> ids = new TreeSet<>();
                        Matcher ad = Pattern.compile("<AD id=\"([^\"]+)\"").matcher(
                                new String(remote.readAllBytes(), StandardCharsets.UTF_8));
                        while (ad.find()) {
                            ids.add(ad.group(1));
                        }
                        properties.put(pid, ids);
                    }
                }
            }
        }
        assertThat(properties).as("metatype descriptions in remote/remote.jar").containsOnlyKeys(pids);
        return properties;
    }

    /**
     * Enables a shipped template as an operator does: copied into {@code conf/} without its {@code .example}, the
     * PEM paths pointing into the PKI folder, the farm's port a free one.
     */
    private void configureFromTemplate(String template, Path pki, int port) throws IOException {
        String text = Files.readString(shipped(EXAMPLES + template), StandardCharsets.UTF_8);
        assertThat(text).contains(TEMPLATE_PKI).containsPattern("(?m)^(port = |address = 127\\.0\\.0\\.1:)"
                + TEMPLATE_PORT + "$");
        Files.writeString(conf.resolve(template.substring(0, template.length() - ".example".length())),
                text.replace(TEMPLATE_PKI, pki.toAbsolutePath() + "/")
                        .replaceAll("(?m)^(port = |address = 127\\.0\\.0\\.1:)" + TEMPLATE_PORT + "$", "$1" + port),
                StandardCharsets.UTF_8);
    }

    /** Runs the shipped {@code bin/make-test-pki.sh} into a fresh folder; returns the folder. */
    private Path makeTestPki(String... options) throws IOException, InterruptedException {
        Path script = shipped("bin/make-test-pki.sh");
        assertThat(script).as("the shipped test-PKI script").isExecutable();
        Path pki = folder.resolve("pki");
        List<String> command = new ArrayList<>(List.of(script.toString(), pki.toString()));
        command.addAll(List.of(options));
        try (ScriptProcess make = ScriptProcess.start(folder, command)) {
            int status = make.awaitExit(SCRIPT_LIMIT);
            if (status != 0 && make.output().contains("openssl not found")) {
                unavailable("make-test-pki.sh needs openssl: " + make.output());
            }
            assertThat(status).as(make.output()).isZero();
        }
        assertThat(pki.resolve("farm.key")).isRegularFile();
        return pki;
    }

    /** @return a file of the assembled distribution, beside the jar */
    private static Path shipped(String relative) {
        return LauncherProcess.jar().resolveSibling(relative);
    }

    /** Skips the test, loudly, or fails it with {@code CI=true}. */
    private static void unavailable(String why) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(why + ". CI=true: the remote launcher test is required here.");
        }
        System.err.println("\n!!!!!!!! SKIPPED: " + why + " !!!!!!!!\n");
        Assumptions.abort(why);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}

package org.cardmanage.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drives the real {@code cardmanage.jar} as a process: the commands, scripts, exit codes and configuration folder. */
class LauncherIT {
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
    void readersCommandListsTheSimulatedReader() throws Exception {
        LauncherProcess run = LauncherProcess.run(folder, "--conf", conf.toString(), "--logs", logs.toString(),
                "-c", "card:readers");

        assertThat(run.status()).as(run.stderr()).isZero();
        assertThat(run.stdout()).containsPattern("(?m)^Sim Reader 0 +sim +yes +3B ");
        assertThat(run.stderr()).isEmpty();
    }

    @Test
    void theShippedExamplesAddTwoReadersBeforeTheFirstCommand() throws Exception {
        Path shipped = LauncherProcess.jar().resolveSibling("conf");

        LauncherProcess run = LauncherProcess.run(folder, "--conf", shipped.toString(), "--logs", logs.toString(),
                "-c", "card:readers");

        assertThat(run.status()).as(run.stderr()).isZero();
        assertThat(run.stdout()).containsPattern("(?m)^Sim Reader 1 +sim +yes ")
                .containsPattern("(?m)^Sim Reader 2 +sim +no ");
    }

    @Test
    void aScriptAttachesSelectsTheMasterFileAndDetaches() throws Exception {
        Path script = Files.writeString(folder.resolve("select.gogo"), String.join("\n",
                "# attach, select the MF, detach",
                "id = card:attach \"Sim Reader 0\"",
                "card:send $id 00 A4 00 0C 02 3F 00",
                "",
                "card:detach $id",
                ""), StandardCharsets.UTF_8);

        LauncherProcess run = LauncherProcess.run(folder, "--conf", conf.toString(), "--logs", logs.toString(),
                "--script", script.toString());

        assertThat(run.status()).as(run.stderr()).isZero();
        assertThat(run.stdout()).containsPattern("(?m)^a-\\d+$").contains("90 00 OK\n")
                .containsPattern("(?m)^a-\\d+ detached \\(LEAVE\\)$");
    }

    @Test
    void aFailingCommandEndsTheRunWithItsMessageAndANonZeroStatus() throws Exception {
        LauncherProcess run = LauncherProcess.run(folder, "--conf", conf.toString(), "--logs", logs.toString(),
                "-c", "sim:readers", "-c", "card:send a-9 00 A4 00 0C", "-c", "card:readers");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.stderr()).startsWith("error: no attachment 'a-9' made from this shell")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(run.stdout()).contains("Sim Reader 0").doesNotContain("DRIVER");
    }

    @Test
    void aFailingScriptLineIsNamedByFileAndLine() throws Exception {
        Path script = Files.writeString(folder.resolve("broken.gogo"), "card:readers\ncard:attach\n",
                StandardCharsets.UTF_8);

        LauncherProcess run = LauncherProcess.run(folder, "--conf", conf.toString(), "--logs", logs.toString(),
                "--script", script.toString());

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.stderr()).isEqualTo("error: broken.gogo:2: usage: card:attach READER "
                + "[--shared|--exclusive|--direct] [--protocol T0|T1]\n");
    }

    @Test
    void aConfigurationFileDroppedIntoConfAddsAReaderWhileRunning() throws Exception {
        try (LauncherProcess running = LauncherProcess.start(folder, "--conf", conf.toString(),
                "--logs", logs.toString())) {
            // Commands come from standard input, as it is not a terminal; the first answer shows the shell is up.
            running.send("card:readers");
            running.awaitLine(line -> line.startsWith("Sim Reader 0"), "listing Sim Reader 0");

            Files.writeString(conf.resolve("org.cardmanage.driver.sim.reader-dropped.cfg"),
                    "name = Dropped Reader\ncard = demo-t0\n", StandardCharsets.UTF_8);
            running.send("card:locate \"Dropped Reader\" 30");
            String found = running.awaitLine(line -> line.startsWith("Dropped Reader"), "locating Dropped Reader");

            assertThat(found).startsWith("Dropped Reader  3B ");
            running.closeInput();
            assertThat(running.awaitExit()).as(running.stderr()).isZero();
        }
    }

    @Test
    void aBadCommandLineGivesTheUsageAndStatusTwo() throws Exception {
        LauncherProcess unknown = LauncherProcess.run(folder, "--bogus");
        LauncherProcess missingScript = LauncherProcess.run(folder, "--script", "nowhere.gogo");
        LauncherProcess missingValue = LauncherProcess.run(folder, "-c");

        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.stderr()).startsWith("cardmanage: unknown argument '--bogus'")
                .contains("usage: java -jar cardmanage.jar [options]");
        assertThat(missingScript.status()).isEqualTo(2);
        assertThat(missingScript.stderr()).startsWith("cardmanage: cannot read script nowhere.gogo");
        assertThat(missingValue.status()).isEqualTo(2);
        assertThat(missingValue.stderr()).startsWith("cardmanage: -c needs a value");
    }

    @Test
    void helpExplainsTheOptions() throws Exception {
        LauncherProcess run = LauncherProcess.run(folder, "--help");

        assertThat(run.status()).isZero();
        assertThat(run.stdout()).contains("-c, --command CMD").contains("--script FILE").contains("--conf DIR")
                .contains("--verbose").contains("--remote");
    }

    @Test
    void theLogGoesToTheLogFileNotTheConsole() throws Exception {
        Files.writeString(conf.resolve("org.cardmanage.core.cfg"), "trace = true\n", StandardCharsets.UTF_8);

        LauncherProcess run = LauncherProcess.run(folder, "--conf", conf.toString(), "--logs", logs.toString(),
                "-c", "id = card:attach \"Sim Reader 0\"", "-c", "card:send $id 00 20 00 01 04 31 32 33 34");

        assertThat(run.status()).as(run.stderr()).isZero();
        assertThat(run.stderr()).isEmpty();
        String log = Files.readString(logs.resolve(LogSetup.FILE_NAME), StandardCharsets.UTF_8);
        assertThat(log).contains("simulated reader 'Sim Reader 0' added").contains("ready:")
                .contains("00 20 00 01 [4 bytes of reference data redacted]").doesNotContain("31 32 33 34");
    }
}

package org.cardmanage.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution with {@code --web}, as an operator uses it: the Smart Cards page in real headless Chromium (Debian's
 * package, driven by playwright-core, see {@code src/test/browser/smartcards.mjs}) shows the simulated reader, then
 * the attachment the shell makes; force-detach on the page ends it, and the shell's next call on it fails with the
 * AttachmentClosedException's message and PC/SC code. Screenshots go to {@code target/screenshots/}.
 */
class WebConsoleIT {
    /** The longest one browser step may take: Chromium's first start on a loaded machine is slow. */
    private static final Duration STEP = Duration.ofSeconds(90);
    private static final String AUTHORIZATION =
            "Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path folder;

    @Test
    void anOperatorSeesTheAttachmentAndForceDetachesItFromTheBrowser() throws Exception {
        Path chromium = BrowserBed.chromium();
        String node = BrowserBed.node();
        Path work = BrowserBed.prepare();
        Path screenshots = Files.createDirectories(Path.of(System.getProperty("cardmanage.screenshots",
                "target/screenshots")));
        int port = freePort();
        Path conf = Files.createDirectories(folder.resolve("conf"));
        String page = "http://127.0.0.1:" + port + "/system/console/smartcards";

        try (LauncherProcess launcher = LauncherProcess.start(folder, "--conf", conf.toString(), "--logs",
                folder.resolve("logs").toString(), "--web", Integer.toString(port))) {
            launcher.send("card:readers");
            launcher.awaitLine(line -> line.startsWith("Sim Reader 0"), "listing Sim Reader 0");
            actionsNeedTheConsolesLoginAndThePagesHeader(page);

            try (ScriptProcess browser = ScriptProcess.start(work, List.of(node, "smartcards.mjs", page, "admin",
                    "admin", screenshots.toAbsolutePath().toString(), chromium.toString()))) {
                browser.await("STEP readers-shown", STEP);
                browser.await("WAIT attach", STEP);
                launcher.send("card:attach \"Sim Reader 0\"");
                String id = launcher.awaitLine(line -> line.matches("a-\\d+"), "the new attachment's id");
                browser.send("ATTACHED " + id);
                browser.await("STEP attachment-shown", STEP);
                browser.await("STEP detached", STEP);

                launcher.send("card:send " + id + " 00 A4 00 0C 02 3F 00");
                String stderr = launcher.awaitStderr("SCARD_E_INVALID_HANDLE");
                assertThat(stderr).contains("error: stdin:3: attachment " + id + " on reader 'Sim Reader 0' is "
                        + "detached (detached by admin from the web console) [SCARD_E_INVALID_HANDLE (0x80100003)]");
                browser.await("DONE", STEP);
                assertThat(browser.awaitExit(STEP)).as(browser.output()).isZero();
            }
            assertThat(screenshots.resolve("smartcards-attached.png")).isNotEmptyFile();
            assertThat(screenshots.resolve("smartcards-detached.png")).isNotEmptyFile();
            launcher.closeInput();
            // 1: the card:send after the force-detach failed, as it must.
            assertThat(launcher.awaitExit()).as(launcher.stderr()).isEqualTo(1);
        }
    }

    @Test
    void theHealthChecksRunFromTheShell() throws Exception {
        Path conf = Files.createDirectories(folder.resolve("conf"));

        // Port 0: any free port; the checks need no browser.
        LauncherProcess run = LauncherProcess.run(folder, "--conf", conf.toString(), "--logs",
                folder.resolve("logs").toString(), "--web", "0", "-c", "hc:exec cardmanage");

        assertThat(run.status()).as(run.stderr()).isZero();
        assertThat(run.stdout()).containsPattern("(?m)^cardmanage core +OK ")
                .containsPattern("(?m)^cardmanage driver sim +OK ")
                .contains("driver 'sim' offers 1 reader: Sim Reader 0 (card)")
                .contains("cardmanage driver pcsc");
        assertThat(run.stderr()).isEmpty();
    }

    /** Unauthenticated requests meet the Web Console's login; a POST without the page's header is refused. */
    private static void actionsNeedTheConsolesLoginAndThePagesHeader(String page)
            throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest.BodyPublisher form = HttpRequest.BodyPublishers.ofString("action=remove&reader=Sim+Reader+0");

        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(page)).POST(form)
                .header("Content-Type", "application/x-www-form-urlencoded").header("X-CardManage-Request", "action")
                .build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> crossSite = http.send(HttpRequest.newBuilder(URI.create(page)).POST(form)
                .header("Content-Type", "application/x-www-form-urlencoded").header("Authorization", AUTHORIZATION)
                .build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> data = http.send(HttpRequest.newBuilder(URI.create(page + "/data.json"))
                .header("Authorization", AUTHORIZATION).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(crossSite.statusCode()).isEqualTo(403);
        assertThat(crossSite.body()).contains("X-CardManage-Request");
        assertThat(data.statusCode()).isEqualTo(200);
        assertThat(data.body()).contains("\"name\":\"Sim Reader 0\"").contains("\"cardPresent\":true");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}

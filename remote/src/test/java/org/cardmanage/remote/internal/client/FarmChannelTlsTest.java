package org.cardmanage.remote.internal.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;

import org.cardmanage.remote.internal.tls.TlsContexts;
import org.cardmanage.remote.internal.wire.GetFarmRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client over mutual TLS to a farm with a certificate from a test PKI ({@code src/main/scripts/make-test-pki.sh},
 * which needs bash and openssl): the farm's certificate must carry the server name and come from the configured CA.
 */
class FarmChannelTlsTest {
    @TempDir
    static Path shared;
    private static Path pki;
    private static Path otherPki;

    private FarmFixture fixture;
    private final LogCapture log = new LogCapture();

    @BeforeAll
    static void makePkis() throws Exception {
        pki = shared.resolve("pki");
        otherPki = shared.resolve("other");
        run(pki, "--client", "app");
        run(otherPki, "--client", "app");
    }

    private static void run(Path dir, String... options) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("bash", "src/main/scripts/make-test-pki.sh",
                dir.toString()));
        command.addAll(List.of(options));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(process.waitFor()).as("make-test-pki.sh").isZero();
    }

    private void startFarm() throws Exception {
        fixture = new FarmFixture(TlsContexts.server(pki.resolve("farm.pem"), pki.resolve("farm.key"),
                pki.resolve("ca.pem")));
        fixture.farm.preset(List.of(FakeFarm.reader("R", null, 1)));
    }

    private FarmLink link(Path clientPki, Object... extra) throws Exception {
        Object[] tls = {"insecure.loopback.only", "false", "address", "localhost:" + fixture.port(),
                "tls.certificate", clientPki.resolve("client-app.pem").toString(),
                "tls.key", clientPki.resolve("client-app.key").toString(),
                "tls.ca", clientPki.resolve("ca.pem").toString()};
        Object[] all = new Object[tls.length + extra.length];
        System.arraycopy(tls, 0, all, 0, tls.length);
        System.arraycopy(extra, 0, all, tls.length, extra.length);
        return fixture.link(all);
    }

    @AfterEach
    void tearDown() throws Exception {
        log.close();
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void aFarmWithACertificateForItsNameFromTheConfiguredCaServesItsReaders() throws Exception {
        startFarm();
        link(pki);

        fixture.awaitReader("lab/R");
    }

    @Test
    void aFarmWhoseCertificateDoesNotCarryTheServerNameIsNotTrusted() throws Exception {
        startFarm();
        link(pki, "server.name", "farm.other.example");

        awaitFailure("farm.other.example");
        assertThat(fixture.registry.all()).isEmpty();
        assertThat(fixture.farm.requests(GetFarmRequest.class)).isEmpty();
    }

    @Test
    void aFarmWhoseCertificateComesFromAnotherCaIsNotTrusted() throws Exception {
        startFarm();
        link(otherPki);

        awaitFailure("certification path");
        assertThat(fixture.registry.all()).isEmpty();
        assertThat(fixture.farm.requests(GetFarmRequest.class)).isEmpty();
    }

    /** Waits for the link's one line about the failure, which names its cause. */
    private void awaitFailure(String cause) {
        Await.until("the link reports the failure", () -> log.at(Level.INFO).stream()
                .anyMatch(r -> r.getMessage().contains("farm 'lab' does not answer") && r.getMessage().contains(cause)));
    }
}

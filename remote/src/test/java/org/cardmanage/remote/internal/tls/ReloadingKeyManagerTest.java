package org.cardmanage.remote.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReloadingKeyManagerTest {
    @TempDir
    static Path shared;
    @TempDir
    Path dir;

    private static TestPki pki;
    private static TestPki renewed;

    private final ManualClock clock = new ManualClock();
    private final RecordingLogger log = new RecordingLogger();
    private Path certificate;
    private Path key;
    private ReloadingKeyManager keys;

    @BeforeAll
    static void makePki() throws Exception {
        pki = TestPki.make(shared.resolve("pki"), "--client", "alice", "--expired-client", "old");
        Path again = Files.createDirectories(shared.resolve("renewed"));
        Files.copy(pki.ca(), again.resolve("ca.pem"));
        Files.copy(pki.file("ca.key"), again.resolve("ca.key"));
        renewed = TestPki.make(again);
    }

    @BeforeEach
    void installFarmFiles() throws Exception {
        certificate = dir.resolve("farm.pem");
        key = dir.resolve("farm.key");
        TestPki.install(pki.farmCertificate(), certificate);
        TestPki.install(pki.farmKey(), key);
        keys = new ReloadingKeyManager(certificate, key, clock, Clock.systemUTC(), log);
    }

    @Test
    void offersItsAliasForItsKeyTypeOnly() {
        String alias = keys.chooseEngineServerAlias("EC", null, null);

        assertThat(alias).isNotNull();
        assertThat(keys.chooseEngineServerAlias("RSA", null, null)).isNull();
        assertThat(keys.chooseEngineClientAlias(new String[] {"RSA", "EC"}, null, null)).isEqualTo(alias);
        assertThat(keys.chooseServerAlias("EC_EC", null, null)).isEqualTo(alias);
        assertThat(keys.getServerAliases("EC", null)).containsExactly(alias);
        assertThat(keys.getClientAliases("RSA", null)).isNull();
    }

    @Test
    void givesChainAndKeyOfItsAliasOnly() throws Exception {
        String alias = keys.chooseEngineServerAlias("EC", null, null);

        assertThat(keys.getCertificateChain(alias)).containsExactly(farmCertificate());
        assertThat(keys.getPrivateKey(alias)).isNotNull();
        assertThat(keys.getCertificateChain("other")).isNull();
        assertThat(keys.getPrivateKey(null)).isNull();
    }

    @Test
    void brokenFilesAtStartAreRefused() {
        assertThatThrownBy(() -> new ReloadingKeyManager(certificate, pki.clientKey("alice"), clock,
                Clock.systemUTC(), log)).isInstanceOf(TlsSetupException.class).hasMessageContaining("not a pair");
    }

    @Test
    void unchangedFilesAreNotReloaded() {
        String alias = alias();

        clock.passCheckInterval();

        assertThat(alias()).isEqualTo(alias);
        assertThat(log.records()).isEmpty();
    }

    @Test
    void renewedFilesAreUsedAfterTheCheckInterval() throws Exception {
        String alias = alias();
        renew();

        clock.advance(Duration.ofMillis(999));
        String withinInterval = alias();
        clock.advance(Duration.ofMillis(1));
        String afterInterval = alias();

        assertThat(withinInterval).isEqualTo(alias);
        assertThat(afterInterval).isNotEqualTo(alias);
        X509Certificate renewedCertificate = PemFiles.readCertificateChain(renewed.farmCertificate()).get(0);
        assertThat(keys.getCertificateChain(afterInterval)).containsExactly(renewedCertificate);
        assertThat(keys.certificate()).isEqualTo(renewedCertificate);
        assertThat(log.records()).singleElement().asString().startsWith("INFO reloaded the TLS certificate from");
    }

    @Test
    void aliasChosenBeforeReloadStillGivesItsOwnPair() throws Exception {
        String before = alias();
        renew();
        clock.passCheckInterval();
        String after = alias();

        assertThat(keys.getCertificateChain(before)).containsExactly(farmCertificate());
        assertThat(keys.getPrivateKey(before)).isNotEqualTo(keys.getPrivateKey(after));
        assertThat(keys.getCertificateChain(after)[0]).isNotEqualTo(farmCertificate());
    }

    @Test
    void brokenRenewalKeepsThePairAndWarnsOnceUntilTheFilesChangeAgain() throws Exception {
        String alias = alias();
        TestPki.install(pki.clientKey("alice"), key);

        clock.passCheckInterval();
        String first = alias();
        clock.passCheckInterval();
        String second = alias();

        assertThat(first).isEqualTo(alias);
        assertThat(second).isEqualTo(alias);
        assertThat(log.warnings()).singleElement().asString()
                .startsWith("WARNING cannot reload the TLS certificate: " + key + ": does not belong to")
                .endsWith("keeping the TLS certificate loaded before until the files change again");

        TestPki.install(pki.file("ca.key"), key);
        clock.passCheckInterval();
        alias();

        assertThat(log.warnings()).hasSize(2);
        assertThat(alias()).isEqualTo(alias);
    }

    @Test
    void repairedRenewalIsUsed() {
        String alias = alias();
        TestPki.install(pki.clientKey("alice"), key);
        clock.passCheckInterval();
        alias();

        renew();
        clock.passCheckInterval();

        assertThat(alias()).isNotEqualTo(alias);
        assertThat(log.warnings()).hasSize(1);
    }

    @Test
    void missingFileKeepsThePair() throws Exception {
        String alias = alias();
        Files.delete(key);

        clock.passCheckInterval();

        assertThat(alias()).isEqualTo(alias);
        assertThat(log.warnings()).singleElement().asString().contains(key + ": does not exist");
    }

    @Test
    void expiredRenewalIsRefused() {
        String alias = alias();
        TestPki.install(pki.clientCertificate("old"), certificate);
        TestPki.install(pki.clientKey("old"), key);

        clock.passCheckInterval();

        assertThat(alias()).isEqualTo(alias);
        assertThat(log.warnings()).singleElement().asString()
                .contains(certificate + ": the certificate CN=old expired");
    }

    @Test
    void changeThatFileAttributesDoNotShowIsNotRead() throws Exception {
        // the check looks at modification time, size and file key only: same size, same inode, time put back
        String alias = alias();
        FileTime modified = Files.getLastModifiedTime(key);
        byte[] garbage = new byte[(int) Files.size(key)];
        Files.write(key, garbage);
        Files.setLastModifiedTime(key, modified);

        clock.passCheckInterval();

        assertThat(alias()).isEqualTo(alias);
        assertThat(log.records()).isEmpty();
    }

    private String alias() {
        return keys.chooseEngineServerAlias("EC", null, null);
    }

    private void renew() {
        TestPki.install(renewed.farmCertificate(), certificate);
        TestPki.install(renewed.farmKey(), key);
    }

    private static X509Certificate farmCertificate() throws TlsSetupException {
        return PemFiles.readCertificateChain(pki.farmCertificate()).get(0);
    }
}

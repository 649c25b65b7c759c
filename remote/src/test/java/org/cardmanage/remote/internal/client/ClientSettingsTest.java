package org.cardmanage.remote.internal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.cardmanage.remote.internal.config.SettingsReader.InvalidSettingException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A farm's client configuration is read strictly: every bad value is refused, naming its property. */
class ClientSettingsTest {
    @TempDir
    Path dir;
    private Map<String, Object> tls;

    @BeforeEach
    void pemFiles() throws IOException {
        tls = new HashMap<>();
        for (String key : new String[] {"tls.certificate", "tls.key", "tls.ca"}) {
            Path file = Files.writeString(dir.resolve(key + ".pem"), "-----BEGIN NOTHING-----\n");
            tls.put(key, file.toString());
        }
    }

    private Map<String, Object> with(Object... pairs) {
        Map<String, Object> properties = new HashMap<>(tls);
        for (int i = 0; i < pairs.length; i += 2) {
            properties.put((String) pairs[i], pairs[i + 1]);
        }
        return properties;
    }

    private static void refused(Map<String, Object> properties, String property, String why) {
        assertThatThrownBy(() -> ClientSettings.read(properties)).isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith(property).hasMessageContaining(why);
    }

    @Test
    void aTlsConfigurationTakesItsDefaultsFromTheAddress() {
        ClientSettings settings = ClientSettings.read(with("address", "farm1.example.org:8201"));

        assertThat(settings.host()).isEqualTo("farm1.example.org");
        assertThat(settings.port()).isEqualTo(8201);
        assertThat(settings.farmName()).isEqualTo("farm1.example.org");
        assertThat(settings.serverName()).isEqualTo("farm1.example.org");
        assertThat(settings.authority()).isEqualTo("farm1.example.org:8201");
        assertThat(settings.insecure()).isFalse();
        assertThat(settings.tls().key()).isEqualTo(Path.of((String) tls.get("tls.key")));
        assertThat(settings.callTimeoutMs()).isEqualTo(5_000);
        assertThat(settings.maxMessageBytes()).isEqualTo(4_194_304);
    }

    @Test
    void typedValuesAndStringsAreBothRead() {
        ClientSettings settings = ClientSettings.read(with("address", "10.1.2.3:9000", "farm.name", "lab",
                "server.name", "farm.lab.example", "call.timeout.ms", 800L, "max.message.bytes", "2048"));

        assertThat(settings.farmName()).isEqualTo("lab");
        assertThat(settings.authority()).isEqualTo("farm.lab.example:9000");
        assertThat(settings.callTimeoutMs()).isEqualTo(800);
        assertThat(settings.maxMessageBytes()).isEqualTo(2048);
    }

    @Test
    void anIpv6AddressNeedsItsOwnFarmName() {
        refused(with("address", "[2001:db8::1]:8201"), "farm.name", "is required");

        ClientSettings settings = ClientSettings.read(with("address", "[2001:db8::1]:8201", "farm.name", "v6"));
        assertThat(settings.host()).isEqualTo("2001:db8::1");
        assertThat(settings.authority()).isEqualTo("[2001:db8::1]:8201");
    }

    @Test
    void aMissingAddressIsRefused() {
        refused(with(), "address", "is required");
        refused(with("address", "  "), "address", "is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"farm1", "farm1:", ":8201", "farm1:0", "farm1:65536", "farm1:99999", "farm 1:8201",
            "farm1:80:80", "2001:db8::1:8201", "[farm1]:8201", "[2001:db8::1]", "[::1%eth0]:8201", "-farm:8201",
            "farm..lab:8201", "http://farm1:8201"})
    void aMalformedAddressIsRefused(String address) {
        refused(with("address", address), "address", "HOST:PORT or [IPv6]:PORT");
    }

    @Test
    void anAddressOfAnotherTypeIsRefused() {
        refused(with("address", 8201), "address", "a text");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-lab", "lab/1", "lab 1", "läb", "x123456789x123456789x123456789x123456789x123456789x1234567890123"})
    void aMalformedFarmNameIsRefused(String name) {
        refused(with("address", "farm1:8201", "farm.name", name), "farm.name", "[A-Za-z0-9]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bad name", "farm_1.example", "*.example.org"})
    void aMalformedServerNameIsRefused(String name) {
        refused(with("address", "farm1:8201", "server.name", name), "server.name", "DNS name or an IP address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"99", "600001", "5s", "-1", "1.5"})
    void aCallTimeoutOutOfItsRangeIsRefused(String value) {
        refused(with("address", "farm1:8201", "call.timeout.ms", value), "call.timeout.ms", "100 … 600000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1023", "67108865", "4MB"})
    void aMaxMessageSizeOutOfItsRangeIsRefused(String value) {
        refused(with("address", "farm1:8201", "max.message.bytes", value), "max.message.bytes", "1024 … 67108864");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tls.certificate", "tls.key", "tls.ca"})
    void aMissingPemFileIsRefused(String key) {
        Map<String, Object> properties = with("address", "farm1:8201");
        properties.remove(key);
        refused(properties, key, "a PEM file is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tls.certificate", "tls.key", "tls.ca"})
    void anUnreadablePemFileIsRefused(String key) {
        refused(with("address", "farm1:8201", key, dir.resolve("absent.pem").toString()), key, "not a readable file");
        refused(with("address", "farm1:8201", key, dir.toString()), key, "not a readable file");
    }

    @Test
    void insecureMustBeABoolean() {
        refused(with("address", "127.0.0.1:8201", "insecure.loopback.only", "yes"), "insecure.loopback.only",
                "true or false");
    }

    @Test
    void insecureToALoopbackAddressNeedsNoPemFilesAndPinsTheAddress() {
        ClientSettings settings = ClientSettings.read(Map.of("address", "localhost:8201",
                "insecure.loopback.only", true));

        assertThat(settings.insecure()).isTrue();
        assertThat(settings.tls()).isNull();
        assertThat(settings.loopback().isLoopbackAddress()).isTrue();
        assertThat(ClientSettings.read(Map.of("address", "[::1]:8201", "farm.name", "v6",
                "insecure.loopback.only", "true")).loopback().getHostAddress()).isEqualTo("0:0:0:0:0:0:0:1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"192.0.2.1:8201", "[2001:db8::1]:8201", "0.0.0.0:8201"})
    void insecureToAnAddressThatIsNotLoopbackIsRefused(String address) {
        refused(with("address", address, "farm.name", "lab", "insecure.loopback.only", "true"),
                "insecure.loopback.only", "only to a loopback address");
    }
}

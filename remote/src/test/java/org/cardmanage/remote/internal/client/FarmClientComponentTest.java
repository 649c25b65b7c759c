package org.cardmanage.remote.internal.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One component per farm configuration: it fails closed, says why once, and follows changes. */
class FarmClientComponentTest {
    @TempDir
    Path dir;
    private final FarmFixture fixture;
    private final LogCapture log = new LogCapture();
    private FarmClientComponent component;

    FarmClientComponentTest() throws Exception {
        fixture = new FarmFixture();
        fixture.farm.preset(List.of(FakeFarm.reader("R", null, 1)));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (component != null) {
            component.deactivate();
        }
        log.close();
        fixture.close();
    }

    @Test
    void aConfigurationThatCannotBeUsedRegistersNothingAndSaysWhyInOneLine() {
        component = new FarmClientComponent(fixture.registry.context, Map.of("service.pid",
                "org.cardmanage.remote.client~lab", "address", "farm1", "insecure.loopback.only", "true"));

        assertThat(component.link()).isNull();
        assertThat(fixture.registry.all()).isEmpty();
        assertThat(log.problems()).singleElement().satisfies(record -> {
            assertThat(record.getLevel()).isEqualTo(Level.SEVERE);
            assertThat(record.getMessage()).contains("org.cardmanage.remote.client~lab").contains("address")
                    .contains("'farm1'");
            assertThat(record.getThrown()).isNull();
        });
    }

    @Test
    void plaintextToAnAddressThatIsNotLoopbackIsRefused() {
        component = new FarmClientComponent(fixture.registry.context, Map.of("address", "192.0.2.1:8201",
                "insecure.loopback.only", "true"));

        assertThat(component.link()).isNull();
        assertThat(log.problems()).singleElement().satisfies(record -> assertThat(record.getMessage())
                .contains("insecure.loopback.only").contains("192.0.2.1"));
    }

    @Test
    void pemFilesThatAreNotCredentialsAreRefusedInOneLine() throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a certificate\n");
        component = new FarmClientComponent(fixture.registry.context, Map.of("address", "farm1:8201",
                "tls.certificate", garbage.toString(), "tls.key", garbage.toString(), "tls.ca", garbage.toString()));

        assertThat(component.link()).isNull();
        assertThat(fixture.registry.all()).isEmpty();
        assertThat(log.problems()).singleElement().satisfies(record -> {
            assertThat(record.getLevel()).isEqualTo(Level.SEVERE);
            assertThat(record.getMessage()).contains("farm 'farm1'").contains("TLS");
            assertThat(record.getThrown()).isNull();
        });
    }

    @Test
    void aUsableConfigurationRegistersTheFarmsReadersUntilDeactivated() {
        component = new FarmClientComponent(fixture.registry.context, fixture.properties());
        fixture.awaitReader("lab/R");

        component.deactivate();
        component = null;

        assertThat(fixture.registry.live()).isEmpty();
        assertThat(log.problems()).isEmpty();
    }

    @Test
    void theSameConfigurationAgainChangesNothing() {
        component = new FarmClientComponent(fixture.registry.context, fixture.properties());
        long before = fixture.awaitReader("lab/R").id;

        component.modified(fixture.properties());

        assertThat(fixture.registry.live()).singleElement().satisfies(r -> assertThat(r.id).isEqualTo(before));
    }

    @Test
    void aChangedConfigurationReplacesTheLink() {
        component = new FarmClientComponent(fixture.registry.context, fixture.properties());
        fixture.awaitReader("lab/R");

        component.modified(fixture.properties("farm.name", "lab2"));

        fixture.awaitReader("lab2/R");
        assertThat(fixture.registry.liveNames()).containsExactly("lab2/R");
    }

    @Test
    void aConfigurationChangedToOneThatCannotBeUsedRemovesTheReaders() {
        component = new FarmClientComponent(fixture.registry.context, fixture.properties());
        fixture.awaitReader("lab/R");

        component.modified(fixture.properties("call.timeout.ms", "5s"));

        assertThat(fixture.registry.live()).isEmpty();
        assertThat(log.problems()).singleElement().satisfies(record -> assertThat(record.getMessage())
                .contains("call.timeout.ms").contains("'5s'"));
    }
}

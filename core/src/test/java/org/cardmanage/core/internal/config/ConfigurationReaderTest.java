package org.cardmanage.core.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.cardmanage.api.Disposition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigurationReaderTest {

    @Test
    void noPropertiesGiveTheDefaults() {
        assertThat(ConfigurationReader.read(Map.of())).isEqualTo(CoreSettings.DEFAULTS);
    }

    @Test
    void typedAndTextValuesAreReadAlike() {
        CoreSettings typed = ConfigurationReader.read(Map.of("lock.idle.timeout.ms", 250L, "transmit.wait.ms", 0,
                "abandon.disposition", "leave", "response.chaining", false, "trace", true,
                "driver.call.timeout.ms", 0L, "access.policy", new String[] {"allow com.example.* = Sim*"},
                "access.default", "deny"));
        CoreSettings text = ConfigurationReader.read(Map.of("lock.idle.timeout.ms", " 250", "transmit.wait.ms", "0",
                "abandon.disposition", "LEAVE", "response.chaining", "false", "trace", "TRUE",
                "driver.call.timeout.ms", "0", "access.policy", List.of("allow com.example.* = Sim*"),
                "access.default", "deny"));

        assertThat(typed).usingRecursiveComparison().ignoringFields("accessPolicy").isEqualTo(text);
        assertThat(typed.accessPolicy()).hasToString(text.accessPolicy().toString());
        assertThat(typed.lockIdleTimeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(typed.abandonDisposition()).isEqualTo(Disposition.LEAVE);
        assertThat(typed.accessPolicy()).hasToString("AccessPolicy[[allow com.example.* = Sim*], default deny]");
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "lock.idle.timeout.ms   | 5s",
        "lock.idle.timeout.ms   | banana",
        "lock.idle.timeout.ms   | 0",
        "lock.idle.timeout.ms   | -1",
        "lock.idle.timeout.ms   | 2.5",
        "lock.idle.timeout.ms   | 9223372036854775807",
        "lock.idle.timeout.ms   | 99999999999999999999",
        "lock.idle.timeout.ms   | 86400001",
        "transmit.wait.ms       | -1",
        "transmit.wait.ms       | ''",
        "driver.call.timeout.ms | 60 s",
        "abandon.disposition    | EJECT",
        "abandon.disposition    | SHRED",
        "response.chaining      | yes",
        "trace                  | 1",
        "access.default         | maybe",
        "access.policy          | allow com.example.app Sim*",
    })
    void anUnreadableValueDeniesEveryAttachAndNamesPropertyValueAndExpectation(String property, String value) {
        CoreSettings settings = ConfigurationReader.read(Map.of(property, value));

        assertThat(settings.accessPolicy().problem()).hasValueSatisfying(problem -> assertThat(problem)
                .contains(property.equals("access.policy") ? "access.policy rule 1" : property + " = '" + value + "'"));
        assertThat(settings.accessPolicy().allowsAll()).isFalse();
    }

    @Test
    void aWrongTypeIsRefusedToo() {
        assertThat(ConfigurationReader.read(Map.of("transmit.wait.ms", 2.5d)).accessPolicy().problem())
                .hasValueSatisfying(problem -> assertThat(problem).contains("transmit.wait.ms = 2.5"));
        assertThat(ConfigurationReader.read(Map.of("trace", 1)).accessPolicy().problem()).isPresent();
    }

    @Test
    void theLargestTimeIsOneDay() {
        assertThat(ConfigurationReader.read(Map.of("lock.idle.timeout.ms", ConfigurationReader.MAX_MILLIS))
                .lockIdleTimeout()).isEqualTo(Duration.ofDays(1));
    }
}

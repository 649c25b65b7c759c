package org.cardmanage.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.cardmanage.core.internal.config.CoreSettings;
import org.junit.jupiter.api.Test;

class CardCoreConfigurationTest {

    @Test
    void noConfigurationMeansTheDefaults() {
        CardCore core = new CardCore();
        core.modified(Map.of());
        try {
            assertThat(core.settings()).isEqualTo(CoreSettings.DEFAULTS);
            assertThat(core.configurationProblem()).isEmpty();
        } finally {
            core.deactivate();
        }
    }

    @Test
    void anUnreadableConfigurationAtActivationFailsClosed() {
        CardCore core = new CardCore();
        core.modified(Map.of("transmit.wait.ms", "banana"));
        try {
            assertThat(core.configurationProblem()).hasValueSatisfying(problem -> assertThat(problem)
                    .contains("transmit.wait.ms = 'banana'").contains("whole number of milliseconds"));
        } finally {
            core.deactivate();
        }
    }

    @Test
    void validModificationReplacesTheSettings() {
        CardCore core = new CardCore();
        core.modified(Map.of());
        try {
            core.modified(Map.of("transmit.wait.ms", 250L));

            assertThat(core.settings().transmitWait()).isEqualTo(Duration.ofMillis(250));
        } finally {
            core.deactivate();
        }
    }

    @Test
    void fixingTheConfigurationRestoresServiceWithoutARestart() {
        CardCore core = new CardCore();
        core.modified(Map.of("abandon.disposition", "EJECT"));
        try {
            assertThat(core.configurationProblem()).isPresent();

            core.modified(Map.of("abandon.disposition", "UNPOWER"));

            assertThat(core.configurationProblem()).isEmpty();
            assertThat(core.settings().accessPolicy().allowsAll()).isTrue();
        } finally {
            core.deactivate();
        }
    }
}

package org.cardmanage.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

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

    @Test
    void anUnreadableConfigurationIsLoggedOnceWithoutAStackAndItsFixOnce() {
        List<LogRecord> records = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger log = Logger.getLogger("org.cardmanage.core");
        log.addHandler(handler);
        CardCore core = new CardCore();
        try {
            core.modified(Map.of("lock.idle.timeout.ms", "5s"));
            core.modified(Map.of("lock.idle.timeout.ms", "5s"));
            core.modified(Map.of("lock.idle.timeout.ms", "5000"));
        } finally {
            log.removeHandler(handler);
            core.deactivate();
        }

        assertThat(records).hasSize(2);
        assertThat(records.get(0).getLevel()).isEqualTo(Level.WARNING);
        assertThat(records.get(0).getMessage()).contains("lock.idle.timeout.ms = '5s'")
                .contains("whole number of milliseconds").contains("every attach is denied");
        assertThat(records.get(0).getThrown()).isNull();
        assertThat(records.get(1).getMessage()).contains("readable again");
    }
}

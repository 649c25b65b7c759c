package org.cardmanage.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.cardmanage.api.Disposition;
import org.cardmanage.core.internal.config.CoreSettings;
import org.cardmanage.core.internal.testsupport.TestConfiguration;
import org.junit.jupiter.api.Test;

class CardCoreConfigurationTest {

    @Test
    void invalidConfigurationAtActivationFallsBackToTheDefaults() {
        CardCore core = new CardCore(TestConfiguration.defaults().withLockIdle(0));
        try {
            assertThat(core.settings()).isEqualTo(CoreSettings.DEFAULTS);
        } finally {
            core.deactivate();
        }
    }

    @Test
    void validModificationReplacesTheSettings() {
        CardCore core = new CardCore(TestConfiguration.defaults());
        try {
            core.modified(TestConfiguration.defaults().withTransmitWait(250));

            assertThat(core.settings().transmitWait()).isEqualTo(Duration.ofMillis(250));
        } finally {
            core.deactivate();
        }
    }

    @Test
    void invalidModificationKeepsTheCurrentSettings() {
        CardCore core = new CardCore(TestConfiguration.defaults().withTransmitWait(250));
        try {
            core.modified(TestConfiguration.defaults().withAbandon("EJECT"));

            assertThat(core.settings().transmitWait()).isEqualTo(Duration.ofMillis(250));
            assertThat(core.settings().abandonDisposition()).isEqualTo(Disposition.RESET);
        } finally {
            core.deactivate();
        }
    }
}

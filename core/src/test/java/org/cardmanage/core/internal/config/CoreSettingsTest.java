package org.cardmanage.core.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.cardmanage.api.Disposition;
import org.cardmanage.core.internal.testsupport.TestConfiguration;
import org.junit.jupiter.api.Test;

class CoreSettingsTest {

    @Test
    void defaultConfigurationGivesTheDefaultSettings() {
        assertThat(CoreSettings.from(TestConfiguration.defaults())).isEqualTo(CoreSettings.DEFAULTS);
    }

    @Test
    void valuesAreConverted() {
        CoreSettings settings = CoreSettings.from(new TestConfiguration(250, 0, "leave", false, true));

        assertThat(settings).isEqualTo(
                new CoreSettings(Duration.ofMillis(250), Duration.ZERO, Disposition.LEAVE, false, true));
    }

    @Test
    void unpowerIsAnAcceptedAbandonDisposition() {
        assertThat(CoreSettings.from(TestConfiguration.defaults().withAbandon("UNPOWER")).abandonDisposition())
                .isEqualTo(Disposition.UNPOWER);
    }

    @Test
    void zeroLockIdleTimeoutIsRejected() {
        assertThatThrownBy(() -> CoreSettings.from(TestConfiguration.defaults().withLockIdle(0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lock.idle.timeout.ms");
    }

    @Test
    void negativeLockIdleTimeoutIsRejected() {
        assertThatThrownBy(() -> CoreSettings.from(TestConfiguration.defaults().withLockIdle(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lock.idle.timeout.ms");
    }

    @Test
    void negativeTransmitWaitIsRejected() {
        assertThatThrownBy(() -> CoreSettings.from(TestConfiguration.defaults().withTransmitWait(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("transmit.wait.ms");
    }

    @Test
    void ejectAsAbandonDispositionIsRejected() {
        assertThatThrownBy(() -> CoreSettings.from(TestConfiguration.defaults().withAbandon("EJECT")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("EJECT");
    }

    @Test
    void unknownAbandonDispositionIsRejected() {
        assertThatThrownBy(() -> CoreSettings.from(TestConfiguration.defaults().withAbandon("SHRED")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SHRED");
    }

    @Test
    void missingAbandonDispositionIsRejected() {
        assertThatThrownBy(() -> CoreSettings.from(TestConfiguration.defaults().withAbandon(null)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void driverCallBoundAndAccessPolicyAreConverted() {
        CoreSettings settings = CoreSettings.from(TestConfiguration.defaults().withDriverCallTimeout(0)
                .withAccess("deny", "allow com.example.* = Sim*"));

        assertThat(settings.driverCallTimeout()).isEqualTo(Duration.ZERO);
        assertThat(settings.accessPolicy().allowsAll()).isFalse();
        assertThat(settings.accessPolicy()).hasToString("AccessPolicy[[allow com.example.* = Sim*], default deny]");
    }

    @Test
    void negativeDriverCallBoundIsRejected() {
        assertThatThrownBy(() -> CoreSettings.from(TestConfiguration.defaults().withDriverCallTimeout(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("driver.call.timeout.ms");
    }
}

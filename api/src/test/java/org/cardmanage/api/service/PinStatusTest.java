package org.cardmanage.api.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PinStatusTest {

    @Test
    void notVerifiedCarriesTheTriesLeftWhenKnown() {
        assertThat(PinStatus.notVerified(2).retriesLeft()).hasValue(2);
        assertThat(PinStatus.notVerified(-1).retriesLeft()).isEmpty();
        assertThat(PinStatus.notVerified(2)).isEqualTo(PinStatus.notVerified(2)).isNotEqualTo(PinStatus.notVerified(1));
        assertThat(PinStatus.notVerified(1)).hasToString("PinStatus[not verified, 1 retry left]");
    }

    @Test
    void blockedHasNoTriesLeft() {
        assertThat(PinStatus.blocked().isBlocked()).isTrue();
        assertThat(PinStatus.blocked().retriesLeft()).hasValue(0);
        assertThat(PinStatus.verified().isVerified()).isTrue();
    }

    @Test
    void zeroTriesIsBlockedNotNotVerified() {
        assertThatThrownBy(() -> PinStatus.notVerified(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("blocked()");
    }
}

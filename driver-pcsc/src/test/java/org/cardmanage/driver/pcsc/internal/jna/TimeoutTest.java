package org.cardmanage.driver.pcsc.internal.jna;

import static org.assertj.core.api.Assertions.assertThat;

import org.cardmanage.driver.pcsc.internal.port.Pcsc;
import org.junit.jupiter.api.Test;

class TimeoutTest {

    @Test
    void infiniteStaysAllOnes() {
        assertThat(NativePcscPort.dwordTimeout(Pcsc.INFINITE)).isEqualTo(0xFFFF_FFFF);
    }

    @Test
    void aTimeoutBeyondThirtyTwoBitsWaitsWithoutBound() {
        assertThat(NativePcscPort.dwordTimeout(Long.MAX_VALUE)).isEqualTo(0xFFFF_FFFF);
    }

    @Test
    void aNegativeTimeoutReturnsAtOnce() {
        assertThat(NativePcscPort.dwordTimeout(-5)).isZero();
    }

    @Test
    void anOrdinaryTimeoutIsKept() {
        assertThat(NativePcscPort.dwordTimeout(250)).isEqualTo(250);
    }
}

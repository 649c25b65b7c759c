package org.cardmanage.remote.internal.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class PinTryLimiterTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final PinTryLimiter limiter = new PinTryLimiter(now::get);

    @Test
    void pinClassCommandsAreKnownByTheirInstruction() {
        assertThat(PinTryLimiter.isPinClass(new byte[] {0x00, 0x20, 0x00, (byte) 0x81, 0x02, 0x31, 0x32})).isTrue();
        assertThat(PinTryLimiter.isPinClass(new byte[] {0x00, 0x24, 0x00, 0x01})).isTrue();
        assertThat(PinTryLimiter.isPinClass(new byte[] {0x0C, 0x2C, 0x00, 0x01})).isTrue();
        assertThat(PinTryLimiter.isPinClass(new byte[] {(byte) 0x84, (byte) 0x82, 0x00, 0x00})).isTrue();
        assertThat(PinTryLimiter.isPinClass(new byte[] {0x00, (byte) 0xA4, 0x04, 0x00})).isFalse();
        assertThat(PinTryLimiter.isPinClass(new byte[] {(byte) 0xFF, 0x20, 0x00, 0x00})).isFalse();
        assertThat(PinTryLimiter.isPinClass(new byte[] {0x00, 0x20})).isFalse();
    }

    @Test
    void aPinCommandWrappedInAnInterindustryEnvelopeCountsButASimDownloadDoesNot() {
        byte[] verify = {0x00, 0x20, 0x00, (byte) 0x81, 0x02, 0x31, 0x32};
        byte[] envelope = new byte[5 + verify.length];
        envelope[1] = (byte) 0xC2;
        envelope[4] = (byte) verify.length;
        System.arraycopy(verify, 0, envelope, 5, verify.length);
        assertThat(PinTryLimiter.isPinClass(envelope)).isTrue();

        byte[] extended = new byte[7 + verify.length];
        extended[1] = (byte) 0xC3;
        extended[6] = (byte) verify.length;
        System.arraycopy(verify, 0, extended, 7, verify.length);
        assertThat(PinTryLimiter.isPinClass(extended)).isTrue();

        byte[] simDownload = envelope.clone();
        simDownload[0] = (byte) 0xA0;
        assertThat(PinTryLimiter.isPinClass(simDownload)).as("proprietary class").isFalse();
        byte[] select = {0x00, (byte) 0xC2, 0x00, 0x00, 0x04, 0x00, (byte) 0xA4, 0x00, 0x00};
        assertThat(PinTryLimiter.isPinClass(select)).as("a wrapped SELECT").isFalse();
    }

    @Test
    void theAllowanceHoldsPerClientPerCardOverASlidingMinute() {
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryTake("cn=a", "R", 1, 3)).isTrue();
        }
        assertThat(limiter.tryTake("cn=a", "R", 1, 3)).isFalse();
        assertThat(limiter.tryTake("cn=b", "R", 1, 3)).as("another client").isTrue();
        assertThat(limiter.tryTake("cn=a", "R", 2, 3)).as("the next card in the reader").isTrue();

        now.addAndGet(TimeUnit.SECONDS.toNanos(59));
        assertThat(limiter.tryTake("cn=a", "R", 1, 3)).isFalse();
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertThat(limiter.tryTake("cn=a", "R", 1, 3)).isTrue();
    }

    @Test
    void zeroAllowsNone() {
        assertThat(limiter.tryTake("cn=a", "R", 1, 0)).isFalse();
    }
}

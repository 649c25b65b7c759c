package org.cardmanage.remote.internal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;

import org.cardmanage.api.CardException;
import org.cardmanage.api.CardTimeoutException;
import org.cardmanage.api.NoCardException;
import org.cardmanage.api.ReaderUnavailableException;
import org.cardmanage.api.ScardError;
import org.cardmanage.remote.RemoteCardException;
import org.cardmanage.remote.RemoteCardException.Kind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The boundary of every remote call: whatever the proxy does, the caller gets a typed CardException. */
class FarmLinkCallTest {
    private final CountDownLatch never = new CountDownLatch(1);
    // not started: no monitor, no registrations, so no bundle context is needed
    private final FarmLink link = new FarmLink(null, null, "f", 1000, 100, "test");

    @AfterEach
    void release() {
        never.countDown();
        link.close();
    }

    @Test
    void aFarmFailureComesBackTyped() {
        assertThatThrownBy(() -> link.call("open", () -> {
            throw new RemoteCardException(Kind.NO_CARD, ScardError.SCARD_E_NO_SMARTCARD, "no card in 'R'");
        })).isExactlyInstanceOf(NoCardException.class).hasMessageContaining("farm 'f'");
    }

    @Test
    void aFarmFailureWrappedByTheProxyIsFoundInTheCauses() {
        assertThatThrownBy(() -> link.call("open", () -> {
            throw new IllegalStateException("proxy", new RemoteCardException(Kind.NO_CARD, null, "no card"));
        })).isExactlyInstanceOf(NoCardException.class);
    }

    @Test
    void anUncheckedTransportFailureMakesTheReaderUnavailable() {
        assertThatThrownBy(() -> link.call("transmit", () -> {
            throw new RuntimeException("Connection refused");
        })).isExactlyInstanceOf(ReaderUnavailableException.class).hasMessageContaining("Connection refused");
    }

    @Test
    void anErrorInTheProxyIsContainedToo() {
        assertThatThrownBy(() -> link.call("transmit", () -> {
            throw new NoClassDefFoundError("org/example/Gone");
        })).isExactlyInstanceOf(ReaderUnavailableException.class);
    }

    @Test
    void aCallPastItsBoundTimesOut() {
        assertThatThrownBy(() -> link.call("transmit", () -> {
            never.await();
            return null;
        })).isExactlyInstanceOf(CardTimeoutException.class).hasMessageContaining("within 100 ms");
    }

    @Test
    void anInterruptedCallerIsCancelledAndKeepsItsInterrupt() {
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> link.call("transmit", () -> {
                never.await();
                return null;
            })).isInstanceOfSatisfying(CardException.class,
                    e -> assertThat(e.error()).isEqualTo(ScardError.SCARD_E_CANCELLED));
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void aClosedLinkRefusesCallsAsUnavailable() {
        link.close();
        assertThatThrownBy(() -> link.call("transmit", () -> new byte[] {(byte) 0x90, 0}))
                .isExactlyInstanceOf(ReaderUnavailableException.class);
    }
}

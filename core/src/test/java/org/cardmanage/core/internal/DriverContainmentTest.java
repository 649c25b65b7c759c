package org.cardmanage.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.cardmanage.core.internal.testsupport.Apdus.SELECT_MF;

import java.time.Duration;

import org.cardmanage.api.AttachOptions;
import org.cardmanage.api.Attachment;
import org.cardmanage.api.AttachmentState;
import org.cardmanage.api.CardException;
import org.cardmanage.api.CardIOException;
import org.cardmanage.api.CardManager;
import org.cardmanage.core.internal.testsupport.FakeReader;
import org.cardmanage.core.internal.testsupport.TestCore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * "A driver or plugin that throws anything is contained: the caller gets a CardException, the core stays sound."
 * Errors included: a driver's failed assertion or a linkage error from a bundle being replaced.
 */
class DriverContainmentTest {
    private final TestCore fixture = new TestCore();
    private final CardManager app = fixture.manager("app");
    private final FakeReader reader = fixture.readerWithCard("Reader A");

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void linkageErrorFromConnectIsCardIOException() {
        reader.fail("connect", new NoClassDefFoundError("org/example/Gone"));

        assertThatThrownBy(() -> app.attachByReader("Reader A")).isInstanceOf(CardIOException.class)
                .hasMessageContaining("Reader A");
    }

    @Test
    void errorFromConnectIsCardIOException() {
        reader.fail("connect", new AssertionError("driver assertion"));

        assertThat(catchThrowable(() -> app.attachByReader("Reader A"))).isInstanceOf(CardIOException.class);
    }

    @Test
    void errorFromConnectLeavesNoClaim() throws CardException {
        reader.failOnce("connect", new AssertionError("driver assertion"));
        catchThrowable(() -> app.attachByReader("Reader A", AttachOptions.exclusive()));

        Attachment exclusive = fixture.manager("other").attachByReader("Reader A", AttachOptions.exclusive());

        assertThat(exclusive.state()).isEqualTo(AttachmentState.ACTIVE);
    }

    @Test
    void errorFromTransmitIsCardIOException() throws CardException {
        reader.failOnce("transmit", new AssertionError("driver assertion"));
        Attachment attachment = app.attachByReader("Reader A");

        assertThat(catchThrowable(() -> attachment.transmit(SELECT_MF))).isInstanceOf(CardIOException.class);
    }

    @Test
    void errorFromTransmitLeavesTheCardUsable() throws CardException {
        reader.failOnce("transmit", new AssertionError("driver assertion"));
        Attachment attachment = app.attachByReader("Reader A");
        catchThrowable(() -> attachment.transmit(SELECT_MF));

        assertThat(attachment.transmit(SELECT_MF).sw()).isEqualTo(0x9000);
        assertThat(attachment.lock(Duration.ZERO).isHeld()).isTrue();
    }

    @Test
    void runtimeExceptionFromControlIsCardIOExceptionNamingTheReader() throws CardException {
        reader.fail("control", new IllegalStateException("driver bug"));
        Attachment attachment = app.attachByReader("Reader A");

        assertThatThrownBy(() -> attachment.control(1, new byte[0])).isInstanceOf(CardIOException.class)
                .hasMessageContaining("Reader A");
        assertThat(attachment.transmit(SELECT_MF).sw()).isEqualTo(0x9000);
    }
}

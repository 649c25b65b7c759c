package org.cardmanage.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cardmanage.core.internal.testsupport.Apdus.SELECT_MF;

import java.time.Duration;

import org.cardmanage.api.Attachment;
import org.cardmanage.api.AttachmentClosedException;
import org.cardmanage.api.CardManager;
import org.cardmanage.api.CardTimeoutException;
import org.cardmanage.api.Disposition;
import org.cardmanage.api.ReaderUnavailableException;
import org.cardmanage.api.ResponseApdu;
import org.cardmanage.core.internal.attachment.CoreAttachment;
import org.cardmanage.core.internal.testsupport.BlockingCall;
import org.cardmanage.core.internal.testsupport.FakeReader;
import org.cardmanage.core.internal.testsupport.TestCore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A driver call that does not end by itself is cut short by the core (its thread is interrupted) when the reader goes
 * away, when the attachment is detached by the core or an operator, and when it overruns the driver call bound; the
 * caller then gets the typed reason, and the core's interrupt never stays on the caller's thread.
 */
class DriverCallAbortTest {
    private TestCore fixture = new TestCore();
    private CardManager app = fixture.manager("app");
    private FakeReader reader = fixture.readerWithCard("Reader A");
    private FakeReader.Gate gate;

    @AfterEach
    void stop() {
        if (gate != null) {
            gate.open();
        }
        fixture.close();
    }

    /** A transmit stuck in the driver; its outcome says whether its thread was left interrupted. */
    private BlockingCall<ResponseApdu> stuckTransmit(Attachment attachment, boolean[] interruptedAfter)
            throws InterruptedException {
        gate = reader.blockTransmits();
        BlockingCall<ResponseApdu> stuck = BlockingCall.start("stuck transmit", () -> {
            try {
                return attachment.transmit(SELECT_MF);
            } finally {
                interruptedAfter[0] = Thread.currentThread().isInterrupted();
            }
        });
        gate.awaitEntered();
        return stuck;
    }

    @Test
    void readerGoingAwayReleasesACallerStuckInTheDriver() throws Exception {
        Attachment attachment = app.attachByReader("Reader A");
        boolean[] interrupted = {true};
        BlockingCall<ResponseApdu> stuck = stuckTransmit(attachment, interrupted);

        reader.unplug();

        assertThat(stuck.failure()).isInstanceOf(ReaderUnavailableException.class).hasMessageContaining("Reader A");
        assertThat(interrupted[0]).as("the core's interrupt is taken back").isFalse();
    }

    @Test
    void detachByTheCoreReleasesACallerStuckInTheDriver() throws Exception {
        Attachment attachment = app.attachByReader("Reader A");
        boolean[] interrupted = {true};
        BlockingCall<ResponseApdu> stuck = stuckTransmit(attachment, interrupted);

        ((CoreAttachment) attachment).abandon(Disposition.RESET, "detached by an operator");

        assertThat(stuck.failure()).isInstanceOf(AttachmentClosedException.class)
                .hasMessageContaining("detached by an operator");
        assertThat(interrupted[0]).isFalse();
        assertThat(reader.session().awaitCall("disconnect RESET")).as("the detach went on with its disposition")
                .contains("disconnect RESET");
    }

    @Test
    void ownerGoneReleasesItsCallerStuckInTheDriver() throws Exception {
        BundleCardManager owner = fixture.manager("leaving");
        Attachment attachment = owner.attachByReader("Reader A");
        BlockingCall<ResponseApdu> stuck = stuckTransmit(attachment, new boolean[1]);

        owner.deactivate();

        assertThat(stuck.failure()).isInstanceOf(AttachmentClosedException.class);
    }

    @Test
    void callOverrunningTheDriverCallBoundIsCutShortWithCardTimeout() throws Exception {
        restartWithDriverCallBound(Duration.ofMillis(200));
        Attachment attachment = app.attachByReader("Reader A");
        boolean[] interrupted = {true};
        BlockingCall<ResponseApdu> stuck = stuckTransmit(attachment, interrupted);

        Throwable failure = stuck.failure();

        assertThat(failure).isInstanceOf(CardTimeoutException.class).hasMessageContaining("Reader A")
                .hasMessageContaining("200 ms").hasMessageContaining("driver.call.timeout.ms");
        assertThat(failure.getSuppressed()).as("the driver's own failure is kept").hasSize(1);
        assertThat(interrupted[0]).isFalse();
        gate.open();
        assertThat(attachment.transmit(SELECT_MF).sw()).as("the attachment works again").isEqualTo(0x9000);
    }

    @Test
    void otherReadersAndWaitersOnTheSameCardAreUnaffectedByAStuckCall() throws Exception {
        restartWithTransmitWait(Duration.ofMillis(300));
        FakeReader other = fixture.readerWithCard("Reader B");
        Attachment stuckOne = app.attachByReader("Reader A");
        Attachment sameCard = fixture.manager("neighbour").attachByReader("Reader A");
        Attachment otherCard = app.attachByReader("Reader B");
        BlockingCall<ResponseApdu> stuck = stuckTransmit(stuckOne, new boolean[1]);

        assertThat(otherCard.transmit(SELECT_MF).sw()).isEqualTo(0x9000);
        BlockingCall<ResponseApdu> waiter = BlockingCall.start("same card", () -> sameCard.transmit(SELECT_MF));
        assertThat(waiter.failure()).isInstanceOf(CardTimeoutException.class);
        assertThat(stuck.isDone()).isFalse();
        assertThat(other.sessions()).hasSize(1);
        gate.open();
        assertThat(stuck.result().sw()).isEqualTo(0x9000);
    }

    @Test
    void aCallThatEndsNormallyLeavesNoInterruptBehind() throws Exception {
        restartWithDriverCallBound(Duration.ofMillis(50));
        Attachment attachment = app.attachByReader("Reader A");

        for (int i = 0; i < 100; i++) {
            attachment.transmit(SELECT_MF);
        }

        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    private void restartWithDriverCallBound(Duration bound) {
        restart(TestCore.settings().driverCallTimeout(bound));
    }

    private void restartWithTransmitWait(Duration wait) {
        restart(TestCore.settings().transmitWait(wait));
    }

    private void restart(TestCore.Settings settings) {
        fixture.close();
        fixture = new TestCore(settings.build());
        app = fixture.manager("app");
        reader = fixture.readerWithCard("Reader A");
    }
}

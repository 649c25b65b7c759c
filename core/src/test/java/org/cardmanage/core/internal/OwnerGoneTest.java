package org.cardmanage.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.cardmanage.api.AttachOptions;
import org.cardmanage.api.Attachment;
import org.cardmanage.api.AttachmentClosedException;
import org.cardmanage.api.AttachmentState;
import org.cardmanage.api.CardEvent;
import org.cardmanage.api.CardException;
import org.cardmanage.api.CardLock;
import org.cardmanage.api.Disposition;
import org.cardmanage.api.ScardError;
import org.cardmanage.core.internal.testsupport.BlockingCall;
import org.cardmanage.core.internal.testsupport.FakeReader;
import org.cardmanage.core.internal.testsupport.RecordingListener;
import org.cardmanage.core.internal.testsupport.TestCore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** When a client bundle goes away, its card manager is deactivated and its attachments are cleaned up. */
class OwnerGoneTest {
    private TestCore fixture = new TestCore(TestCore.settings().lockIdleTimeout(Duration.ofSeconds(60)).build());
    private BundleCardManager app = fixture.manager("app");
    private FakeReader reader = fixture.readerWithCard("Reader A");

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void abandonedAttachmentIsDisconnectedWithResetByDefault() throws Exception {
        Attachment attachment = app.attachByReader("Reader A");

        app.deactivate();

        assertThat(reader.session().awaitCall("disconnect RESET")).containsExactly("disconnect RESET");
        assertThat(attachment.state()).isEqualTo(AttachmentState.DETACHED);
        assertThat(app.attachments()).isEmpty();
    }

    @Test
    void everyAttachmentOfTheOwnerIsDetached() throws CardException {
        fixture.reader("Reader B");
        Attachment first = app.attachByReader("Reader A");
        Attachment second = app.attachByReader("Reader A");
        Attachment direct = app.attachByReader("Reader B", AttachOptions.direct());

        app.deactivate();

        assertThat(first.state()).isEqualTo(AttachmentState.DETACHED);
        assertThat(second.state()).isEqualTo(AttachmentState.DETACHED);
        assertThat(direct.state()).isEqualTo(AttachmentState.DETACHED);
    }

    @Test
    void configuredLeaveIsHonoured() throws Exception {
        fixture.close();
        fixture = new TestCore(TestCore.settings().abandonDisposition(Disposition.LEAVE).build());
        app = fixture.manager("app");
        reader = fixture.readerWithCard("Reader A");
        app.attachByReader("Reader A");

        app.deactivate();

        assertThat(reader.session().awaitCall("disconnect LEAVE")).containsExactly("disconnect LEAVE");
    }

    @Test
    void abandonedLockIsFreedForAnotherManagersWaiter() throws Exception {
        BundleCardManager other = fixture.manager("other");
        Attachment holder = app.attachByReader("Reader A");
        Attachment waiter = other.attachByReader("Reader A");
        holder.lock(Duration.ofSeconds(1));
        BlockingCall<CardLock> waiting = BlockingCall.start("waiter", () -> waiter.lock(Duration.ofSeconds(30)))
                .awaitBlocked();

        app.deactivate();

        CardLock acquired = waiting.result();
        assertThat(acquired.isHeld()).isTrue();
        assertThat(acquired.attachment()).isSameAs(waiter);
    }

    @Test
    void abandonedAttachmentThrowsAttachmentClosed() throws CardException {
        Attachment attachment = app.attachByReader("Reader A");

        app.deactivate();

        assertThatThrownBy(attachment::status).isInstanceOf(AttachmentClosedException.class)
                .hasMessageContaining("app");
    }

    @Test
    void listenersHearTheAbandonedAttachmentRevoked() throws Exception {
        RecordingListener listener = fixture.listener();
        Attachment attachment = app.attachByReader("Reader A");

        app.deactivate();

        CardEvent revoked = listener.await(CardEvent.Type.ATTACHMENT_REVOKED, "Reader A");
        assertThat(revoked.attachmentId()).contains(attachment.id());
    }

    @Test
    void otherOwnersAttachmentsAreLeftAlone() throws CardException {
        Attachment theirs = fixture.manager("other").attachByReader("Reader A");
        app.attachByReader("Reader A");

        app.deactivate();

        assertThat(theirs.state()).isEqualTo(AttachmentState.ACTIVE);
        assertThat(reader.sessions().get(0).calls()).isEmpty();
    }

    @Test
    void attachAfterTheOwnerWentAwayIsCancelledAndLeavesNothingBehind() throws Exception {
        app.deactivate();

        assertThatThrownBy(() -> app.attachByReader("Reader A", AttachOptions.exclusive()))
                .isInstanceOf(CardException.class)
                .extracting(e -> ((CardException) e).error()).isEqualTo(ScardError.SCARD_E_CANCELLED);

        assertThat(reader.session().awaitCall("disconnect RESET")).containsExactly("disconnect RESET");
        assertThat(fixture.manager("other").attachByReader("Reader A", AttachOptions.exclusive()).state())
                .isEqualTo(AttachmentState.ACTIVE);
    }

    @Test
    void ownerDetachingBeforeItGoesAwayIsNotDisconnectedTwice() throws CardException {
        Attachment attachment = app.attachByReader("Reader A");
        attachment.detach(Disposition.LEAVE);

        app.deactivate();

        assertThat(reader.session().calls()).containsExactly("disconnect LEAVE");
    }

    @Test
    void ownerGoneDoesNotHangOnADriverThatNeverReturns() throws Exception {
        fixture.close();
        fixture = new TestCore(TestCore.settings().transmitWait(Duration.ofMillis(200)).build());
        app = fixture.manager("app");
        reader = fixture.readerWithCard("Reader A");
        app.attachByReader("Reader A");
        FakeReader.Gate gate = reader.block("disconnect");
        try {
            BlockingCall<Void> deactivation = BlockingCall.<Void>start("bundle stop", () -> {
                app.deactivate();
                return null;
            });

            // "Every blocking call has a timeout; nothing waits forever on a driver": the framework thread that
            // stops the client bundle must come back even though the driver's disconnect never does.
            deactivation.result();
        } finally {
            gate.open();
        }
    }

    @Test
    void theResetOwedUnderAnotherBundlesLockIsAppliedWhenThatLockIsReleased() throws Exception {
        fixture.close();
        fixture = new TestCore(TestCore.settings().transmitWait(Duration.ofSeconds(30))
                .lockIdleTimeout(Duration.ofSeconds(60)).build());
        app = fixture.manager("app");
        reader = fixture.readerWithCard("Reader A");
        Attachment departing = app.attachByReader("Reader A");
        Attachment holder = fixture.manager("other").attachByReader("Reader A");
        CardLock lock = holder.lock(Duration.ofSeconds(1));

        // Returns without waiting for the lock (a waiting stop would take the transmit wait, 30 s here).
        app.deactivate();

        assertThat(departing.state()).isEqualTo(AttachmentState.DETACHED);
        assertThat(reader.sessions().get(0).calls()).as("not reset under the holder's lock").isEmpty();
        holder.transmit(org.cardmanage.api.CommandApdu.parseHex("00 A4 00 0C 02 3F 00"));
        lock.unlock(Disposition.LEAVE);
        assertThat(reader.sessions().get(0).awaitCall("disconnect RESET")).containsExactly("disconnect RESET");
    }

    @Test
    void theResetOwedUnderAnotherBundlesLockIsAppliedWhenThatLockExpires() throws Exception {
        fixture.close();
        fixture = new TestCore(TestCore.settings().transmitWait(Duration.ofSeconds(30))
                .lockIdleTimeout(Duration.ofMillis(100)).build());
        app = fixture.manager("app");
        reader = fixture.readerWithCard("Reader A");
        app.attachByReader("Reader A");
        Attachment holder = fixture.manager("other").attachByReader("Reader A");
        holder.lock(Duration.ofSeconds(1));

        app.deactivate();

        assertThat(reader.sessions().get(0).awaitCall("disconnect RESET")).containsExactly("disconnect RESET");
        assertThat(reader.sessions().get(1).calls()).contains("end RESET");
    }

    @Test
    void theOwnersThreadsWaitingForAnotherBundlesLockAreReleasedAtOnce() throws Exception {
        fixture.close();
        fixture = new TestCore(TestCore.settings().transmitWait(Duration.ofSeconds(30))
                .lockIdleTimeout(Duration.ofSeconds(60)).build());
        app = fixture.manager("app");
        reader = fixture.readerWithCard("Reader A");
        Attachment first = app.attachByReader("Reader A");
        Attachment second = app.attachByReader("Reader A");
        fixture.manager("other").attachByReader("Reader A").lock(Duration.ofSeconds(1));
        BlockingCall<CardLock> locking = BlockingCall.start("lock", () -> second.lock(Duration.ofSeconds(30)))
                .awaitBlocked();
        BlockingCall<org.cardmanage.api.ResponseApdu> sending = BlockingCall.start("transmit",
                () -> first.transmit(org.cardmanage.api.CommandApdu.parseHex("00 A4 00 0C 02 3F 00"))).awaitBlocked();

        app.deactivate();

        assertThat(locking.failure()).isInstanceOf(AttachmentClosedException.class);
        assertThat(sending.failure()).isInstanceOf(AttachmentClosedException.class);
    }

    @Test
    void theCoreStoppingLetsEveryOwedResetReachTheDriverFirst() throws Exception {
        Attachment departing = app.attachByReader("Reader A");
        BundleCardManager other = fixture.manager("other");
        other.attachByReader("Reader A").lock(Duration.ofSeconds(1));
        app.deactivate();
        other.deactivate();

        fixture.close();

        assertThat(departing.state()).isEqualTo(AttachmentState.DETACHED);
        assertThat(reader.sessions()).allSatisfy(session -> assertThat(session.isDisconnected()).isTrue());
        assertThat(reader.sessions().get(0).calls()).containsExactly("disconnect RESET");
    }
}

package org.cardmanage.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.cardmanage.core.internal.testsupport.Apdus.SELECT_MF;

import java.time.Duration;
import java.util.List;

import org.cardmanage.api.Attachment;
import org.cardmanage.api.AttachmentState;
import org.cardmanage.api.CardEvent;
import org.cardmanage.api.CardException;
import org.cardmanage.api.CardLock;
import org.cardmanage.api.CardManager;
import org.cardmanage.api.Disposition;
import org.cardmanage.api.ReaderUnavailableException;
import org.cardmanage.api.ResponseApdu;
import org.cardmanage.api.ShareMode;
import org.cardmanage.core.internal.testsupport.BlockingCall;
import org.cardmanage.core.internal.testsupport.FakeFramework;
import org.cardmanage.core.internal.testsupport.FakeReader;
import org.cardmanage.core.internal.testsupport.RecordingListener;
import org.cardmanage.core.internal.testsupport.TestCore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** When a reader's transport goes away, its attachments are revoked at once and nobody stays blocked. */
class RevocationTest {
    private static final Duration LONG = Duration.ofSeconds(30);

    private final TestCore fixture = new TestCore(
            TestCore.settings().transmitWait(LONG).lockIdleTimeout(Duration.ofSeconds(60)).build());
    private final CardManager app = fixture.manager("app");
    private final CardManager other = fixture.manager("other");
    private final FakeReader reader = fixture.readerWithCard("Reader A");

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void readerRemovalReleasesEveryThreadWaitingForTheCard() throws Exception {
        Attachment holder = app.attachByReader("Reader A");
        Attachment locker = other.attachByReader("Reader A");
        Attachment sender = other.attachByReader("Reader A");
        holder.lock(Duration.ofSeconds(1));
        BlockingCall<CardLock> lockWaiter = BlockingCall.start("lock waiter", () -> locker.lock(LONG)).awaitBlocked();
        BlockingCall<ResponseApdu> transmitWaiter =
                BlockingCall.start("transmit waiter", () -> sender.transmit(SELECT_MF)).awaitBlocked();

        reader.unplug();

        assertThat(lockWaiter.failure()).isInstanceOf(ReaderUnavailableException.class)
                .hasMessageContaining("Reader A");
        assertThat(transmitWaiter.failure()).isInstanceOf(ReaderUnavailableException.class)
                .hasMessageContaining("Reader A");
    }

    @Test
    void revokedAttachmentNamesTheReaderAndTheCause() throws CardException {
        Attachment attachment = app.attachByReader("Reader A");

        reader.unplug();

        assertThat(attachment.state()).isEqualTo(AttachmentState.REVOKED);
        assertThatThrownBy(attachment::status).isInstanceOf(ReaderUnavailableException.class)
                .hasMessageContaining("Reader A")
                .hasMessageContaining("transport service was unregistered");
    }

    @Test
    void aReasonTheDriverGivesReachesTheRevokedAttachment() throws CardException {
        Attachment attachment = app.attachByReader("Reader A");

        reader.unplug("pcscd is not reachable (SCARD_E_NO_SERVICE)");

        assertThatThrownBy(attachment::status).isInstanceOf(ReaderUnavailableException.class)
                .hasMessageContaining("Reader A")
                .hasMessageContaining("pcscd is not reachable (SCARD_E_NO_SERVICE)")
                .hasMessageNotContaining("transport service was unregistered");
    }

    @Test
    void aStoppingDriversFirstUnregisteredReaderRevokesAllItsReadersAtOnce() throws CardException {
        FakeFramework.FakeBundle driver = fixture.driver("org.example.stopping.driver");
        FakeReader first = fixture.reader("Reader B", driver).insert();
        fixture.reader("Reader C", driver).insert();
        Attachment onA = app.attachByReader("Reader A");
        Attachment onB = other.attachByReader("Reader B");
        Attachment onC = app.attachByReader("Reader C");

        driver.stopping();
        first.unplug();

        assertThat(onB.state()).isEqualTo(AttachmentState.REVOKED);
        assertThat(onC.state()).isEqualTo(AttachmentState.REVOKED);
        assertThatThrownBy(onC::status).isInstanceOf(ReaderUnavailableException.class)
                .hasMessageContaining("Reader C").hasMessageContaining("is stopping");
        assertThat(onA.state()).isEqualTo(AttachmentState.ACTIVE);
        assertThat(app.readers()).extracting(info -> info.name()).containsExactly("Reader A");
    }

    @Test
    void aDriverSweepReleasesBlockedCallersAndTellsEachListenerItsReadersInOrder() throws Exception {
        FakeFramework.FakeBundle driver = fixture.driver("org.example.stopping.driver");
        FakeReader second = fixture.reader("Reader B", driver).insert();
        FakeReader third = fixture.reader("Reader D", driver).insert();
        RecordingListener onlyB = fixture.listener("Reader B");
        Attachment holder = app.attachByReader("Reader B");
        Attachment waiter = other.attachByReader("Reader B");
        Attachment bystander = other.attachByReader("Reader B");
        holder.lock(Duration.ofSeconds(1));
        BlockingCall<ResponseApdu> blocked =
                BlockingCall.start("transmit waiter", () -> waiter.transmit(SELECT_MF)).awaitBlocked();

        fixture.stopDriver(driver, third, second);

        assertThat(blocked.failure()).isInstanceOf(ReaderUnavailableException.class)
                .hasMessageContaining("Reader B").hasMessageContaining("is stopping");
        onlyB.await(CardEvent.Type.READER_REMOVED, "Reader B");
        List<CardEvent> sweep = onlyB.events();
        assertThat(sweep).allSatisfy(e -> assertThat(e.readerName()).isEqualTo("Reader B"));
        assertThat(sweep).extracting(CardEvent::type).containsExactly(CardEvent.Type.ATTACHMENT_REVOKED,
                CardEvent.Type.ATTACHMENT_REVOKED, CardEvent.Type.ATTACHMENT_REVOKED, CardEvent.Type.CARD_REMOVED,
                CardEvent.Type.READER_REMOVED);
        assertThat(sweep).filteredOn(e -> e.type() == CardEvent.Type.ATTACHMENT_REVOKED)
                .extracting(e -> e.attachmentId().orElseThrow())
                .containsExactlyInAnyOrder(holder.id(), waiter.id(), bystander.id());
        for (int i = 1; i < sweep.size(); i++) {
            assertThat(sweep.get(i).sequence()).isEqualTo(sweep.get(i - 1).sequence() + 1);
        }
    }

    @Test
    void readerRemovalFreesTheLock() throws CardException {
        CardLock lock = app.attachByReader("Reader A").lock(Duration.ofSeconds(1));

        reader.unplug();

        assertThat(lock.isHeld()).isFalse();
    }

    @Test
    void listenersHearAttachmentRevokedAndReaderRemoved() throws Exception {
        RecordingListener listener = fixture.listener();
        Attachment first = app.attachByReader("Reader A");
        Attachment second = other.attachByReader("Reader A");

        reader.unplug();

        CardEvent removed = listener.await(CardEvent.Type.READER_REMOVED, "Reader A");
        assertThat(removed.reason()).hasValueSatisfying(reason -> assertThat(reason).contains("transport service was unregistered"));
        assertThat(listener.events()).filteredOn(e -> e.type() == CardEvent.Type.ATTACHMENT_REVOKED)
                .extracting(e -> e.attachmentId().orElseThrow())
                .containsExactlyInAnyOrder(first.id(), second.id());
    }

    @Test
    void revokedAttachmentCanStillBeDetachedByItsOwner() throws CardException {
        Attachment attachment = app.attachByReader("Reader A");
        reader.unplug();

        attachment.detach(Disposition.LEAVE);

        assertThat(attachment.state()).isEqualTo(AttachmentState.DETACHED);
        assertThat(app.attachments()).isEmpty();
    }

    @Test
    void readerRemovalDoesNotWaitForADriverCallInProgress() throws Exception {
        RecordingListener listener = fixture.listener();
        Attachment attachment = app.attachByReader("Reader A");
        FakeReader.Gate gate = reader.blockTransmits();
        BlockingCall<ResponseApdu> stuck = BlockingCall.start("stuck transmit", () -> attachment.transmit(SELECT_MF));
        gate.awaitEntered();
        try {
            BlockingCall<Void> unplug = BlockingCall.start("unplug", () -> {
                reader.unplug();
                return null;
            });

            unplug.result();
            listener.await(CardEvent.Type.READER_REMOVED, "Reader A");
            assertThat(attachment.state()).isEqualTo(AttachmentState.REVOKED);
        } finally {
            gate.open();
            stuck.thread().join(BlockingCall.PROMPTLY.toMillis());
        }
    }

    @Test
    void standbyTransportOfTheSameNameTakesOverAndRevokedAttachmentsReconnectToIt() throws Exception {
        FakeReader standby = new FakeReader("Reader A");
        fixture.plug(standby);
        standby.insert();
        Attachment attachment = app.attachByReader("Reader A");
        assertThat(standby.calls()).isEmpty();

        reader.unplug();

        assertThat(attachment.state()).isEqualTo(AttachmentState.REVOKED);
        assertThat(app.readers()).singleElement().satisfies(info -> assertThat(info.cardPresent()).isTrue());
        attachment.reconnect(ShareMode.SHARED, Disposition.LEAVE);
        assertThat(standby.calls()).containsExactly("connect SHARED");
        assertThat(attachment.transmit(SELECT_MF).sw()).isEqualTo(0x9000);
    }

    @Test
    void aRevokedAttachmentsResetReachesTheCardOnceItsReaderIsBackBeforeAnyoneTransmits() throws Exception {
        Attachment departing = app.attachByReader("Reader A");
        reader.unplug();

        departing.close();
        FakeReader back = fixture.plug(new FakeReader("Reader A").insert());
        Attachment next = other.attachByReader("Reader A");
        next.transmit(SELECT_MF);

        back.awaitCall("disconnect RESET");
        List<String> calls = back.calls();
        assertThat(calls.indexOf("disconnect RESET")).as("reset before the next user's first command: " + calls)
                .isLessThan(calls.indexOf(calls.stream().filter(c -> c.startsWith("transmit")).findFirst().orElseThrow()));
    }

    @Test
    void aBundleThatStopsWhileItsReaderIsAwayResetsTheCardWhenTheReaderReturns() throws Exception {
        BundleCardManager leaving = fixture.manager("leaving");
        leaving.attachByReader("Reader A");
        reader.unplug();

        leaving.deactivate();
        FakeReader back = fixture.plug(new FakeReader("Reader A").insert());

        back.awaitCall("disconnect RESET");
    }

    @Test
    void aRevokedAttachmentDetachedWithLeaveOwesNothing() throws Exception {
        Attachment departing = app.attachByReader("Reader A");
        reader.unplug();

        departing.detach(Disposition.LEAVE);
        FakeReader back = fixture.plug(new FakeReader("Reader A").insert());
        other.attachByReader("Reader A").transmit(SELECT_MF);

        assertThat(back.calls()).doesNotContain("disconnect RESET");
    }
}

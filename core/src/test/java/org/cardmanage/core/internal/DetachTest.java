package org.cardmanage.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.cardmanage.core.internal.testsupport.Apdus.SELECT_MF;

import java.time.Duration;

import org.cardmanage.api.CardTimeoutException;
import org.cardmanage.api.AttachOptions;
import org.cardmanage.api.Attachment;
import org.cardmanage.api.AttachmentClosedException;
import org.cardmanage.api.AttachmentState;
import org.cardmanage.api.CardException;
import org.cardmanage.api.CardIOException;
import org.cardmanage.api.CardLock;
import org.cardmanage.api.CardManager;
import org.cardmanage.api.Disposition;
import org.cardmanage.api.ShareMode;
import org.cardmanage.core.internal.testsupport.BlockingCall;
import org.cardmanage.core.internal.testsupport.FakeReader;
import org.cardmanage.core.internal.testsupport.TestCore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DetachTest {
    private TestCore fixture = new TestCore();
    private CardManager app = fixture.manager("app");

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void detachDisconnectsOnceWithTheGivenDisposition() throws CardException {
        FakeReader reader = fixture.readerWithCard("Reader A");
        Attachment attachment = app.attachByReader("Reader A");

        attachment.detach(Disposition.UNPOWER);

        assertThat(reader.session().calls()).containsExactly("disconnect UNPOWER");
    }

    @Test
    void detachedAttachmentIsDetached() throws CardException {
        fixture.readerWithCard("Reader A");
        Attachment attachment = app.attachByReader("Reader A");

        attachment.detach(Disposition.RESET);

        assertThat(attachment.state()).isEqualTo(AttachmentState.DETACHED);
    }

    @Test
    void detachedAttachmentLeavesItsOwnersList() throws CardException {
        fixture.readerWithCard("Reader A");
        Attachment kept = app.attachByReader("Reader A");
        Attachment detached = app.attachByReader("Reader A");

        detached.detach(Disposition.LEAVE);

        assertThat(app.attachments()).containsExactly(kept);
    }

    @Test
    void detachTwiceThrowsAttachmentClosed() throws CardException {
        FakeReader reader = fixture.readerWithCard("Reader A");
        Attachment attachment = app.attachByReader("Reader A");
        attachment.detach(Disposition.LEAVE);

        assertThatThrownBy(() -> attachment.detach(Disposition.LEAVE)).isInstanceOf(AttachmentClosedException.class);
        assertThat(reader.session().calls()).containsExactly("disconnect LEAVE");
    }

    @Test
    void closeIsIdempotentAndDisconnectsOnceWithReset() throws CardException {
        FakeReader reader = fixture.readerWithCard("Reader A");
        Attachment attachment = app.attachByReader("Reader A");

        attachment.close();
        attachment.close();

        assertThat(reader.session().calls()).containsExactly("disconnect RESET");
    }

    @Test
    void closeAfterDetachIsHarmless() throws CardException {
        FakeReader reader = fixture.readerWithCard("Reader A");
        Attachment attachment = app.attachByReader("Reader A");
        attachment.detach(Disposition.RESET);

        assertThatCode(attachment::close).doesNotThrowAnyException();
        assertThat(reader.session().calls()).containsExactly("disconnect RESET");
    }

    @Test
    void nullDispositionIsIllegal() throws CardException {
        fixture.readerWithCard("Reader A");
        Attachment attachment = app.attachByReader("Reader A");

        assertThatThrownBy(() -> attachment.detach(null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(attachment.state()).isEqualTo(AttachmentState.ACTIVE);
    }

    @Test
    void everyCardCallAfterDetachThrowsAttachmentClosed() throws CardException {
        fixture.readerWithCard("Reader A");
        Attachment attachment = app.attachByReader("Reader A");
        attachment.detach(Disposition.LEAVE);

        assertThatThrownBy(() -> attachment.transmit(SELECT_MF)).isInstanceOf(AttachmentClosedException.class);
        assertThatThrownBy(attachment::status).isInstanceOf(AttachmentClosedException.class);
        assertThatThrownBy(() -> attachment.control(1, new byte[0])).isInstanceOf(AttachmentClosedException.class);
        assertThatThrownBy(() -> attachment.lock(Duration.ofSeconds(1)))
                .isInstanceOf(AttachmentClosedException.class);
        assertThatThrownBy(() -> attachment.reconnect(ShareMode.SHARED, Disposition.LEAVE))
                .isInstanceOf(AttachmentClosedException.class);
        assertThatThrownBy(() -> attachment.createInterface(Runnable.class))
                .isInstanceOf(AttachmentClosedException.class);
    }

    @Test
    void detachedDirectAttachmentThrowsAttachmentClosed() throws CardException {
        fixture.reader("Reader A");
        Attachment direct = app.attachByReader("Reader A", AttachOptions.direct());
        direct.close();

        assertThatThrownBy(() -> direct.control(1, new byte[0])).isInstanceOf(AttachmentClosedException.class);
    }

    @Test
    void detachIsDoneEvenIfTheDriverFailsToDisconnect() throws CardException {
        fixture.readerWithCard("Reader A").fail("disconnect", new IllegalStateException("driver bug"));
        Attachment attachment = app.attachByReader("Reader A", AttachOptions.exclusive());

        assertThatThrownBy(() -> attachment.detach(Disposition.RESET)).isInstanceOf(CardIOException.class);

        assertThat(attachment.state()).isEqualTo(AttachmentState.DETACHED);
        assertThat(app.attachments()).isEmpty();
        assertThat(fixture.manager("other").attachByReader("Reader A", AttachOptions.exclusive()).state())
                .isEqualTo(AttachmentState.ACTIVE);
    }

    @Test
    void detachReleasesItsLockForAWaiter() throws Exception {
        fixture.readerWithCard("Reader A");
        Attachment holder = app.attachByReader("Reader A");
        Attachment waiter = fixture.manager("other").attachByReader("Reader A");
        holder.lock(Duration.ofSeconds(1));
        BlockingCall<CardLock> waiting = BlockingCall.start("waiter", () -> waiter.lock(Duration.ofSeconds(30)))
                .awaitBlocked();

        holder.detach(Disposition.RESET);

        assertThat(waiting.result().isHeld()).isTrue();
    }

    @Test
    void detachWakesItsOwnLockWaiterWithAttachmentClosed() throws Exception {
        fixture.readerWithCard("Reader A");
        fixture.manager("holder").attachByReader("Reader A").lock(Duration.ofSeconds(1));
        Attachment waiter = app.attachByReader("Reader A");
        BlockingCall<CardLock> waiting = BlockingCall.start("waiter", () -> waiter.lock(Duration.ofSeconds(30)))
                .awaitBlocked();

        waiter.detach(Disposition.LEAVE);

        assertThat(waiting.failure()).isInstanceOf(AttachmentClosedException.class);
    }

    @Test
    void detachWithResetUnderAnotherAttachmentsLockIsOwedUntilThatLockEnds() throws Exception {
        fixture.close();
        fixture = new TestCore(TestCore.settings().transmitWait(Duration.ofSeconds(30))
                .lockIdleTimeout(Duration.ofSeconds(60)).build());
        FakeReader reader = fixture.readerWithCard("Reader A");
        Attachment leaving = fixture.manager("app").attachByReader("Reader A");
        Attachment other = fixture.manager("other").attachByReader("Reader A");
        CardLock othersLock = other.lock(Duration.ofSeconds(1));

        // Neither pulled from under the lock (PC/SC refuses a RESET while another handle holds a transaction) nor
        // dropped: the detach returns at once, and the RESET waits for the lock.
        leaving.detach(Disposition.RESET);

        assertThat(leaving.state()).isEqualTo(AttachmentState.DETACHED);
        assertThat(reader.sessions().get(0).calls()).doesNotContain("disconnect RESET", "disconnect LEAVE");
        assertThat(othersLock.isHeld()).isTrue();
        other.transmit(org.cardmanage.api.CommandApdu.parseHex("00 A4 00 0C 02 3F 00"));

        othersLock.unlock(Disposition.LEAVE);

        assertThat(reader.sessions().get(0).awaitCall("disconnect RESET")).containsExactly("disconnect RESET");
    }

    @Test
    void detachDoesNotWaitForAnotherAttachmentsLock() throws Exception {
        fixture.close();
        fixture = new TestCore(TestCore.settings().transmitWait(Duration.ofSeconds(30))
                .lockIdleTimeout(Duration.ofSeconds(60)).build());
        FakeReader reader = fixture.readerWithCard("Reader A");
        Attachment holder = fixture.manager("holder").attachByReader("Reader A");
        Attachment leaving = fixture.manager("app").attachByReader("Reader A");
        holder.lock(Duration.ofSeconds(1));

        BlockingCall<Void> detach = BlockingCall.start("detach", () -> {
            leaving.detach(Disposition.LEAVE);
            return null;
        });

        detach.result();
        assertThat(reader.sessions().get(1).calls()).containsExactly("disconnect LEAVE");
    }
}

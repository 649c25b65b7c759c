package org.cardmanage.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.cardmanage.api.AttachOptions;
import org.cardmanage.api.Attachment;
import org.cardmanage.api.AttachmentState;
import org.cardmanage.api.CardException;
import org.cardmanage.api.CardIOException;
import org.cardmanage.api.CardManager;
import org.cardmanage.api.CardState;
import org.cardmanage.api.NoCardException;
import org.cardmanage.api.ScardError;
import org.cardmanage.api.ShareMode;
import org.cardmanage.api.SharingViolationException;
import org.cardmanage.api.UnknownReaderException;
import org.cardmanage.core.internal.testsupport.FakeReader;
import org.cardmanage.core.internal.testsupport.TestCore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AttachByReaderTest {
    private final TestCore fixture = new TestCore();
    private final CardManager app = fixture.manager("app");
    private final CardManager other = fixture.manager("other");

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void unknownReaderIsRefusedListingTheKnownReaders() {
        fixture.reader("Reader A");
        fixture.reader("Reader B");

        assertThatThrownBy(() -> app.attachByReader("Reader X"))
                .isInstanceOf(UnknownReaderException.class)
                .hasMessageContaining("Reader X")
                .hasMessageContaining("Reader A")
                .hasMessageContaining("Reader B")
                .extracting(e -> ((CardException) e).error()).isEqualTo(ScardError.SCARD_E_UNKNOWN_READER);
    }

    @Test
    void removedReaderIsUnknown() {
        fixture.readerWithCard("Reader A").unplug();

        assertThatThrownBy(() -> app.attachByReader("Reader A")).isInstanceOf(UnknownReaderException.class);
    }

    @Test
    void nullReaderNameIsIllegal() {
        assertThatThrownBy(() -> app.attachByReader(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nullOptionsAreIllegal() {
        fixture.readerWithCard("Reader A");

        assertThatThrownBy(() -> app.attachByReader("Reader A", null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void emptyReaderRefusesASharedAttach() {
        fixture.reader("Reader A");

        assertThatThrownBy(() -> app.attachByReader("Reader A")).isInstanceOf(NoCardException.class)
                .hasMessageContaining("Reader A");
    }

    @Test
    void emptyReaderRefusesAnExclusiveAttach() {
        fixture.reader("Reader A");

        assertThatThrownBy(() -> app.attachByReader("Reader A", AttachOptions.exclusive()))
                .isInstanceOf(NoCardException.class);
    }

    @Test
    void directAttachWorksWithoutACard() throws CardException {
        FakeReader reader = fixture.reader("Reader A");

        Attachment direct = app.attachByReader("Reader A", AttachOptions.direct());

        assertThat(direct.state()).isEqualTo(AttachmentState.ACTIVE);
        assertThat(direct.shareMode()).isEqualTo(ShareMode.DIRECT);
        assertThat(direct.handle()).isEmpty();
        assertThat(direct.status().state()).isEqualTo(CardState.ABSENT);
        assertThat(reader.calls()).containsExactly("connect DIRECT");
    }

    @Test
    void directAttachExchangesControlCodes() throws CardException {
        FakeReader reader = fixture.reader("Reader A").controlResponse(new byte[] {0x0A, 0x0B});

        Attachment direct = app.attachByReader("Reader A", AttachOptions.direct());

        assertThat(direct.control(0x42, new byte[0])).containsExactly(0x0A, 0x0B);
        assertThat(reader.calls()).contains("control 66");
    }

    @Test
    void sharedAttachConnectsToTheCardInTheReader() throws CardException {
        FakeReader reader = fixture.readerWithCard("Reader A");

        Attachment attachment = app.attachByReader("Reader A");

        assertThat(attachment.state()).isEqualTo(AttachmentState.ACTIVE);
        assertThat(attachment.readerName()).isEqualTo("Reader A");
        assertThat(attachment.shareMode()).isEqualTo(ShareMode.SHARED);
        assertThat(attachment.handle()).isEqualTo(app.readers().get(0).card());
        assertThat(reader.calls()).containsExactly("connect SHARED");
        assertThat(app.attachments()).containsExactly(attachment);
    }

    @Test
    void attachmentsListsOnlyTheCallersOwn() throws CardException {
        fixture.readerWithCard("Reader A");

        Attachment mine = app.attachByReader("Reader A");
        Attachment theirs = other.attachByReader("Reader A");

        assertThat(app.attachments()).containsExactly(mine);
        assertThat(other.attachments()).containsExactly(theirs);
    }

    @Test
    void twoSharedAttachmentsCoexist() throws CardException {
        fixture.readerWithCard("Reader A");

        Attachment first = app.attachByReader("Reader A");
        Attachment second = other.attachByReader("Reader A");

        assertThat(first.state()).isEqualTo(AttachmentState.ACTIVE);
        assertThat(second.state()).isEqualTo(AttachmentState.ACTIVE);
    }

    @Test
    void exclusiveAttachRefusedWhileSharedExists() throws CardException {
        fixture.readerWithCard("Reader A");
        app.attachByReader("Reader A");

        assertThatThrownBy(() -> other.attachByReader("Reader A", AttachOptions.exclusive()))
                .isInstanceOf(SharingViolationException.class)
                .hasMessageContaining("Reader A");
    }

    @Test
    void sharedAttachRefusedWhileExclusiveExists() throws CardException {
        fixture.readerWithCard("Reader A");
        app.attachByReader("Reader A", AttachOptions.exclusive());

        assertThatThrownBy(() -> other.attachByReader("Reader A"))
                .isInstanceOf(SharingViolationException.class)
                .hasMessageContaining("Reader A");
    }

    @Test
    void exclusiveAttachRefusedWhileExclusiveExists() throws CardException {
        fixture.readerWithCard("Reader A");
        app.attachByReader("Reader A", AttachOptions.exclusive());

        assertThatThrownBy(() -> other.attachByReader("Reader A", AttachOptions.exclusive()))
                .isInstanceOf(SharingViolationException.class);
    }

    @Test
    void refusedAttachDoesNotReachTheDriver() throws CardException {
        FakeReader reader = fixture.readerWithCard("Reader A");
        app.attachByReader("Reader A", AttachOptions.exclusive());

        assertThatThrownBy(() -> other.attachByReader("Reader A")).isInstanceOf(SharingViolationException.class);

        assertThat(reader.count("connect SHARED")).isZero();
    }

    @Test
    void exclusiveAttachSucceedsOnceTheSharedOneIsDetached() throws CardException {
        fixture.readerWithCard("Reader A");
        Attachment shared = app.attachByReader("Reader A");

        shared.close();

        assertThat(other.attachByReader("Reader A", AttachOptions.exclusive()).state())
                .isEqualTo(AttachmentState.ACTIVE);
    }

    @Test
    void driverConnectFailureIsReportedAsCardIOExceptionNamingTheReader() {
        IllegalStateException driverBug = new IllegalStateException("driver bug");
        fixture.readerWithCard("Reader A").fail("connect", driverBug);

        assertThatThrownBy(() -> app.attachByReader("Reader A", AttachOptions.exclusive()))
                .isInstanceOf(CardIOException.class)
                .hasMessageContaining("Reader A")
                .hasCause(driverBug);
    }

    @Test
    void failedConnectLeavesNoClaim() throws CardException {
        FakeReader reader = fixture.readerWithCard("Reader A").failOnce("connect", new IllegalStateException("boom"));
        assertThatThrownBy(() -> app.attachByReader("Reader A", AttachOptions.exclusive()))
                .isInstanceOf(CardIOException.class);

        Attachment exclusive = other.attachByReader("Reader A", AttachOptions.exclusive());

        assertThat(exclusive.state()).isEqualTo(AttachmentState.ACTIVE);
        assertThat(app.attachments()).isEmpty();
        assertThat(reader.count("connect EXCLUSIVE")).isEqualTo(2);
    }

    @Test
    void driverCardExceptionFromConnectReachesTheCallerUnchanged() {
        CardException mismatch = new CardException(ScardError.SCARD_E_PROTO_MISMATCH, "no common protocol");
        fixture.readerWithCard("Reader A").fail("connect", mismatch);

        assertThatThrownBy(() -> app.attachByReader("Reader A")).isSameAs(mismatch);
    }
}

package org.cardmanage.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.cardmanage.api.AttachOptions;
import org.cardmanage.api.Atr;
import org.cardmanage.api.Attachment;
import org.cardmanage.api.AttachmentState;
import org.cardmanage.api.CardException;
import org.cardmanage.api.CardHandle;
import org.cardmanage.api.CardManager;
import org.cardmanage.api.CardRemovedException;
import org.cardmanage.api.ReaderUnavailableException;
import org.cardmanage.api.ShareMode;
import org.cardmanage.core.internal.testsupport.FakeReader;
import org.cardmanage.core.internal.testsupport.TestCore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AttachByHandleTest {
    private final TestCore fixture = new TestCore();
    private final CardManager app = fixture.manager("app");

    @AfterEach
    void stop() {
        fixture.close();
    }

    private CardHandle cardIn(String readerName) {
        return app.readers().stream().filter(r -> r.name().equals(readerName)).findFirst().orElseThrow().card()
                .orElseThrow();
    }

    @Test
    void handleFromReadersAttachesToThatCard() throws CardException {
        FakeReader reader = fixture.readerWithCard("Reader A");
        CardHandle handle = cardIn("Reader A");

        Attachment attachment = app.attachByHandle(handle);

        assertThat(attachment.state()).isEqualTo(AttachmentState.ACTIVE);
        assertThat(attachment.readerName()).isEqualTo("Reader A");
        assertThat(attachment.handle()).contains(handle);
        assertThat(reader.calls()).containsExactly("connect SHARED");
    }

    @Test
    void handleFromAnAttachmentAttachesExclusively() throws CardException {
        fixture.readerWithCard("Reader A");
        Attachment first = app.attachByReader("Reader A");
        CardHandle handle = first.handle().orElseThrow();
        first.close();

        Attachment exclusive = app.attachByHandle(handle, AttachOptions.exclusive());

        assertThat(exclusive.shareMode()).isEqualTo(ShareMode.EXCLUSIVE);
    }

    @Test
    void nullHandleIsIllegal() {
        assertThatThrownBy(() -> app.attachByHandle(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void handleImplementedByTheCallerIsRefused() {
        fixture.readerWithCard("Reader A");
        CardHandle forged = new CardHandle() {
            @Override
            public String readerName() {
                return "Reader A";
            }

            @Override
            public Atr atr() {
                return Atr.parseHex(FakeReader.ATR_1);
            }
        };

        assertThatThrownBy(() -> app.attachByHandle(forged)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void handleFromAnotherCoreIsRefused() {
        fixture.readerWithCard("Reader A");
        try (TestCore otherRun = new TestCore()) {
            otherRun.readerWithCard("Reader A");
            CardHandle foreign = otherRun.manager("app").readers().get(0).card().orElseThrow();

            assertThatThrownBy(() -> app.attachByHandle(foreign)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void handleOfARemovedCardIsRefused() {
        FakeReader reader = fixture.readerWithCard("Reader A");
        CardHandle handle = cardIn("Reader A");

        reader.remove();

        assertThatThrownBy(() -> app.attachByHandle(handle)).isInstanceOf(CardRemovedException.class);
    }

    @Test
    void handleOfARemovedCardIsRefusedAfterAnotherInsertion() {
        FakeReader reader = fixture.readerWithCard("Reader A");
        CardHandle handle = cardIn("Reader A");

        reader.remove();
        reader.insert();

        assertThatThrownBy(() -> app.attachByHandle(handle)).isInstanceOf(CardRemovedException.class);
        assertThat(reader.count("connect SHARED")).isZero();
    }

    @Test
    void handleOfAGoneReaderIsReaderUnavailable() {
        FakeReader reader = fixture.readerWithCard("Reader A");
        CardHandle handle = cardIn("Reader A");

        reader.unplug();

        assertThatThrownBy(() -> app.attachByHandle(handle)).isInstanceOf(ReaderUnavailableException.class);
    }

    @Test
    void handleDiesWithItsReaderEvenIfTheNewDriverCountsInsertionsFromOneAgain() {
        FakeReader first = fixture.readerWithCard("Reader A");
        CardHandle handle = cardIn("Reader A");
        first.unplug();

        // The restarted driver's counter starts again: its first card has insertion 1, like the old handle's.
        FakeReader restarted = fixture.readerWithCard("Reader A");

        assertThatThrownBy(() -> app.attachByHandle(handle)).isInstanceOf(CardRemovedException.class);
        assertThat(restarted.count("connect SHARED")).isZero();
    }

    @Test
    void directAttachByHandleIsRefused() {
        fixture.readerWithCard("Reader A");
        CardHandle handle = cardIn("Reader A");

        assertThatThrownBy(() -> app.attachByHandle(handle, AttachOptions.direct()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

package org.cardmanage.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.cardmanage.api.AttachmentState;
import org.cardmanage.api.CardException;
import org.cardmanage.api.CardFilter;
import org.cardmanage.api.CardHandle;
import org.cardmanage.api.CardManager;
import org.cardmanage.api.CardTimeoutException;
import org.cardmanage.api.ScardError;
import org.cardmanage.core.internal.testsupport.BlockingCall;
import org.cardmanage.core.internal.testsupport.FakeReader;
import org.cardmanage.core.internal.testsupport.TestCore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LocateTest {
    private static final Duration LONG = Duration.ofSeconds(30);
    private static final CardFilter ATR_2 = CardFilter.atrHex(FakeReader.ATR_2, "FFFFFFFF");

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
    void presentMatchingCardIsFoundAtOnce() throws CardException {
        fixture.readerWithCard("Reader A");

        CardHandle found = app.locate(CardFilter.any(), Duration.ZERO);

        assertThat(found).isEqualTo(cardIn("Reader A"));
    }

    @Test
    void locateWaitsForAnInsertion() throws Exception {
        FakeReader reader = fixture.reader("Reader A");
        BlockingCall<CardHandle> locate = BlockingCall.start("locate", () -> app.locate(CardFilter.any(), LONG))
                .awaitBlocked();
        assertThat(locate.isDone()).isFalse();

        reader.insert();

        assertThat(locate.result()).isEqualTo(cardIn("Reader A"));
    }

    @Test
    void locateIgnoresCardsThatDoNotMatch() throws Exception {
        fixture.readerWithCard("Reader A"); // ATR_1
        FakeReader b = fixture.reader("Reader B");
        BlockingCall<CardHandle> locate = BlockingCall.start("locate", () -> app.locate(ATR_2, LONG)).awaitBlocked();

        b.insert(FakeReader.ATR_2);

        assertThat(locate.result()).isEqualTo(cardIn("Reader B"));
    }

    @Test
    void locateFiltersByReaderPattern() throws CardException {
        fixture.readerWithCard("Other 1");
        fixture.readerWithCard("Sim 1");

        CardHandle found = app.locate(CardFilter.any().withReaderPattern("Sim*"), Duration.ZERO);

        assertThat(found.readerName()).isEqualTo("Sim 1");
    }

    @Test
    void locateFindsACardInAReaderThatAppearsLater() throws Exception {
        BlockingCall<CardHandle> locate = BlockingCall.start("locate", () -> app.locate(CardFilter.any(), LONG))
                .awaitBlocked();

        fixture.readerWithCard("Reader A");

        assertThat(locate.result()).isEqualTo(cardIn("Reader A"));
    }

    @Test
    void locateTimesOutWithCardTimeoutException() {
        fixture.readerWithCard("Reader A");

        assertThatThrownBy(() -> app.locate(ATR_2, Duration.ofMillis(50)))
                .isInstanceOf(CardTimeoutException.class);
    }

    @Test
    void zeroTimeoutChecksOnce() {
        fixture.reader("Reader A");

        assertThatThrownBy(() -> app.locate(CardFilter.any(), Duration.ZERO))
                .isInstanceOf(CardTimeoutException.class);
    }

    @Test
    void interruptedLocateIsCancelledWithTheInterruptFlagSet() throws Exception {
        fixture.reader("Reader A");
        AtomicBoolean flagSet = new AtomicBoolean();
        BlockingCall<Void> locate = BlockingCall.<Void>start("locate", () -> {
            try {
                app.locate(CardFilter.any(), LONG);
                return null;
            } finally {
                flagSet.set(Thread.currentThread().isInterrupted());
            }
        }).awaitBlocked();

        locate.thread().interrupt();

        assertThat(locate.failure()).isExactlyInstanceOf(CardException.class)
                .extracting(e -> ((CardException) e).error()).isEqualTo(ScardError.SCARD_E_CANCELLED);
        assertThat(flagSet).isTrue();
    }

    @Test
    void coreDeactivationCancelsWaitingLocates() throws Exception {
        fixture.reader("Reader A");
        BlockingCall<CardHandle> locate = BlockingCall.start("locate", () -> app.locate(CardFilter.any(), LONG))
                .awaitBlocked();

        fixture.core().deactivate();

        assertThat(locate.failure()).isExactlyInstanceOf(CardException.class)
                .extracting(e -> ((CardException) e).error()).isEqualTo(ScardError.SCARD_E_CANCELLED);
    }

    @Test
    void locateAfterCoreDeactivationIsCancelled() {
        fixture.reader("Reader A");
        fixture.core().deactivate();

        assertThatThrownBy(() -> app.locate(CardFilter.any(), Duration.ofSeconds(1)))
                .isExactlyInstanceOf(CardException.class)
                .extracting(e -> ((CardException) e).error()).isEqualTo(ScardError.SCARD_E_CANCELLED);
    }

    @Test
    void negativeTimeoutIsIllegal() {
        assertThatThrownBy(() -> app.locate(CardFilter.any(), Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nullArgumentsAreIllegal() {
        assertThatThrownBy(() -> app.locate(null, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> app.locate(CardFilter.any(), null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void locatedHandleAttaches() throws CardException {
        fixture.readerWithCard("Reader A");

        CardHandle found = app.locate(CardFilter.any(), Duration.ZERO);

        assertThat(app.attachByHandle(found).state()).isEqualTo(AttachmentState.ACTIVE);
    }

    @Test
    void aCardThatLocateReturnsCanBeAttachedAtOnce() throws Exception {
        // A reader registered with its card in: locate() is woken by the insertion, and the reader must already be
        // listed then. Repeated, because the window this closes was a few instructions wide.
        for (int round = 0; round < 300; round++) {
            String name = "Reader " + round;
            BlockingCall<org.cardmanage.api.Attachment> found = BlockingCall.start("locate and attach", () ->
                    app.attachByHandle(app.locate(CardFilter.any().withReaderPattern(name), Duration.ofSeconds(10))))
                    .awaitBlocked();
            fixture.plug(new FakeReader(name).insert());
            found.result().close();
        }
    }
}

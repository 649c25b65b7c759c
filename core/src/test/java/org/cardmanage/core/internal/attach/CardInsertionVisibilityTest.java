package org.cardmanage.core.internal.attach;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.cardmanage.api.AttachOptions;
import org.cardmanage.api.CardEvent;
import org.cardmanage.api.CardFilter;
import org.cardmanage.api.CardHandle;
import org.cardmanage.core.internal.BundleCardManager;
import org.cardmanage.core.internal.testsupport.BlockingCall;
import org.cardmanage.core.internal.testsupport.FakeReader;
import org.cardmanage.core.internal.testsupport.RecordingListener;
import org.cardmanage.core.internal.testsupport.TestCore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A card insertion becomes visible in steps: the slot records it (and queues CARD_INSERTED) under its monitor, then
 * wakes its arbiter, then the core rebuilds the {@code readers()} snapshot. These tests hold the arbiter's mutex to
 * stop an insertion between the first and the last step, deterministically, and check what a caller sees there.
 */
class CardInsertionVisibilityTest {
    private final TestCore fixture = new TestCore();
    private final BundleCardManager app = fixture.manager("app");

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void locateFindsACardWhoseInsertionWasAlreadyAnnounced() throws Exception {
        RecordingListener listener = fixture.listener();
        FakeReader reader = fixture.reader("Reader A");
        CardArbiter arbiter = ((CoreAttachment) app.attachByReader("Reader A", AttachOptions.direct())).arbiter();
        BlockingCall<Void> insertion;
        CardHandle found = null;
        Throwable failure = null;
        try (AutoCloseable held = arbiter.holdForTest()) {
            insertion = BlockingCall.<Void>start("insert", () -> {
                reader.insert();
                return null;
            }).awaitBlocked();
            listener.await(CardEvent.Type.CARD_INSERTED, "Reader A");
            // The card is in, and listeners were told. locate() must find it (the wait is only a bound).
            try {
                found = app.locate(CardFilter.any(), Duration.ofMillis(200));
            } catch (Exception e) {
                failure = e;
            }
        }
        insertion.result();

        assertThat(failure).as("locate() after CARD_INSERTED was announced").isNull();
        assertThat(found).isEqualTo(app.readers().get(0).card().orElseThrow());
    }

    @Test
    void readersListsACardWhoseInsertionWasAlreadyAnnounced() throws Exception {
        RecordingListener listener = fixture.listener();
        FakeReader reader = fixture.reader("Reader A");
        CardArbiter arbiter = ((CoreAttachment) app.attachByReader("Reader A", AttachOptions.direct())).arbiter();
        BlockingCall<Void> insertion;
        boolean listed;
        try (AutoCloseable held = arbiter.holdForTest()) {
            insertion = BlockingCall.<Void>start("insert", () -> {
                reader.insert();
                return null;
            }).awaitBlocked();
            listener.await(CardEvent.Type.CARD_INSERTED, "Reader A");
            // A listener told CARD_INSERTED that asks readers() must see the card.
            listed = app.readers().get(0).cardPresent();
        }
        insertion.result();

        assertThat(listed).as("readers() after CARD_INSERTED was announced lists the card").isTrue();
    }
}

package org.cardmanage.webconsole.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.cardmanage.api.CardEvent;
import org.junit.jupiter.api.Test;

class EventLogTest {

    private static CardEvent event(long sequence) {
        return new CardEvent(CardEvent.Type.CARD_INSERTED, "Reader A", sequence, Instant.EPOCH, null, null, null);
    }

    @Test
    void keepsTheNewestEventsNewestFirst() {
        EventLog log = new EventLog(3);
        for (long i = 1; i <= 5; i++) {
            log.cardEvent(event(i));
        }

        assertThat(log.recent()).extracting(CardEvent::sequence).containsExactly(5L, 4L, 3L);
    }

    @Test
    void startsEmpty() {
        assertThat(new EventLog().recent()).isEmpty();
    }

    @Test
    void needsAPositiveCapacity() {
        assertThatThrownBy(() -> new EventLog(0)).isInstanceOf(IllegalArgumentException.class);
    }
}

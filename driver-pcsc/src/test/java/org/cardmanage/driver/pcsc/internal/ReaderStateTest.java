package org.cardmanage.driver.pcsc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReaderStateTest {

    @Test
    void eventStateCarriesPresenceAndPcscdsEventCounter() {
        ReaderState state = ReaderState.of(0x00030122);
        assertThat(state.present()).isTrue();
        assertThat(state.events()).isEqualTo(3);
        assertThat(ReaderState.of(0x00020012).present()).isFalse();
    }

    @Test
    void aCardIsNewWhenItAppearsOrWhenTheCounterMovedUnderIt() {
        ReaderState empty = new ReaderState(false, 2);
        ReaderState card = new ReaderState(true, 3);
        assertThat(card.isNewCardSince(null)).isTrue();
        assertThat(card.isNewCardSince(empty)).isTrue();
        assertThat(card.isNewCardSince(card)).isFalse();
        assertThat(new ReaderState(true, 5).isNewCardSince(card)).as("removed and reinserted between two looks")
                .isTrue();
        assertThat(empty.isNewCardSince(card)).isFalse();
    }

    @Test
    void anUnknownCounterNeverSignalsAReplacement() {
        assertThat(new ReaderState(true, -1).isNewCardSince(new ReaderState(true, -1))).isFalse();
    }
}

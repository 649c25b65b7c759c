package org.cardmanage.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.cardmanage.api.Atr;
import org.cardmanage.api.CardEvent;
import org.cardmanage.api.CardEvent.Type;
import org.cardmanage.core.internal.testsupport.FakeReader;
import org.cardmanage.core.internal.testsupport.RecordingListener;
import org.cardmanage.core.internal.testsupport.TestCore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventDeliveryTest {
    private final TestCore fixture = new TestCore();

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void eventsAreDeliveredOffTheCallersThread() throws Exception {
        RecordingListener listener = fixture.listener();

        fixture.readerWithCard("Reader A");

        listener.await(Type.CARD_INSERTED, "Reader A");
        assertThat(listener.threads()).isNotEmpty().doesNotContain(Thread.currentThread());
    }

    @Test
    void aReadersLifeIsToldInOrder() throws Exception {
        RecordingListener listener = fixture.listener();

        FakeReader reader = fixture.readerWithCard("Reader A");
        reader.remove();
        reader.unplug();

        List<CardEvent> events = listener.awaitCount(4);
        assertThat(events).extracting(CardEvent::type)
                .containsExactly(Type.READER_ADDED, Type.CARD_INSERTED, Type.CARD_REMOVED, Type.READER_REMOVED);
        assertThat(events).extracting(CardEvent::readerName).containsOnly("Reader A");
    }

    @Test
    void cardInsertedCarriesTheAtr() throws Exception {
        RecordingListener listener = fixture.listener();

        fixture.reader("Reader A").insert(FakeReader.ATR_2);

        assertThat(listener.await(Type.CARD_INSERTED, "Reader A").atr()).contains(Atr.parseHex(FakeReader.ATR_2));
    }

    @Test
    void sequenceGrowsByOnePerEventOfEachReader() throws Exception {
        RecordingListener listener = fixture.listener();
        FakeReader a = fixture.reader("Reader A");
        FakeReader b = fixture.reader("Reader B");
        for (int i = 0; i < 5; i++) {
            a.insert();
            b.insert();
            a.remove();
            b.remove();
        }
        a.unplug();
        b.unplug();

        List<CardEvent> events = listener.awaitCount(2 * (1 + 10 + 1));
        Map<String, List<Long>> sequences = new TreeMap<>();
        for (CardEvent event : events) {
            sequences.computeIfAbsent(event.readerName(), name -> new ArrayList<>()).add(event.sequence());
        }
        assertThat(sequences).containsOnlyKeys("Reader A", "Reader B");
        sequences.values().forEach(sequence -> {
            assertThat(sequence).isSorted().doesNotHaveDuplicates();
            for (int i = 1; i < sequence.size(); i++) {
                assertThat(sequence.get(i)).isEqualTo(sequence.get(i - 1) + 1);
            }
        });
    }

    @Test
    void listenerThatThrowsKeepsReceiving() throws Exception {
        RecordingListener listener = fixture.listener().behaviour(event -> {
            throw new IllegalStateException("listener bug");
        });

        FakeReader reader = fixture.readerWithCard("Reader A");
        reader.remove();

        listener.await(Type.CARD_REMOVED, "Reader A");
        assertThat(listener.events()).extracting(CardEvent::type)
                .containsExactly(Type.READER_ADDED, Type.CARD_INSERTED, Type.CARD_REMOVED);
    }

    @Test
    void listenerThatThrowsAnErrorKeepsReceiving() throws Exception {
        RecordingListener listener = fixture.listener().behaviour(event -> {
            if (event.type() == Type.READER_ADDED) {
                throw new AssertionError("listener assertion failed");
            }
        });

        FakeReader reader = fixture.readerWithCard("Reader A");
        reader.remove();

        listener.await(Type.CARD_REMOVED, "Reader A");
        assertThat(listener.events()).extracting(CardEvent::type)
                .containsExactly(Type.READER_ADDED, Type.CARD_INSERTED, Type.CARD_REMOVED);
    }

    @Test
    void blockedListenerDoesNotHoldUpAnother() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(1);
        RecordingListener stuck = fixture.listener().behaviour(event -> {
            blocked.countDown();
            release.await(30, TimeUnit.SECONDS);
        });
        RecordingListener free = fixture.listener();
        try {
            FakeReader reader = fixture.readerWithCard("Reader A");
            assertThat(blocked.await(5, TimeUnit.SECONDS)).isTrue();
            reader.remove();
            reader.unplug();

            free.await(Type.READER_REMOVED, "Reader A");
            assertThat(stuck.events()).isEmpty();
        } finally {
            release.countDown();
        }
        stuck.await(Type.READER_REMOVED, "Reader A");
    }

    @Test
    void readerPatternChoosesWhichReadersAListenerHears() throws Exception {
        RecordingListener simOnly = fixture.listener("Sim*");

        fixture.readerWithCard("Other 1").unplug();
        fixture.readerWithCard("Sim 1").remove();

        simOnly.await(Type.CARD_REMOVED, "Sim 1");
        // Events are delivered in order, so the other reader's earlier events would have come first.
        assertThat(simOnly.events()).extracting(CardEvent::readerName).containsOnly("Sim 1");
    }

    @Test
    void listenerAddedLaterHearsOnlyLaterEvents() throws Exception {
        fixture.readerWithCard("Reader A");
        RecordingListener late = fixture.listener();

        fixture.reader("Reader B");

        late.await(Type.READER_ADDED, "Reader B");
        assertThat(late.events()).extracting(CardEvent::readerName).containsOnly("Reader B");
    }
}

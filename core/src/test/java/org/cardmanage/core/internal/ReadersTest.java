package org.cardmanage.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.List;
import java.util.Map;

import org.cardmanage.api.Atr;
import org.cardmanage.api.CardHandle;
import org.cardmanage.api.CardManager;
import org.cardmanage.api.ReaderInfo;
import org.cardmanage.core.internal.testsupport.FakeReader;
import org.cardmanage.core.internal.testsupport.TestCore;
import org.cardmanage.spi.ReaderTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReadersTest {
    private final TestCore fixture = new TestCore();
    private final CardManager manager = fixture.manager("app");

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void noReadersMeansAnEmptyList() {
        assertThat(manager.readers()).isEmpty();
    }

    @Test
    void readersAreSortedByName() {
        fixture.reader("Reader C");
        fixture.reader("Reader A");
        fixture.reader("Reader B");

        assertThat(manager.readers()).extracting(ReaderInfo::name).containsExactly("Reader A", "Reader B", "Reader C");
    }

    @Test
    void readersIsASnapshotThatLaterChangesDoNotTouch() {
        fixture.reader("Reader A");
        List<ReaderInfo> before = manager.readers();

        fixture.readerWithCard("Reader B");

        assertThat(before).extracting(ReaderInfo::name).containsExactly("Reader A");
        assertThat(manager.readers()).extracting(ReaderInfo::name).containsExactly("Reader A", "Reader B");
    }

    @Test
    void readerAppearsWhenItsTransportIsAdded() {
        fixture.reader("Reader A");

        assertThat(manager.readers()).singleElement().satisfies(info -> {
            assertThat(info.name()).isEqualTo("Reader A");
            assertThat(info.driver()).isEqualTo(FakeReader.DRIVER);
            assertThat(info.cardPresent()).isFalse();
        });
    }

    @Test
    void readerDisappearsWhenItsTransportIsRemoved() {
        FakeReader reader = fixture.reader("Reader A");
        fixture.reader("Reader B");

        reader.unplug();

        assertThat(manager.readers()).extracting(ReaderInfo::name).containsExactly("Reader B");
    }

    @Test
    void transportWithoutReaderNameIsIgnored() {
        fixture.register(new FakeReader("unnamed"), Map.of(ReaderTransport.DRIVER_NAME, "fake"));

        assertThat(manager.readers()).isEmpty();
    }

    @Test
    void cardPresenceFollowsPropertyUpdates() {
        FakeReader reader = fixture.reader("Reader A");

        reader.insert();
        assertThat(manager.readers().get(0).cardPresent()).isTrue();

        reader.remove();
        assertThat(manager.readers().get(0).cardPresent()).isFalse();
        assertThat(manager.readers().get(0).card()).isEmpty();
    }

    @Test
    void atrFollowsPropertyUpdates() {
        FakeReader reader = fixture.reader("Reader A");

        reader.insert(FakeReader.ATR_1);
        assertThat(manager.readers().get(0).atr()).contains(Atr.parseHex(FakeReader.ATR_1));

        reader.remove();
        reader.insert(FakeReader.ATR_2);
        assertThat(manager.readers().get(0).atr()).contains(Atr.parseHex(FakeReader.ATR_2));
    }

    @Test
    void eachInsertionGetsANewHandle() {
        FakeReader reader = fixture.readerWithCard("Reader A");
        CardHandle first = manager.readers().get(0).card().orElseThrow();

        reader.remove();
        reader.insert();

        CardHandle second = manager.readers().get(0).card().orElseThrow();
        assertThat(second).isNotEqualTo(first);
        assertThat(second.readerName()).isEqualTo("Reader A");
    }

    @Test
    void stringValuedPropertiesAreUnderstood() {
        fixture.register(new FakeReader("Reader S"), Map.of(
                ReaderTransport.READER_NAME, "Reader S",
                ReaderTransport.DRIVER_NAME, "fake",
                ReaderTransport.CARD_PRESENT, "true",
                ReaderTransport.CARD_ATR, FakeReader.ATR_1,
                ReaderTransport.CARD_INSERTION, "3"));

        assertThat(manager.readers()).singleElement().satisfies(info -> {
            assertThat(info.cardPresent()).isTrue();
            assertThat(info.atr()).contains(Atr.parseHex(FakeReader.ATR_1));
        });
    }

    @Test
    void malformedAtrPropertyKeepsTheReaderAndItsCardListed() {
        FakeReader reader = fixture.reader("Reader A");

        assertThatCode(() -> reader.insert("3B ZZ not an ATR")).doesNotThrowAnyException();

        assertThat(manager.readers()).singleElement().satisfies(info -> {
            assertThat(info.name()).isEqualTo("Reader A");
            assertThat(info.cardPresent()).isTrue();
        });
    }

    @Test
    void malformedAtrPropertyReadsAsAnUnknownAtr() {
        fixture.reader("Reader A").insert("3B");

        ReaderInfo info = manager.readers().get(0);

        // The card is there but its ATR could not be read: ReaderInfo.atr() must say "unknown", not throw.
        assertThatCode(info::atr).doesNotThrowAnyException();
        assertThat(info.atr()).isEmpty();
    }
}

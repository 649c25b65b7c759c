package org.cardmanage.core.internal.reader;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.cardmanage.api.Atr;
import org.cardmanage.spi.ReaderTransport;
import org.junit.jupiter.api.Test;

class ReaderPropertiesTest {
    private static final String ATR = "3B021450";

    private static Map<String, Object> reader(Object... keysAndValues) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(ReaderTransport.READER_NAME, "Reader A");
        properties.put(ReaderTransport.DRIVER_NAME, "fake");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return properties;
    }

    @Test
    void propertiesWithoutAReaderNameNameNoReader() {
        assertThat(ReaderProperties.from(Map.of(ReaderTransport.DRIVER_NAME, "fake"))).isNull();
        assertThat(ReaderProperties.from(Map.of(ReaderTransport.READER_NAME, "  "))).isNull();
        assertThat(ReaderProperties.from(Map.of(ReaderTransport.READER_NAME, 42))).isNull();
    }

    @Test
    void missingDriverNameIsUnknown() {
        assertThat(ReaderProperties.from(Map.of(ReaderTransport.READER_NAME, "Reader A")).driverName())
                .isEqualTo("unknown");
    }

    @Test
    void cardWithAtrAndInsertionIsRead() {
        ReaderProperties properties = ReaderProperties.from(reader(
                ReaderTransport.CARD_PRESENT, true, ReaderTransport.CARD_ATR, ATR, ReaderTransport.CARD_INSERTION, 7L));

        assertThat(properties).isEqualTo(new ReaderProperties("Reader A", "fake", true, Atr.parseHex(ATR), 7L));
    }

    @Test
    void stringAndIntegerValuesAreAccepted() {
        ReaderProperties properties = ReaderProperties.from(reader(
                ReaderTransport.CARD_PRESENT, "TRUE", ReaderTransport.CARD_ATR, "3B 02 14 50",
                ReaderTransport.CARD_INSERTION, " 12 "));
        ReaderProperties integer = ReaderProperties.from(reader(ReaderTransport.CARD_INSERTION, 3));

        assertThat(properties.cardPresent()).isTrue();
        assertThat(properties.atr()).isEqualTo(Atr.parseHex(ATR));
        assertThat(properties.insertion()).isEqualTo(12L);
        assertThat(integer.insertion()).isEqualTo(3L);
    }

    @Test
    void unreadableInsertionIsIgnored() {
        assertThat(ReaderProperties.from(reader(ReaderTransport.CARD_INSERTION, "many")).insertion()).isNull();
    }

    @Test
    void malformedAtrIsNotBelieved() {
        ReaderProperties properties = ReaderProperties.from(reader(
                ReaderTransport.CARD_PRESENT, true, ReaderTransport.CARD_ATR, "3B 02"));

        assertThat(properties.cardPresent()).isTrue();
        assertThat(properties.atr()).isNull();
    }

    @Test
    void atrOfAnAbsentCardIsIgnored() {
        ReaderProperties properties = ReaderProperties.from(reader(
                ReaderTransport.CARD_PRESENT, false, ReaderTransport.CARD_ATR, ATR));

        assertThat(properties.cardPresent()).isFalse();
        assertThat(properties.atr()).isNull();
    }
}

package org.cardmanage.remote.internal.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.logging.LogRecord;

import org.cardmanage.remote.internal.wire.Reader;
import org.cardmanage.remote.internal.wire.ReaderEvent;
import org.cardmanage.spi.ReaderTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

/** A farm's readers become local transports named FARM/READER, and follow the farm's events. */
class FarmLinkReadersTest {
    static final String ATR_HEX = "3B8F8001804F0CA000000306030001000000006A";
    static final byte[] ATR = HexFormat.of().parseHex(ATR_HEX);

    private final FarmFixture fixture;
    private final LogCapture log = new LogCapture();

    FarmLinkReadersTest() throws Exception {
        fixture = new FarmFixture();
    }

    @AfterEach
    void tearDown() throws Exception {
        log.close();
        fixture.close();
    }

    @Test
    void readersAppearAsFarmSlashReaderWithTheirProperties() throws Exception {
        fixture.farm.preset(List.of(FakeFarm.reader("Reader 0", ATR, 7), FakeFarm.reader("Reader 1", null, 3)));
        fixture.link();

        Map<String, Object> withCard = fixture.awaitReader("lab/Reader 0").properties();
        Map<String, Object> without = fixture.awaitReader("lab/Reader 1").properties();

        assertThat(withCard).containsEntry(ReaderTransport.READER_NAME, "lab/Reader 0")
                .containsEntry(ReaderTransport.DRIVER_NAME, "remote")
                .containsEntry(ReaderTransport.CARD_PRESENT, true)
                .containsEntry(ReaderTransport.CARD_INSERTION, 7L)
                .containsEntry(ReaderTransport.CARD_ATR, ATR_HEX)
                .containsEntry(RemoteTransport.REMOTE_HOST, "lab")
                .containsEntry(RemoteTransport.REMOTE_READER, "Reader 0")
                .containsEntry(RemoteTransport.REMOTE_DRIVER, "sim")
                .containsEntry(RemoteTransport.REMOTE_ADDRESS, "127.0.0.1:" + fixture.port());
        assertThat(without).containsEntry(ReaderTransport.CARD_PRESENT, false)
                .containsEntry(ReaderTransport.CARD_INSERTION, 3L)
                .doesNotContainKey(ReaderTransport.CARD_ATR);
        assertThat(fixture.registry.liveNames()).containsExactly("lab/Reader 0", "lab/Reader 1");
    }

    @Test
    void aReaderAddedOnTheFarmIsRegistered() throws Exception {
        fixture.link();
        Await.until("the stream is open", () -> fixture.farm.watchers() == 1);

        fixture.farm.put(FakeFarm.reader("New", null, 1));

        assertThat(fixture.awaitReader("lab/New").properties()).containsEntry(ReaderTransport.CARD_PRESENT, false);
    }

    @Test
    void aReaderRemovedOnTheFarmIsUnregistered() throws Exception {
        fixture.farm.preset(List.of(FakeFarm.reader("Gone", null, 1), FakeFarm.reader("Stays", null, 1)));
        fixture.link();
        fixture.awaitReader("lab/Gone");

        fixture.farm.remove("Gone");

        fixture.awaitGone("lab/Gone");
        assertThat(fixture.registry.liveNames()).containsExactly("lab/Stays");
    }

    @Test
    void aCardChangeUpdatesThePropertiesOfTheSameService() throws Exception {
        fixture.farm.preset(List.of(FakeFarm.reader("R", null, 1)));
        fixture.link();
        RecordingContext.Registration before = fixture.awaitReader("lab/R");

        fixture.farm.put(FakeFarm.reader("R", ATR, 2));

        Await.until("the card is seen", () -> Boolean.TRUE.equals(
                fixture.registry.live("lab/R").properties().get(ReaderTransport.CARD_PRESENT)));
        RecordingContext.Registration after = fixture.registry.live("lab/R");
        assertThat(after.id).isEqualTo(before.id);
        assertThat(after.properties()).containsEntry(ReaderTransport.CARD_ATR, ATR_HEX)
                .containsEntry(ReaderTransport.CARD_INSERTION, 2L);
    }

    /** A lone surrogate cannot cross the wire (protobuf sends UTF-8): {@link ReaderCheckTest} covers it. */
    @Test
    void invalidReadersAreSkippedWithOneWarningThatIsNotRepeated() throws Exception {
        fixture.farm.preset(List.of(
                FakeFarm.reader("ok", null, 1),
                FakeFarm.reader("bell\u0007", null, 1),
                FakeFarm.reader("x".repeat(129), null, 1),
                FakeFarm.reader("", null, 1),
                FakeFarm.reader("short atr", new byte[] {0x3B}, 1),
                FakeFarm.reader("long atr", new byte[34], 1)));
        fixture.link();
        fixture.awaitReader("lab/ok");

        fixture.farm.put(FakeFarm.reader("ok", ATR, 2)); // another reconcile with the same rogue readers
        Await.until("the card change is seen", () -> Boolean.TRUE.equals(
                fixture.registry.live("lab/ok").properties().get(ReaderTransport.CARD_PRESENT)));

        assertThat(fixture.registry.liveNames()).containsExactly("lab/ok");
        List<LogRecord> warnings = log.problems();
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0).getMessage()).contains("5 reader(s) that cannot be used")
                .contains("control character").contains("129 characters").contains("0 characters")
                .contains("ATR has 1 bytes").doesNotContain("\u0007");
    }

    @Test
    void aValidUnicodeNameIsAccepted() throws Exception {
        fixture.farm.preset(List.of(FakeFarm.reader("Lecteur \u00e9 \uD83D\uDD11", null, 1)));
        fixture.link();

        fixture.awaitReader("lab/Lecteur \u00e9 \uD83D\uDD11");
    }

    @Test
    void atMost256ReadersAreRegisteredAndTheRestIsWarnedAboutOnce() throws Exception {
        List<Reader> many = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            many.add(FakeFarm.reader(String.format("R%03d", i), null, 1));
        }
        fixture.farm.preset(many);
        fixture.link();
        fixture.awaitReader("lab/R255");

        fixture.farm.put(FakeFarm.reader("R000", ATR, 2));
        Await.until("the card change is seen", () -> Boolean.TRUE.equals(
                fixture.registry.live("lab/R000").properties().get(ReaderTransport.CARD_PRESENT)));

        assertThat(fixture.registry.live()).hasSize(ReaderReconciler.MAX_READERS);
        assertThat(fixture.registry.live("lab/R256")).isNull();
        assertThat(log.problems()).hasSize(1);
        assertThat(log.problems().get(0).getMessage()).contains("300 readers").contains("256");
    }

    @Test
    void anEventOfAnUnknownKindIsIgnored() throws Exception {
        fixture.farm.preset(List.of(FakeFarm.reader("R", null, 1)));
        fixture.link();
        fixture.awaitReader("lab/R");

        fixture.farm.push(ReaderEvent.newBuilder().setKindValue(99).setRunId(fixture.farm.runId)
                .addReaders(Reader.newBuilder().setName("ghost").setAtr(ByteString.copyFrom(ATR))).build());
        fixture.farm.put(FakeFarm.reader("After", null, 1));

        fixture.awaitReader("lab/After");
        assertThat(fixture.registry.liveNames()).containsExactly("lab/After", "lab/R");
    }

    @Test
    void closingTheLinkUnregistersEveryReader() throws Exception {
        fixture.farm.preset(List.of(FakeFarm.reader("A", null, 1), FakeFarm.reader("B", null, 1)));
        FarmLink link = fixture.link();
        fixture.awaitReader("lab/B");

        link.close();

        assertThat(fixture.registry.live()).isEmpty();
    }
}

package org.cardmanage.itests.pcsc;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.TerminalFactory;

import org.cardmanage.api.AttachOptions;
import org.cardmanage.api.Attachment;
import org.cardmanage.api.AttachmentState;
import org.cardmanage.api.CardEvent;
import org.cardmanage.api.CardHandle;
import org.cardmanage.api.CardLock;
import org.cardmanage.api.CardRemovedException;
import org.cardmanage.api.CardState;
import org.cardmanage.api.CardStatus;
import org.cardmanage.api.Disposition;
import org.cardmanage.api.NoCardException;
import org.cardmanage.api.NotSupportedException;
import org.cardmanage.api.Protocol;
import org.cardmanage.api.ReaderInfo;
import org.cardmanage.api.ResponseApdu;
import org.cardmanage.api.ShareMode;
import org.cardmanage.itests.Apdus;
import org.cardmanage.itests.EventRecorder;
import org.cardmanage.spi.ReaderTransport;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;

/**
 * driver-pcsc in Felix against a real pcscd: listing, attach, transmit, lock, reconnect, detach, DIRECT, card events
 * and their latency, a foreign card (Debian's Python vicc), and the cost of the driver over a raw JDK transmit.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PcscReaderIT extends PcscTestBase {
    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    private static final int SAMPLES = 2000;

    private EventRecorder recorder;
    private ServiceListener listener;

    @Configuration
    public Option[] config() {
        return options(pcscOptions());
    }

    @After
    public void unregister() {
        if (recorder != null) {
            recorder.unregister();
        }
        if (listener != null) {
            context.removeServiceListener(listener);
        }
    }

    @Test
    public void bothVpcdReadersAreListedAsPcscReadersWithTheCardAndItsAtr() {
        ReaderInfo reader = awaitReader(PcscTestBed.READER_0);
        assertEquals("pcsc", reader.driver());
        assertTrue(reader.cardPresent());
        assertEquals(DEMO_ATR, HEX.formatHex(reader.atr().orElseThrow().bytes()));
        assertEquals("pcsc", awaitReader(PcscTestBed.READER_1).driver());
    }

    @Test
    public void attachTransmitLockReconnectDetach() throws Exception {
        Attachment attachment = cardManager().attachByReader(PcscTestBed.READER_0);
        CardStatus status = attachment.status();
        assertEquals(CardState.SPECIFIC, status.state());
        assertEquals(Protocol.T1, status.protocol().orElseThrow());
        assertEquals(DEMO_ATR, HEX.formatHex(status.atr().orElseThrow().bytes()));

        assertEquals(Apdus.SW_OK, attachment.transmit(Apdus.SELECT_MF).sw());
        assertEquals(Apdus.SW_OK, attachment.transmit(Apdus.SELECT_EF_2F01).sw());
        ResponseApdu read = attachment.transmit(Apdus.readBinary(0, 200));
        assertEquals(200, read.dataLength());
        assertEquals((byte) 199, read.data()[199]);

        Apdus.verifyPin(attachment);
        assertEquals(Apdus.SW_OK, Apdus.readSecretFile(attachment));
        try (CardLock lock = attachment.lock(Duration.ofSeconds(2))) {
            assertTrue(lock.isHeld());
            assertEquals(Apdus.SW_OK, Apdus.readSecretFile(attachment));
        }
        // A second attachment on the same card works between locks: one PC/SC connection, shared.
        try (Attachment other = cardManager().attachByReader(PcscTestBed.READER_0)) {
            assertEquals(Apdus.SW_OK, other.transmit(Apdus.SELECT_MF).sw());
        }
        attachment.reconnect(ShareMode.SHARED, Disposition.RESET);
        assertEquals("the reset cleared the PIN", Apdus.SW_SECURITY_NOT_SATISFIED, Apdus.readSecretFile(attachment));
        attachment.detach(Disposition.LEAVE);
        assertEquals(AttachmentState.DETACHED, attachment.state());
    }

    @Test
    public void unlockWithResetClearsTheSecurityState() throws Exception {
        try (Attachment attachment = cardManager().attachByReader(PcscTestBed.READER_0)) {
            CardLock lock = attachment.lock(Duration.ofSeconds(2));
            Apdus.verifyPin(attachment);
            assertEquals(Apdus.SW_OK, Apdus.readSecretFile(attachment));
            lock.unlock(Disposition.RESET);
            assertEquals(Apdus.SW_SECURITY_NOT_SATISFIED, Apdus.readSecretFile(attachment));
        }
    }

    @Test
    public void reconnectWithUnpowerClearsTheSecurityState() throws Exception {
        try (Attachment attachment = cardManager().attachByReader(PcscTestBed.READER_0)) {
            Apdus.verifyPin(attachment);
            attachment.reconnect(ShareMode.SHARED, Disposition.UNPOWER); // SCardReconnect(SCARD_UNPOWER_CARD)
            assertEquals("the power-down cleared the PIN", Apdus.SW_SECURITY_NOT_SATISFIED,
                    Apdus.readSecretFile(attachment));
            assertEquals("still usable", Apdus.SW_OK, attachment.transmit(Apdus.SELECT_MF).sw());
        }
    }

    @Test
    public void directAttachWorksWithoutACard() throws Exception {
        awaitReader(PcscTestBed.READER_1);
        try (Attachment direct = cardManager().attachByReader(PcscTestBed.READER_1, AttachOptions.direct())) {
            assertEquals(ShareMode.DIRECT, direct.shareMode());
            assertEquals(CardState.ABSENT, direct.status().state());
            // vpcd implements no control codes: PC/SC says so, and the driver says it clearly.
            assertThrows(NotSupportedException.class, () -> direct.control(0x42000000 + 3400, new byte[0]));
        }
        assertThrows(NoCardException.class, () -> cardManager().attachByReader(PcscTestBed.READER_1));
    }

    @Test
    public void insertionAndRemovalReachAListenerAndTheServiceProperties() throws Exception {
        card.remove();
        awaitPcscEmpty(PcscTestBed.READER_0);
        recorder = EventRecorder.register(context, PcscTestBed.READER_0);
        List<long[]> presence = new CopyOnWriteArrayList<>(); // {nanoTime, present 1/0}
        listener = event -> {
            if (event.getType() == ServiceEvent.MODIFIED) {
                Object present = event.getServiceReference().getProperty(ReaderTransport.CARD_PRESENT);
                presence.add(new long[] {System.nanoTime(), Boolean.TRUE.equals(present) ? 1 : 0});
            }
        };
        context.addServiceListener(listener, "(&(objectClass=" + ReaderTransport.class.getName() + ")("
                + ReaderTransport.READER_NAME + "=" + PcscTestBed.READER_0 + "))");

        long[] insertLatency = new long[3];
        long[] removeLatency = new long[3];
        for (int i = 0; i < insertLatency.length; i++) {
            int seen = presence.size();
            long inserted = System.nanoTime();
            card.insert();
            int expected = i + 1;
            CardEvent in = org.cardmanage.itests.Await.value("card insertion #" + expected, () -> {
                List<CardEvent> insertions = recorder.events().stream()
                        .filter(e -> e.type() == CardEvent.Type.CARD_INSERTED).toList();
                return insertions.size() >= expected ? insertions.get(expected - 1) : null;
            }, PCSC_WAIT);
            assertEquals(DEMO_ATR, HEX.formatHex(in.atr().orElseThrow().bytes()));
            insertLatency[i] = firstChange(presence, seen, 1) - inserted;
            seen = presence.size();
            long removed = System.nanoTime();
            card.remove();
            awaitPcscEmpty(PcscTestBed.READER_0);
            removeLatency[i] = firstChange(presence, seen, 0) - removed;
            // The service property and the listener are told on different threads: wait for both.
            org.cardmanage.itests.Await.value("card removal #" + expected, () -> recorder.events().stream()
                    .filter(e -> e.type() == CardEvent.Type.CARD_REMOVED).count() >= expected ? true : null,
                    PCSC_WAIT);
        }
        List<CardEvent> events = recorder.events();
        long insertions = events.stream().filter(e -> e.type() == CardEvent.Type.CARD_INSERTED).count();
        long removals = events.stream().filter(e -> e.type() == CardEvent.Type.CARD_REMOVED).count();
        assertEquals(3, insertions);
        assertEquals(3, removals);
        System.out.println("MEASURED card.present latency after a vpcd card connects (ms): "
                + Arrays.toString(millis(insertLatency)) + "; after it disconnects (ms): "
                + Arrays.toString(millis(removeLatency)));
        card.insert();
    }

    private static long firstChange(List<long[]> presence, int from, long present) {
        return org.cardmanage.itests.Await.value("card.present becomes " + (present == 1), () -> {
            for (int i = from; i < presence.size(); i++) {
                if (presence.get(i)[1] == present) {
                    return presence.get(i)[0];
                }
            }
            return null;
        }, PCSC_WAIT);
    }

    private static String[] millis(long[] nanos) {
        return Arrays.stream(nanos).mapToObj(n -> String.format("%.0f", n / 1e6)).toArray(String[]::new);
    }

    @Test
    public void aForeignCardWorksToo() throws Exception {
        PcscTestBed.Helper vicc = PcscTestBed.vicc(PcscTestBed.PORT_1);
        try {
            CardHandle handle = awaitPcscCard(PcscTestBed.READER_1);
            assertEquals(PcscTestBed.VICC_ATR, HEX.formatHex(handle.atr().bytes()));
            try (Attachment attachment = cardManager().attachByHandle(handle)) {
                // SELECT MF without asking for the FCI: vicc crashes on P2=00 (see PCSC-TESTBED.md).
                assertEquals(Apdus.SW_OK, attachment.transmit(Apdus.SELECT_MF).sw());
                ResponseApdu challenge = attachment.transmit(org.cardmanage.api.CommandApdu.parseHex(
                        "00 84 00 00 08"));
                assertEquals(Apdus.SW_OK, challenge.sw());
                assertEquals(8, challenge.dataLength());
            }
        } finally {
            vicc.close();
        }
        awaitPcscEmpty(PcscTestBed.READER_1);
    }

    @Test
    public void driverAndRawJdkTransmitsGiveTheSameAnswer() throws Exception {
        // Also prints both latencies for the closing note; speed goals live in bench/, not in a test.
        byte[] select = Apdus.SELECT_MF.bytes();
        long[] driver = new long[SAMPLES];
        try (Attachment attachment = cardManager().attachByReader(PcscTestBed.READER_0)) {
            for (int i = 0; i < SAMPLES; i++) {
                attachment.transmit(Apdus.SELECT_MF); // warm-up
            }
            for (int i = 0; i < SAMPLES; i++) {
                long start = System.nanoTime();
                ResponseApdu response = attachment.transmit(Apdus.SELECT_MF);
                driver[i] = System.nanoTime() - start;
                assertArrayEquals(new byte[] {(byte) 0x90, 0x00}, response.bytes());
            }
        }
        long[] raw = new long[SAMPLES];
        Card jdkCard = TerminalFactory.getInstance("PC/SC", null).terminals().getTerminal(PcscTestBed.READER_0)
                .connect("*");
        try {
            CardChannel channel = jdkCard.getBasicChannel();
            for (int i = 0; i < SAMPLES; i++) {
                channel.transmit(new CommandAPDU(select));
            }
            for (int i = 0; i < SAMPLES; i++) {
                long start = System.nanoTime();
                byte[] response = channel.transmit(new CommandAPDU(select)).getBytes();
                raw[i] = System.nanoTime() - start;
                assertArrayEquals(new byte[] {(byte) 0x90, 0x00}, response);
            }
        } finally {
            jdkCard.disconnect(false);
        }
        Arrays.sort(driver);
        Arrays.sort(raw);
        System.out.printf("MEASURED transmit SELECT MF, %d samples: raw JDK median %.1f us p99 %.1f us; "
                + "card manager + driver-pcsc median %.1f us p99 %.1f us%n", SAMPLES, raw[SAMPLES / 2] / 1e3,
                raw[SAMPLES * 99 / 100] / 1e3, driver[SAMPLES / 2] / 1e3, driver[SAMPLES * 99 / 100] / 1e3);
    }

    @Test
    public void aRemovedCardFailsTheAttachmentUntilReconnect() throws Exception {
        Attachment attachment = cardManager().attachByReader(PcscTestBed.READER_0);
        CardHandle first = attachment.handle().orElseThrow();
        card.remove();
        awaitPcscEmpty(PcscTestBed.READER_0);
        assertThrows(CardRemovedException.class, () -> attachment.transmit(Apdus.SELECT_MF));
        card.insert();
        CardHandle second = awaitNewCard(PcscTestBed.READER_0, first);
        assertThrows(CardRemovedException.class, () -> cardManager().attachByHandle(first));
        attachment.reconnect(ShareMode.SHARED, Disposition.LEAVE);
        assertEquals(second, attachment.handle().orElseThrow());
        assertEquals(Apdus.SW_OK, attachment.transmit(Apdus.SELECT_MF).sw());
        attachment.close();
    }
}

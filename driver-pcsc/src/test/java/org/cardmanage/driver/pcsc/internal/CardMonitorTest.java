package org.cardmanage.driver.pcsc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import org.awaitility.Awaitility;
import org.cardmanage.driver.pcsc.internal.fake.FakeCard;
import org.cardmanage.driver.pcsc.internal.fake.FakeClient;
import org.cardmanage.driver.pcsc.internal.fake.FakePcscd;
import org.cardmanage.driver.pcsc.internal.session.CardView;
import org.cardmanage.driver.pcsc.internal.session.Connector;
import org.cardmanage.driver.pcsc.internal.session.ContextPool;
import org.cardmanage.driver.pcsc.internal.session.ReaderLink;
import org.cardmanage.driver.pcsc.internal.session.SessionTools;
import org.cardmanage.driver.pcsc.internal.session.WaitGuard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The monitor against a fake pcscd: readers and cards come and go, pcscd goes and comes back, the driver stops. */
class CardMonitorTest {
    private static final byte[] ATR = {0x3B, 0x02, 0x14, 0x50};
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final FakePcscd pcscd = new FakePcscd();
    private final FakeClient port = pcscd.client();
    private final ContextPool contexts = new ContextPool(port, 4);
    private final Connector connector = new Connector(port, contexts);
    private final WaitGuard guard = new WaitGuard();
    private final SessionTools tools = new SessionTools(port, contexts, connector, guard, Duration.ofSeconds(1), true);
    private final Map<String, PcscReader> registered = new ConcurrentHashMap<>();
    private final List<String> ups = new CopyOnWriteArrayList<>();
    private final List<String> downs = new CopyOnWriteArrayList<>();
    private final ReaderRegistry registry = new ReaderRegistry(reader -> registered.put(reader.name(), reader),
            new ReaderFilter(List.of("*"), List.of("Hidden*")), name -> new ReaderLink(name, tools),
            name -> new byte[0]);
    private final PcscSettings settings = new PcscSettings(PcscSettings.Backend.NATIVE, "",
            new ReaderFilter(List.of("*"), List.of()), Duration.ofSeconds(1), Duration.ofSeconds(30),
            Duration.ofMillis(20), Duration.ofMillis(250));
    private final CardMonitor monitor = new CardMonitor(port, settings, registry, new CardMonitor.Service() {
        @Override
        public void up() {
            ups.add("up");
        }

        @Override
        public void down(String reason) {
            downs.add(reason);
            contexts.discardAll();
        }
    });

    @AfterEach
    void stop() {
        monitor.stop();
        guard.close();
        connector.close();
        contexts.close();
    }

    @Test
    void readersAndCardsReachTheRegistryWithTheAtrPcscdReports() {
        pcscd.addReader("Reader A");
        pcscd.addReader("Hidden Reader");
        monitor.start();
        until(() -> registered.containsKey("Reader A"));

        pcscd.reader("Reader A").insert(FakeCard.answering9000(ATR));
        until(() -> card("Reader A").present());
        assertThat(card("Reader A").atr()).containsExactly(ATR);
        assertThat(card("Reader A").insertion()).isEqualTo(1);

        pcscd.reader("Reader A").remove();
        until(() -> !card("Reader A").present());
        pcscd.reader("Reader A").insert(FakeCard.answering9000(ATR));
        until(() -> card("Reader A").present());
        assertThat(card("Reader A").insertion()).isEqualTo(2);

        pcscd.addReader("Reader B");
        until(() -> registered.containsKey("Reader B"));
        assertThat(registered).doesNotContainKey("Hidden Reader");
        assertThat(registry.readers()).extracting(PcscReader::name).containsExactly("Reader A", "Reader B");

        pcscd.removeReader("Reader B");
        until(() -> registry.readers().size() == 1);
    }

    @Test
    void pcscdGoingAwayRemovesEveryReaderWithTheReasonAndTheyComeBackWithIt() {
        pcscd.addReader("Reader A").insert(FakeCard.answering9000(ATR));
        monitor.start();
        until(() -> registered.containsKey("Reader A") && card("Reader A").present());
        ReaderLink before = registered.get("Reader A").link();

        pcscd.stopService();
        until(() -> registry.readers().isEmpty());
        assertThat(downs).anySatisfy(reason -> assertThat(reason).startsWith("pcscd is not reachable (SCARD_"));

        pcscd.startService();
        until(() -> registry.readers().size() == 1 && registry.readers().get(0).link().card().present());
        assertThat(registry.readers().get(0).link()).isNotSameAs(before);
        assertThat(registry.readers().get(0).link().card().insertion())
                .as("insertion counters keep growing across pcscd restarts").isEqualTo(2);
        assertThat(ups).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void stoppingCancelsTheWaitAndReleasesTheMonitorsContext() {
        pcscd.addReader("Reader A");
        monitor.start();
        until(() -> registered.containsKey("Reader A"));
        until(() -> pcscd.waiting("SCardGetStatusChange") == 1);

        assertThat(monitor.stop()).as("the monitor's wait is 30 s: only SCardCancel ends it").isTrue();
        until(() -> pcscd.liveContexts() == 0);
    }

    @Test
    void theMonitorWaitsForPcscdWhenItIsAbsentAtStart() {
        pcscd.stopService();
        monitor.start();
        until(() -> pcscd.calls("SCardEstablishContext") >= 2);
        assertThat(registry.readers()).isEmpty();

        pcscd.startService();
        pcscd.addReader("Reader A");
        until(() -> registered.containsKey("Reader A"));
    }

    private CardView card(String reader) {
        return registered.get(reader).link().card();
    }

    private static void until(BooleanSupplier condition) {
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(5)).until(condition::getAsBoolean);
    }
}

package org.cardmanage.webconsole.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.cardmanage.api.Atr;
import org.cardmanage.api.CardEvent;
import org.cardmanage.api.CardHandle;
import org.cardmanage.api.CardManager;
import org.cardmanage.api.ReaderInfo;
import org.cardmanage.api.admin.CardAdmin;
import org.junit.jupiter.api.Test;

class ConsoleDataTest {
    private static final Instant NOW = Instant.ofEpochMilli(100_000);
    private static final Atr DEMO = Atr.parseHex("3BF81300008131FE45434D53494D2D5431F1");

    private final FakeAdmin admin = new FakeAdmin(Duration.ofSeconds(5))
            .with(Map.of(CardAdmin.ID, "a-1", CardAdmin.READER, "Sim Reader 0", CardAdmin.CREATED, 40_000L,
                    CardAdmin.LOCK_HELD, true, CardAdmin.LOCK_IDLE_MS, 7L))
            .with(Map.of(CardAdmin.ID, "a-2", CardAdmin.READER, "Sim Reader 0", CardAdmin.CREATED, 90_000L,
                    CardAdmin.LOCK_HELD, false));
    private final CardManager manager = manager(List.of(
            new ReaderInfo("Sim Reader 0", "sim", handle("Sim Reader 0", DEMO)),
            new ReaderInfo("PC/SC 1", "pcsc", null)));
    private final FakeSim sim = new FakeSim().reader("Sim Reader 0", "demo");

    @Test
    void readersCarryTheirDecodedAtrAttachmentCountLockHolderAndWhetherSimulated() {
        Map<String, Object> data = ConsoleData.snapshot(manager, admin, List.of(), sim, List.of(), NOW);

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> readers = (List<Map<String, Object>>) data.get("readers");
        assertThat(readers).hasSize(2);
        assertThat(readers.get(0)).containsEntry("name", "Sim Reader 0").containsEntry("driver", "sim")
                .containsEntry("cardPresent", true).containsEntry("simulated", true)
                .containsEntry("attachments", 2).containsEntry("lockHolder", "a-1");
        @SuppressWarnings("unchecked")
        Map<String, Object> atr = (Map<String, Object>) readers.get(0).get("atr");
        assertThat(atr).containsEntry("historicalText", "CMSIM-T1");
        assertThat(readers.get(1)).containsEntry("cardPresent", false).containsEntry("atr", null)
                .containsEntry("simulated", false).containsEntry("attachments", 0);
    }

    @Test
    void attachmentsGetTheirAge() {
        Map<String, Object> data = ConsoleData.snapshot(manager, admin, List.of(), sim, List.of(), NOW);

        @SuppressWarnings("unchecked")
        Map<String, Object> first = ((List<Map<String, Object>>) data.get("attachments")).get(0);
        assertThat(first).containsEntry("ageMs", 60_000L).containsEntry(CardAdmin.LOCK_IDLE_MS, 7L);
        assertThat(data).containsEntry("lockIdleTimeoutMs", 5000L).containsEntry("coreRunning", true);
    }

    @Test
    void eventsAreListedWithTheirDetails() {
        CardEvent revoked = new CardEvent(CardEvent.Type.ATTACHMENT_REVOKED, "Sim Reader 0", 4, NOW, null, "a-3",
                "detached by admin");

        Map<String, Object> data = ConsoleData.snapshot(manager, admin, List.of(revoked), sim, List.of(), NOW);

        @SuppressWarnings("unchecked")
        Map<String, Object> row = ((List<Map<String, Object>>) data.get("events")).get(0);
        assertThat(row).containsEntry("time", 100_000L).containsEntry("type", "ATTACHMENT_REVOKED")
                .containsEntry("reader", "Sim Reader 0").containsEntry("sequence", 4L)
                .containsEntry("attachment", "a-3").containsEntry("reason", "detached by admin")
                .containsEntry("atr", null);
    }

    @Test
    void withoutTheCoreThePageSaysSoAndListsNothing() {
        Map<String, Object> data = ConsoleData.snapshot(null, null, List.of(), null, List.of(), NOW);

        assertThat(data).containsEntry("coreRunning", false).containsEntry("readers", List.of())
                .containsEntry("attachments", List.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> simulator = (Map<String, Object>) data.get("simulator");
        assertThat(simulator).containsEntry("available", false);
    }

    private static CardHandle handle(String reader, Atr atr) {
        return (CardHandle) Proxy.newProxyInstance(CardHandle.class.getClassLoader(),
                new Class<?>[] {CardHandle.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "readerName" -> reader;
                    case "atr" -> atr;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> "handle";
                });
    }

    private static CardManager manager(List<ReaderInfo> readers) {
        return (CardManager) Proxy.newProxyInstance(CardManager.class.getClassLoader(),
                new Class<?>[] {CardManager.class}, (proxy, method, args) -> {
                    if (method.getName().equals("readers")) {
                        return readers;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}

package org.cardmanage.webconsole.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.cardmanage.api.CardEvent;
import org.cardmanage.api.CardManager;
import org.cardmanage.api.ReaderInfo;
import org.cardmanage.api.admin.CardAdmin;

/**
 * Builds what the page shows, as a JSON-ready tree: readers (from the page's own {@link CardManager}), every bundle's
 * attachments (from {@link CardAdmin}), recent events, the simulator's presence and the health checks. Only reads.
 */
final class ConsoleData {
    private ConsoleData() {
    }

    /**
     * @param manager the card manager, or null while the core is not running
     * @param admin the administration service, or null while the core is not running
     * @param events the recent events, newest first
     * @param sim the simulator, or null without driver-sim
     * @param health the health check results, see {@link HealthView}
     * @param now the time the ages are measured against
     */
    static Map<String, Object> snapshot(CardManager manager, CardAdmin admin, List<CardEvent> events, SimCards sim,
            List<Map<String, Object>> health, Instant now) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("time", now.toEpochMilli());
        boolean running = manager != null && admin != null;
        data.put("coreRunning", running);
        List<Map<String, Object>> attachments = running ? attachments(admin, now) : List.of();
        Set<String> simulated = simulatedReaders(sim);
        data.put("lockIdleTimeoutMs", running ? admin.lockIdleTimeout().toMillis() : null);
        data.put("readers", running ? readers(manager.readers(), attachments, simulated) : List.of());
        data.put("attachments", attachments);
        data.put("events", events(events));
        Map<String, Object> simulator = new LinkedHashMap<>();
        simulator.put("available", sim != null);
        simulator.put("profiles", SimCards.PROFILES);
        simulator.put("readers", List.copyOf(simulated));
        data.put("simulator", simulator);
        data.put("health", health);
        return data;
    }

    private static List<Map<String, Object>> attachments(CardAdmin admin, Instant now) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map<String, Object> attachment : admin.attachments()) {
            Map<String, Object> row = new LinkedHashMap<>(attachment);
            if (attachment.get(CardAdmin.CREATED) instanceof Long created) {
                row.put("ageMs", Math.max(0, now.toEpochMilli() - created));
            }
            rows.add(row);
        }
        return rows;
    }

    private static List<Map<String, Object>> readers(List<ReaderInfo> readers, List<Map<String, Object>> attachments,
            Set<String> simulated) {
        Map<String, Integer> counts = new HashMap<>();
        Map<String, Object> lockHolders = new HashMap<>();
        for (Map<String, Object> attachment : attachments) {
            String reader = String.valueOf(attachment.get(CardAdmin.READER));
            counts.merge(reader, 1, Integer::sum);
            if (Boolean.TRUE.equals(attachment.get(CardAdmin.LOCK_HELD))) {
                lockHolders.put(reader, attachment.get(CardAdmin.ID));
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ReaderInfo reader : readers) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", reader.name());
            row.put("driver", reader.driver());
            row.put("cardPresent", reader.cardPresent());
            row.put("atr", reader.atr().map(AtrView::of).orElse(null));
            row.put("simulated", simulated.contains(reader.name()));
            row.put("attachments", counts.getOrDefault(reader.name(), 0));
            row.put("lockHolder", lockHolders.get(reader.name()));
            rows.add(row);
        }
        return rows;
    }

    private static Set<String> simulatedReaders(SimCards sim) {
        if (sim == null) {
            return Set.of();
        }
        try {
            return new TreeSet<>(sim.readers());
        } catch (RuntimeException e) {
            return Set.of(); // driver-sim stopping right now
        }
    }

    private static List<Map<String, Object>> events(List<CardEvent> events) {
        List<Map<String, Object>> rows = new ArrayList<>(events.size());
        for (CardEvent event : events) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("time", event.time().toEpochMilli());
            row.put("type", event.type().name());
            row.put("reader", event.readerName());
            row.put("sequence", event.sequence());
            row.put("atr", event.atr().map(Object::toString).orElse(null));
            row.put("attachment", event.attachmentId().orElse(null));
            row.put("reason", event.reason().orElse(null));
            rows.add(row);
        }
        return rows;
    }
}

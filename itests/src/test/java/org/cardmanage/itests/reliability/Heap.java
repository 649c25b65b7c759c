package org.cardmanage.itests.reliability;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.cardmanage.itests.Await;

/** Thread and heap figures for leak checks: what is live after the run must come back to what was live before. */
final class Heap {

    private Heap() {
    }

    static int threadCount() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    /** @return bytes of heap in use after asking for two full collections */
    static long usedAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Waits until at most {@code bound} threads live (idle pool threads go away by themselves); fails naming them. */
    static void awaitThreadsBackTo(int bound, Duration timeout) {
        try {
            Await.until("at most " + bound + " threads live", () -> threadCount() <= bound, timeout);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; " + threadCount() + " live, by name: " + threadsByName(), e);
        }
        System.out.println("RELIABILITY threads back to " + threadCount() + " (baseline plus tolerance: " + bound
                + "): " + threadsByName());
    }

    /** Waits until the heap in use after collection is at most {@code bound} bytes. */
    static void awaitHeapBackTo(long bound, Duration timeout) {
        long[] used = new long[1];
        Await.until("retained heap back to at most " + (bound >> 20) + " MiB", () -> (used[0] = usedAfterGc()) <= bound,
                timeout);
        System.out.println("RELIABILITY retained heap back to " + (used[0] >> 20) + " MiB (baseline plus tolerance: "
                + (bound >> 20) + " MiB)");
    }

    /** @return the live threads counted by name, with trailing numbers stripped */
    static Map<String, Long> threadsByName() {
        return Thread.getAllStackTraces().keySet().stream()
                .collect(Collectors.groupingBy(t -> t.getName().replaceAll("[-#]?\\d+$", ""), TreeMap::new,
                        Collectors.counting()));
    }
}

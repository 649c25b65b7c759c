package org.cardmanage.itests.reliability;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

import org.cardmanage.api.CardException;

/**
 * What a load run counts: operations that succeeded, by kind; failures callers saw, by exception type; failures that
 * were not {@link CardException}s (violations, kept with their stack traces); and the faults injected, by kind.
 */
final class LoadFigures {
    private static final int MAX_VIOLATIONS_KEPT = 20;

    private final Map<String, LongAdder> operations = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> faults = new ConcurrentHashMap<>();
    private final LongAdder violationCount = new LongAdder();
    private final List<String> violations = new CopyOnWriteArrayList<>();

    void succeeded(String operation) {
        operations.computeIfAbsent(operation, k -> new LongAdder()).increment();
    }

    /** A caller's call failed: typed failures are counted, anything else is a violation. */
    void failed(String operation, Throwable thrown) {
        if (thrown instanceof CardException typed) {
            // The base class is named with its PC/SC code, which then tells what happened.
            String type = typed.getClass() == CardException.class ? "CardException(" + typed.error() + ")"
                    : typed.getClass().getSimpleName();
            failures.computeIfAbsent(type, k -> new LongAdder()).increment();
            return;
        }
        violationCount.increment();
        if (violations.size() < MAX_VIOLATIONS_KEPT) {
            StringWriter trace = new StringWriter();
            thrown.printStackTrace(new PrintWriter(trace));
            violations.add(operation + " threw " + trace);
        }
    }

    void injected(String fault) {
        faults.computeIfAbsent(fault, k -> new LongAdder()).increment();
    }

    long violationCount() {
        return violationCount.sum();
    }

    List<String> violations() {
        return List.copyOf(violations);
    }

    long totalOperations() {
        return sum(operations);
    }

    long totalFailures() {
        return sum(failures);
    }

    long operations(String operation) {
        LongAdder count = operations.get(operation);
        return count == null ? 0 : count.sum();
    }

    long faults(String fault) {
        LongAdder count = faults.get(fault);
        return count == null ? 0 : count.sum();
    }

    Map<String, Long> failuresByType() {
        return snapshot(failures);
    }

    String report() {
        return "operations " + totalOperations() + " " + snapshot(operations) + "; failures seen by callers "
                + totalFailures() + " " + snapshot(failures) + "; not typed " + violationCount() + "; faults injected "
                + sum(faults) + " " + snapshot(faults);
    }

    private static long sum(Map<String, LongAdder> counts) {
        return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }

    private static Map<String, Long> snapshot(Map<String, LongAdder> counts) {
        Map<String, Long> sorted = new TreeMap<>();
        counts.forEach((key, count) -> sorted.put(key, count.sum()));
        return sorted;
    }
}

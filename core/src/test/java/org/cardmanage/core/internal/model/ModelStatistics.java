package org.cardmanage.core.internal.model;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * Counts what the model ran, for the one summary line a run prints ({@code MODEL ...}, to grep from surefire's
 * output). Counts every sequence run, shrinking included.
 */
final class ModelStatistics {
    /** The kinds of step. */
    enum Kind {
        ATTACH, VERIFY, READ, LOCK, UNLOCK, DETACH, RECONNECT, BUNDLE_STOP, CARD_REMOVAL, CARD_INSERTION, DRIVER_STOP,
        DRIVER_START, CONFIGURATION
    }

    private static final Map<Kind, LongAdder> STEPS = new EnumMap<>(Kind.class);
    private static final LongAdder SEQUENCES = new LongAdder();
    private static final LongAdder SKIPPED = new LongAdder();
    private static final Map<SecurityLedger.Verdict, LongAdder> JUDGED_READS =
            new EnumMap<>(SecurityLedger.Verdict.class);
    private static final LongAdder FAILED_CALLS = new LongAdder();
    private static final LongAdder BUSY_RETRIES = new LongAdder();

    static {
        for (Kind kind : Kind.values()) {
            STEPS.put(kind, new LongAdder());
        }
        for (SecurityLedger.Verdict verdict : SecurityLedger.Verdict.values()) {
            JUDGED_READS.put(verdict, new LongAdder());
        }
    }

    private ModelStatistics() {
    }

    static void sequence() {
        SEQUENCES.increment();
    }

    static void step(Kind kind) {
        STEPS.get(kind).increment();
    }

    /** A step found nothing to act on (e.g. no lock to unlock), or would have waited long. */
    static void skipped() {
        SKIPPED.increment();
    }

    /** A protected read found the card verified, and was judged by the "no inherited card state" rule. */
    static void judgedRead(SecurityLedger.Verdict verdict) {
        JUDGED_READS.get(verdict).increment();
    }

    /** A call threw, as predicted. */
    static void failedAsPredicted() {
        FAILED_CALLS.increment();
    }

    /** A call gave up because the card was busy with an owed disconnect, and was made again. */
    static void busyRetry() {
        BUSY_RETRIES.increment();
    }

    static String summary(String seed, Duration took) {
        long steps = STEPS.values().stream().mapToLong(LongAdder::sum).sum();
        String perKind = counts(STEPS);
        String verdicts = counts(JUDGED_READS);
        return "MODEL seed=" + seed + " sequences=" + SEQUENCES.sum() + " steps=" + steps + " took="
                + took.toMillis() + "ms " + perKind + " skipped=" + SKIPPED.sum() + " failing-calls-as-predicted="
                + FAILED_CALLS.sum() + " busy-retries=" + BUSY_RETRIES.sum() + " verified-reads: " + verdicts;
    }

    private static String counts(Map<? extends Enum<?>, LongAdder> counts) {
        return counts.entrySet().stream()
                .map(e -> e.getKey().name().toLowerCase(Locale.ROOT).replace('_', '-') + "=" + e.getValue().sum())
                .collect(Collectors.joining(" "));
    }
}

package org.cardmanage.bench;

import java.util.Map;
import java.util.Set;

/** The orchestration in miniature, for the smoke test: JMH in-process, one short iteration, no timing. */
public final class BenchSmoke {
    private BenchSmoke() {
    }

    /** Runs JMH groups in-process for a fraction of a second each. */
    public static Map<String, Figure> run(Set<String> groups) {
        BenchMain bench = new BenchMain(false, true);
        bench.run(groups);
        if (!bench.failures().isEmpty()) {
            throw new IllegalStateException("smoke run failed: " + bench.failures());
        }
        return bench.figures();
    }

    /** @return the table of ratios for these figures */
    public static String table(Map<String, Figure> figures) {
        return Report.table(Comparison.rows(figures), Map.of());
    }
}

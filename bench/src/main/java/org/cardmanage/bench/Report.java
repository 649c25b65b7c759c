package org.cardmanage.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code latest.json} and the printed table. */
final class Report {
    private Report() {
    }

    static String json(String mode, Instant started, Instant finished, String loadBefore, String loadAfter,
            Collection<Figure> figures, List<Comparison.Row> rows, Map<String, String> skipped,
            List<String> failures) {
        StringBuilder b = new StringBuilder();
        b.append("{\n");
        b.append("  \"mode\": ").append(str(mode)).append(",\n");
        b.append("  \"started\": ").append(str(started.toString())).append(",\n");
        b.append("  \"finished\": ").append(str(finished.toString())).append(",\n");
        b.append("  \"duration_s\": ").append(Duration.between(started, finished).toSeconds()).append(",\n");
        b.append("  \"machine\": ").append(str(Machine.describe())).append(",\n");
        b.append("  \"load_average_before\": ").append(str(loadBefore)).append(",\n");
        b.append("  \"load_average_after\": ").append(str(loadAfter)).append(",\n");
        b.append("  \"error_note\": ").append(str("JMH figures: error = 99.9 % confidence half-width of the score "
                + "(JMH's scoreError). Harness medians: half-width of the 99.9 % distribution-free confidence "
                + "interval of the median; per-round figures: half the spread over rounds. Ratios: errors "
                + "propagated. Absolute times on a shared 2-core machine are noisy: read the ratios.")).append(",\n");
        b.append("  \"comparisons\": [\n");
        for (int i = 0; i < rows.size(); i++) {
            Comparison.Row r = rows.get(i);
            b.append("    {\"path\": ").append(str(r.path()))
                    .append(", \"value\": ").append(num(r.value()))
                    .append(", \"error\": ").append(num(r.error()))
                    .append(", \"unit\": ").append(str(r.unit()))
                    .append(", \"measured\": ").append(str(r.measured()))
                    .append(", \"baseline\": ").append(str(r.baseline()))
                    .append(", \"ratio\": ").append(num(r.ratio()))
                    .append(", \"ratio_error\": ").append(num(r.ratioError()))
                    .append(", \"goal\": ").append(str(r.goal()))
                    .append(", \"met\": ").append(r.met() == null ? "null" : r.met().toString())
                    .append('}').append(i + 1 < rows.size() ? ",\n" : "\n");
        }
        b.append("  ],\n");
        b.append("  \"figures\": [\n");
        int i = 0;
        for (Figure f : figures) {
            b.append("    {\"id\": ").append(str(f.id()))
                    .append(", \"value\": ").append(num(f.value()))
                    .append(", \"error\": ").append(num(f.error()))
                    .append(", \"unit\": ").append(str(f.unit()))
                    .append(", \"mode\": ").append(str(f.mode()))
                    .append(", \"note\": ").append(str(f.note()))
                    .append('}').append(++i < figures.size() ? ",\n" : "\n");
        }
        b.append("  ],\n");
        b.append("  \"skipped\": {");
        int k = 0;
        for (Map.Entry<String, String> e : skipped.entrySet()) {
            b.append(k++ == 0 ? "" : ", ").append(str(e.getKey())).append(": ").append(str(e.getValue()));
        }
        b.append("},\n");
        b.append("  \"failures\": [");
        for (int j = 0; j < failures.size(); j++) {
            b.append(j == 0 ? "" : ", ").append(str(failures.get(j)));
        }
        b.append("]\n}\n");
        return b.toString();
    }

    static String table(List<Comparison.Row> rows, Map<String, String> skipped) {
        StringBuilder b = new StringBuilder();
        b.append("| path | measured | baseline (same run) | ratio | figure vs goal | goal | met |\n");
        b.append("|---|---|---|---|---|---|---|\n");
        for (Comparison.Row r : rows) {
            b.append("| ").append(r.path())
                    .append(" | ").append(r.measured())
                    .append(" | ").append(r.baseline())
                    .append(" | ").append(Double.isNaN(r.ratio()) ? "—" : Figure.format(r.ratio())
                            + (Double.isNaN(r.ratioError()) ? "" : " ± " + Figure.format(r.ratioError())))
                    .append(" | ").append(Figure.format(r.value()))
                    .append(Double.isNaN(r.error()) ? "" : " ± " + Figure.format(r.error())).append(' ')
                    .append(r.unit())
                    .append(" | ").append(r.goal())
                    .append(" | ").append(r.met() == null ? "—" : r.met() ? "yes" : "**no**")
                    .append(" |\n");
        }
        for (Map.Entry<String, String> e : skipped.entrySet()) {
            b.append(String.format(Locale.ROOT, "| %s: skipped | %s | | | | | |%n", e.getKey(), e.getValue()));
        }
        return b.toString();
    }

    private static String num(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "null" : Double.toString(v);
    }

    private static String str(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}

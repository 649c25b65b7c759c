package org.cardmanage.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code latest.json} and the printed table. */
final class Report {
    private Report() {
    }

    /**
     * @param merged what was taken over from an earlier report (see {@link BenchMain}), or null
     */
    static String json(String mode, Instant started, Instant finished, String loadBefore, String loadAfter,
            String merged, Collection<Figure> figures, List<Comparison.Row> rows, Map<String, String> skipped,
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
        if (merged != null) {
            b.append("  \"merged\": ").append(str(merged)).append(",\n");
        }
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

    private static final String STRING = "\"((?:[^\"\\\\]|\\\\.)*)\"";
    private static final Pattern FIGURE = Pattern.compile("\\{\"id\": " + STRING + ", \"value\": ([^,]+), \"error\": "
            + "([^,]+), \"unit\": " + STRING + ", \"mode\": " + STRING + ", \"note\": " + STRING + "\\}");
    private static final Pattern PAIR = Pattern.compile(STRING + ": " + STRING);

    /** @return the figures of a report written by {@link #json} */
    static List<Figure> readFigures(String json) {
        List<Figure> figures = new ArrayList<>();
        Matcher m = FIGURE.matcher(json);
        while (m.find()) {
            figures.add(new Figure(unescape(m.group(1)), number(m.group(2)), number(m.group(3)), unescape(m.group(4)),
                    unescape(m.group(5)), unescape(m.group(6))));
        }
        return figures;
    }

    /** @return the skip notes of a report written by {@link #json} */
    static Map<String, String> readSkipped(String json) {
        Map<String, String> skipped = new LinkedHashMap<>();
        int at = json.indexOf("\"skipped\": {");
        if (at >= 0) {
            Matcher m = PAIR.matcher(json.substring(at + 12, json.indexOf('}', at)));
            while (m.find()) {
                skipped.put(unescape(m.group(1)), unescape(m.group(2)));
            }
        }
        return skipped;
    }

    /** @return a top-level string field of a report written by {@link #json}, or "?" */
    static String readString(String json, String field) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(field) + "\": " + STRING).matcher(json);
        return m.find() ? unescape(m.group(1)) : "?";
    }

    private static double number(String s) {
        return "null".equals(s.strip()) ? Double.NaN : Double.parseDouble(s.strip());
    }

    private static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                b.append(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'n' -> b.append('\n');
                case 't' -> b.append('\t');
                case 'u' -> {
                    b.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> b.append(e);
            }
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

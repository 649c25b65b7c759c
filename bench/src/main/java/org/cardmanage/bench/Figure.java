package org.cardmanage.bench;

import java.util.Locale;

/**
 * One measured figure: a JMH score or a harness statistic.
 *
 * @param id stable name, e.g. {@code sim.transmit.core.p50}
 * @param value the figure
 * @param error its error: JMH's 99.9 % score error, or for a harness median the half-width of its 99.9 %
 *     confidence interval (NaN when there is none)
 * @param unit e.g. {@code ns/op}, {@code ops/s}, {@code ms}, {@code B}
 * @param mode how it was measured: a JMH mode ({@code avgt}, {@code sample p50}, {@code thrpt}) or a harness statistic
 * @param note samples, threads, or anything a reader needs to interpret it
 */
public record Figure(String id, double value, double error, String unit, String mode, String note) {
    private static final String PREFIX = "FIGURE\t";

    /** @return the line a harness prints for the orchestrating process */
    public String toLine() {
        return PREFIX + String.join("\t", id, Double.toString(value), Double.toString(error), unit, mode,
                note.replace('\t', ' ').replace('\n', ' '));
    }

    /** @return the figure on a harness output line, or null if the line carries none */
    public static Figure parse(String line) {
        if (!line.startsWith(PREFIX)) {
            return null;
        }
        String[] f = line.substring(PREFIX.length()).split("\t", -1);
        return new Figure(f[0], Double.parseDouble(f[1]), Double.parseDouble(f[2]), f[3], f[4], f[5]);
    }

    public String formatted() {
        return format(value) + (Double.isNaN(error) ? "" : " ± " + format(error)) + " " + unit;
    }

    public static String format(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        double a = Math.abs(v);
        if (a >= 100_000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }
}

package org.cardmanage.bench;

import java.util.Arrays;

/**
 * Order statistics of latency samples, with a distribution-free confidence interval of the median (the binomial
 * order-statistic interval), so that a harness figure carries an error like a JMH score does.
 */
public final class Stats {
    /** z for a two-sided 99.9 % interval, the confidence JMH uses for its score error. */
    private static final double Z = 3.291;

    private final double[] sorted;

    public Stats(double[] samples) {
        if (samples.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        this.sorted = samples.clone();
        Arrays.sort(sorted);
    }

    public static Stats of(long[] samples) {
        return new Stats(Arrays.stream(samples).asDoubleStream().toArray());
    }

    public int count() {
        return sorted.length;
    }

    public double median() {
        return percentile(50);
    }

    public double percentile(double p) {
        if (sorted.length == 1) {
            return sorted[0];
        }
        double rank = p / 100 * (sorted.length - 1);
        int low = (int) Math.floor(rank);
        int high = Math.min(low + 1, sorted.length - 1);
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
    }

    public double min() {
        return sorted[0];
    }

    public double max() {
        return sorted[sorted.length - 1];
    }

    public double mean() {
        return Arrays.stream(sorted).average().orElse(Double.NaN);
    }

    /** @return half the width of the 99.9 % confidence interval of the median */
    public double medianError() {
        int n = sorted.length;
        double spread = Z * Math.sqrt(n) / 2;
        int low = (int) Math.max(0, Math.floor(n / 2.0 - spread));
        int high = (int) Math.min(n - 1, Math.ceil(n / 2.0 + spread));
        return (sorted[high] - sorted[low]) / 2;
    }
}

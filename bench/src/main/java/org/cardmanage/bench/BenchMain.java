package org.cardmanage.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.cardmanage.bench.harness.Harness;
import org.cardmanage.bench.jmh.SimAttach;
import org.cardmanage.bench.jmh.SimLock;
import org.cardmanage.bench.jmh.SimScaling;
import org.cardmanage.bench.jmh.SimTransmit;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs every benchmark and harness, each path next to its baseline in the same run, writes
 * {@code results/latest.json} and prints the table of ratios against the goals of issue 6.
 *
 * <pre>
 * BenchMain quick|full [--only group,group] [--no-merge] [--out file] [--smoke]
 * groups: transmit attach lock scaling fairness scale clientstop events pcsc remote; on request: scaling-jmh (one JMH
 * run per thread count; the default scaling group interleaves the thread counts instead)
 * </pre>
 *
 * <p>With {@code --only}, the figures (and skip notes) of the groups that did not run are taken over from the file
 * written to, if there is one, so that {@code results/latest.json} keeps every group; {@code --no-merge} writes this
 * run's figures alone.
 */
public final class BenchMain {
    static final List<String> GROUPS =
            List.of("transmit", "attach", "lock", "scaling", "fairness", "scale", "clientstop", "events", "pcsc",
                    "remote");
    /** Groups that run only when asked for with --only. */
    static final List<String> EXTRA_GROUPS = List.of("scaling-jmh");
    /** Every JVM the bench starts gets these: a fixed heap (driver-pcsc's native backend needs no --add-opens). */
    static final List<String> JVM_ARGS = List.of("-Xms1g", "-Xmx1g");
    private static final int[] THREADS = {1, 2, 4, 16};

    private final boolean full;
    private final boolean smoke;
    private final Map<String, Figure> figures = new LinkedHashMap<>();
    private final Map<String, String> skipped = new LinkedHashMap<>();
    private final List<String> failures = new ArrayList<>();

    BenchMain(boolean full, boolean smoke) {
        this.full = full;
        this.smoke = smoke;
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !(args[0].equals("quick") || args[0].equals("full"))) {
            System.err.println("usage: BenchMain quick|full [--only group,...] [--out file]; groups: " + GROUPS);
            System.exit(2);
        }
        boolean full = args[0].equals("full");
        Set<String> only = new LinkedHashSet<>(GROUPS);
        Path out = Path.of("results", "latest.json");
        boolean smoke = false;
        boolean merge = true;
        boolean onlySome = false;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--only" -> {
                    onlySome = true;
                    only = new LinkedHashSet<>(Arrays.asList(args[++i].split(",")));
                    for (String group : only) {
                        if (!GROUPS.contains(group) && !EXTRA_GROUPS.contains(group)) {
                            throw new IllegalArgumentException("unknown group " + group + "; groups: " + GROUPS
                                    + ", on request " + EXTRA_GROUPS);
                        }
                    }
                }
                case "--out" -> out = Path.of(args[++i]);
                case "--smoke" -> smoke = true;
                case "--no-merge" -> merge = false;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        BenchMain bench = new BenchMain(full, smoke);
        Instant started = Instant.now();
        String loadBefore = Machine.loadAverage();
        bench.run(only);
        Instant finished = Instant.now();
        String merged = null;
        if (merge && onlySome && Files.isRegularFile(out)) {
            merged = bench.keepOthers(Files.readString(out), only, out);
        }
        List<Comparison.Row> rows = Comparison.rows(bench.figures);
        String json = Report.json(full ? "full" : "quick", started, finished, loadBefore, Machine.loadAverage(),
                merged, bench.figures.values(), rows, bench.skipped, bench.failures);
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.writeString(out, json);
        System.out.println();
        System.out.println(Report.table(rows, bench.skipped));
        System.out.println("mode " + (full ? "full" : "quick") + ", " + Duration.between(started, finished).toSeconds()
                + " s; load average " + loadBefore + " before, " + Machine.loadAverage() + " after; written to "
                + out.toAbsolutePath());
        if (!bench.failures.isEmpty()) {
            System.out.println("FAILURES:");
            bench.failures.forEach(f -> System.out.println("  " + f));
            System.exit(1);
        }
    }

    void run(Set<String> only) {
        for (String group : only) {
            try {
                switch (group) {
                    case "transmit" -> {
                        jmh(SimTransmit.class, "sim.transmit", Mode.AverageTime, 1);
                        jmh(SimTransmit.class, "sim.transmit", Mode.SampleTime, 1);
                    }
                    case "attach" -> jmh(SimAttach.class, "sim.attach", Mode.Throughput, 1);
                    case "lock" -> jmh(SimLock.class, "sim.lock", Mode.AverageTime, 1);
                    case "scaling-jmh" -> {
                        for (int threads : THREADS) {
                            jmh(SimScaling.class, "sim.scaling", Mode.Throughput, threads);
                        }
                    }
                    default -> harness(group);
                }
            } catch (RunnerException | IOException | RuntimeException e) {
                failures.add(group + ": " + e);
                e.printStackTrace();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failures.add(group + ": interrupted");
                return;
            }
        }
    }

    // ---- JMH ------------------------------------------------------------------------------------------------------

    private void jmh(Class<?> benchmark, String prefix, Mode mode, int threads) throws RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include("^" + benchmark.getName().replace(".", "\\.") + "\\.")
                .mode(mode)
                .timeUnit(mode == Mode.Throughput ? TimeUnit.SECONDS : TimeUnit.NANOSECONDS)
                .threads(threads)
                .jvmArgsAppend(JVM_ARGS.toArray(String[]::new))
                .shouldFailOnError(true)
                .verbosity(smoke ? VerboseMode.SILENT : VerboseMode.NORMAL);
        if (smoke) {
            options.forks(0).warmupIterations(0).measurementIterations(1)
                    .measurementTime(TimeValue.milliseconds(200));
        } else if (full) {
            options.forks(3).warmupIterations(5).warmupTime(TimeValue.seconds(2)).measurementIterations(10)
                    .measurementTime(TimeValue.seconds(2));
        } else {
            options.forks(1).warmupIterations(3).warmupTime(TimeValue.seconds(1)).measurementIterations(5)
                    .measurementTime(TimeValue.seconds(1));
        }
        for (RunResult result : new Runner(options.build()).run()) {
            String method = result.getParams().getBenchmark();
            method = method.substring(method.lastIndexOf('.') + 1);
            Result<?> primary = result.getPrimaryResult();
            String id = prefix + "." + method + (benchmark == SimScaling.class ? ".t" + threads : "");
            String note = threads + " thread(s), " + result.getParams().getForks() + " fork(s) x "
                    + result.getParams().getMeasurement().getCount() + " iterations";
            switch (mode) {
                case SampleTime -> {
                    var stats = primary.getStatistics();
                    add(new Figure(id + ".p50", stats.getPercentile(50), Double.NaN, primary.getScoreUnit()
                            .replace("/op", ""), "sample p50", note + "; " + stats.getN() + " samples"));
                    add(new Figure(id + ".p99", stats.getPercentile(99), Double.NaN, primary.getScoreUnit()
                            .replace("/op", ""), "sample p99", note));
                    add(new Figure(id + ".sample.mean", primary.getScore(), primary.getScoreError(),
                            primary.getScoreUnit(), "sample mean", note));
                }
                case AverageTime -> add(new Figure(id + ".avgt", primary.getScore(), primary.getScoreError(),
                        primary.getScoreUnit(), "avgt", note));
                default -> add(new Figure(id + ".thrpt", primary.getScore(), primary.getScoreError(),
                        primary.getScoreUnit(), "thrpt", note));
            }
        }
    }

    // ---- harnesses in JVMs of their own ---------------------------------------------------------------------------

    private void harness(String name) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_ARGS);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Harness.class.getName());
        command.add(name);
        command.add(full ? "full" : "quick");
        System.out.println("# harness " + name + " (" + (full ? "full" : "quick") + ")");
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT)
                .redirectInput(new File("/dev/null")).start();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                Figure figure = Figure.parse(line);
                if (figure != null) {
                    add(figure);
                    System.out.println("  " + figure.id() + " = " + figure.formatted() + " (" + figure.mode() + ")");
                } else if (line.startsWith("SKIP\t")) {
                    String[] parts = line.split("\t", 3);
                    skipped.put(parts[1], parts[2]);
                    System.out.println("  SKIPPED " + parts[1] + ": " + parts[2]);
                } else {
                    System.out.println("  " + line);
                }
            }
        }
        if (!process.waitFor(30, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            failures.add("harness " + name + " did not end");
        } else if (process.exitValue() != 0) {
            failures.add("harness " + name + " failed with exit code " + process.exitValue());
        }
    }

    /**
     * Takes over the figures and skip notes of the groups that did not run from an earlier report; this run's come
     * after them.
     *
     * @return what was taken over, for the report
     */
    String keepOthers(String earlier, Set<String> ran, Path from) {
        Map<String, Figure> kept = new LinkedHashMap<>();
        Set<String> groups = new LinkedHashSet<>();
        for (Figure figure : Report.readFigures(earlier)) {
            String group = group(figure.id());
            if (group == null || !ran.contains(group)) {
                kept.put(figure.id(), figure);
                groups.add(group == null ? figure.id() : group);
            }
        }
        Map<String, String> keptSkips = new LinkedHashMap<>();
        Report.readSkipped(earlier).forEach((key, reason) -> {
            if (!ran.contains(key.split("\\.")[0])) {
                keptSkips.put(key, reason);
            }
        });
        kept.putAll(figures);
        figures.clear();
        figures.putAll(kept);
        keptSkips.putAll(skipped);
        skipped.clear();
        skipped.putAll(keptSkips);
        String earlierNote = Report.readString(earlier, "merged");
        return "groups " + groups + " taken over from " + from.getFileName() + " (run started "
                + Report.readString(earlier, "started") + ", mode " + Report.readString(earlier, "mode")
                + "); groups " + ran + " from this run" + ("?".equals(earlierNote) ? ""
                        : "; that file's own note: " + earlierNote);
    }

    /** @return the group that produces a figure id, or null if none is known */
    static String group(String id) {
        if (id.startsWith("sim.scaling.")) {
            return id.endsWith(".thrpt") ? "scaling-jmh" : "scaling";
        }
        String[][] prefixes = {{"sim.transmit.", "transmit"}, {"sim.attach.", "attach"}, {"sim.lock.", "lock"},
            {"sim.fairness.", "fairness"}, {"scale.", "scale"}, {"client.stop.", "clientstop"},
            {"sim.event.", "events"}, {"pcsc.", "pcsc"}, {"remote.", "remote"}};
        for (String[] p : prefixes) {
            if (id.startsWith(p[0])) {
                return p[1];
            }
        }
        return null;
    }

    private void add(Figure figure) {
        figures.put(figure.id(), figure);
    }

    Map<String, Figure> figures() {
        return figures;
    }

    List<String> failures() {
        return failures;
    }
}

package org.cardmanage.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The rows of the table: each path's figure against its baseline from the same run, and its goal. */
final class Comparison {

    /**
     * One row.
     *
     * @param path what is measured
     * @param value the figure the goal is about (a difference, a ratio, a rate, a time)
     * @param error its error (propagated from the figures it is made of)
     * @param unit its unit
     * @param measured the core's own figure, formatted
     * @param baseline the baseline's figure, formatted, or "—"
     * @param ratio core / baseline (for times: above 1 is slower; for rates: below 1 is slower), NaN without one
     * @param ratioError the ratio's error
     * @param goal the goal, as text
     * @param met whether the goal is met; null when there is no goal or the figure is missing
     */
    record Row(String path, double value, double error, String unit, String measured, String baseline, double ratio,
            double ratioError, String goal, Boolean met) {
    }

    private Comparison() {
    }

    /** The remote group against issue 15's goals: gRPC with TLS 1.3 on loopback, local transmit as the baseline. */
    private static void remoteRows(List<Row> rows, Map<String, Figure> f) {
        Figure local = f.get("remote.transmit.local.p50");
        String baseline = local == null ? "—" : local.formatted() + " (local, same run)";
        goal(rows, f, "remote.transmit.core.p50", "transmit to farm/Sim Reader 0 through the core, TLS (median)",
                baseline, "≤ 250 µs", v -> v <= 250);
        goal(rows, f, "remote.transmit.core.p99", "the same, p99", baseline, "≤ 2 ms", v -> v <= 2000);
        goal(rows, f, "remote.transmit.core.stalls", "the same, share of calls over 30 ms", "—", "0 %",
                v -> v == 0);
        goal(rows, f, "remote.single.thrpt", "one APDU per call through the core, one thread", "—",
                "≥ 3 000 APDU/s", v -> v >= 3000);
        goal(rows, f, "remote.batch.thrpt", "TransmitBatch of 64, one thread", "—", "≥ 30 000 APDU/s",
                v -> v >= 30_000);
        Figure one = f.get("remote.single.thrpt");
        goal(rows, f, "remote.parallel.speedup", "16 threads on 16 farm readers vs one thread",
                one == null ? "—" : one.formatted() + " (one thread)", "≥ 1.6×", v -> v >= 1.6);
        Figure lease = f.get("remote.lease.ms");
        double bound = lease == null ? Double.NaN : lease.value() + 1000;
        goal(rows, f, "remote.farm.lost.ms", "farm lost → ReaderUnavailableException", "lease + 1 s",
                "≤ lease + 1 s", v -> v <= bound);
        goal(rows, f, "remote.farm.back.ms", "farm back → attach and transmit work", "lease + 1 s",
                "≤ lease + 1 s", v -> v <= bound);
    }

    private static void goal(List<Row> rows, Map<String, Figure> f, String id, String path, String baseline,
            String goal, java.util.function.DoublePredicate met) {
        Figure figure = f.get(id);
        if (figure != null) {
            rows.add(new Row(path, figure.value(), figure.error(), figure.unit(), figure.formatted(), baseline,
                    Double.NaN, Double.NaN, goal, met.test(figure.value())));
        }
    }

    static List<Row> rows(Map<String, Figure> f) {
        List<Row> rows = new ArrayList<>();
        // transmit, driver-sim: added ns per APDU (median), and the same from the means
        Figure simCoreP50 = f.get("sim.transmit.core.p50");
        Figure simDirectP50 = f.get("sim.transmit.direct.p50");
        if (simCoreP50 != null && simDirectP50 != null) {
            double added = simCoreP50.value() - simDirectP50.value();
            rows.add(new Row("Attachment.transmit, driver-sim: added per APDU (median)", added, Double.NaN, "ns",
                    simCoreP50.formatted(), simDirectP50.formatted() + " (direct CardSession.transmit)",
                    simCoreP50.value() / simDirectP50.value(), Double.NaN, "≤ 250 ns added", added <= 250));
        }
        Figure simCoreAvg = f.get("sim.transmit.core.avgt");
        Figure simDirectAvg = f.get("sim.transmit.direct.avgt");
        if (simCoreAvg != null && simDirectAvg != null) {
            double added = simCoreAvg.value() - simDirectAvg.value();
            rows.add(new Row("Attachment.transmit, driver-sim: added per APDU (mean)", added,
                    hypot(simCoreAvg.error(), simDirectAvg.error()), "ns", simCoreAvg.formatted(),
                    simDirectAvg.formatted() + " (direct)", simCoreAvg.value() / simDirectAvg.value(),
                    ratioError(simCoreAvg, simDirectAvg), "(≤ 250 ns is for the median)", null));
        }
        timeRatio(rows, f, "transmit, core + driver-pcsc vs raw CardChannel.transmit (median, alternated)",
                "pcsc.transmit.core.p50", "pcsc.transmit.raw.p50", 1.02, "≤ 2 % slower");
        floorRow(rows, f, "transmit", "transmit, core + driver-pcsc vs a C client on libpcsclite (median, batches "
                + "alternated)", 1.03, "≤ 3 % slower");
        Figure attachCore = f.get("sim.attach.core.thrpt");
        Figure attachDirect = f.get("sim.attach.direct.thrpt");
        if (attachCore != null) {
            rows.add(new Row("attach + detach, driver-sim, one thread", attachCore.value(), attachCore.error(),
                    "cycles/s", attachCore.formatted(), attachDirect == null ? "—"
                            : attachDirect.formatted() + " (driver connect + disconnect)",
                    attachDirect == null ? Double.NaN : attachCore.value() / attachDirect.value(),
                    attachDirect == null ? Double.NaN : ratioError(attachCore, attachDirect), "≥ 200 000 cycles/s",
                    attachCore.value() >= 200_000));
        }
        timeRatio(rows, f, "attach + detach, driver-pcsc vs raw connect + disconnect(false) (median, alternated)",
                "pcsc.attach.core.p50", "pcsc.attach.raw.p50", 1.05, "≤ 5 % slower");
        floorRow(rows, f, "attach", "attach + detach, driver-pcsc vs C SCardConnect + SCardDisconnect (median, "
                + "batches alternated)", Double.NaN, "— (goal is against raw)");
        remoteRows(rows, f);
        timeRatio(rows, f, "lock + unlock, driver-sim vs the driver's transaction (mean)", "sim.lock.core.avgt",
                "sim.lock.direct.avgt", Double.NaN, "— (goal is on pcsc)");
        timeRatio(rows, f, "lock + unlock, driver-pcsc vs raw beginExclusive/endExclusive (median, alternated)",
                "pcsc.lock.core.p50", "pcsc.lock.raw.p50", 1.05, "≤ 5 % slower");
        floorRow(rows, f, "lock", "lock + unlock, driver-pcsc vs C SCardBeginTransaction + SCardEndTransaction "
                + "(median, batches alternated)", Double.NaN, "— (goal is against raw)");
        Figure rate1 = f.get("sim.scaling.core.t1.rate");
        for (int threads : new int[] {2, 4, 16}) {
            Figure core = f.get("sim.scaling.core.speedup.t" + threads);
            Figure direct = f.get("sim.scaling.direct.speedup.t" + threads);
            if (core == null) {
                continue;
            }
            Figure rate = f.get("sim.scaling.core.t" + threads + ".rate");
            rows.add(new Row(threads + " threads on separate simulated readers vs 1 thread, transmit (interleaved)",
                    core.value(), core.error(), "×", core.formatted() + (rate == null || rate1 == null ? ""
                            : " (" + rate.formatted() + " vs " + rate1.formatted() + ")"),
                    direct == null ? "—" : direct.formatted() + " for direct driver calls (what the machine allows)",
                    direct == null ? Double.NaN : core.value() / direct.value(),
                    direct == null ? Double.NaN : ratioError(core, direct),
                    threads == 2 ? "≥ 1.8× (2 cores)" : "—", threads == 2 ? core.value() >= 1.8 : null));
        }
        Figure pcscParallel = f.get("pcsc.parallel.core.speedup.t2");
        if (pcscParallel != null) {
            Figure rate = f.get("pcsc.parallel.core.t1.rate");
            Figure c = f.get("pcsc.parallel.c.speedup.t2");
            Figure raw = f.get("pcsc.parallel.raw.speedup.t2");
            String baseline = (c == null ? "" : c.formatted() + " for two C clients (what the machine allows)")
                    + (c != null && raw != null ? "; " : "")
                    + (raw == null ? "" : raw.formatted() + " for raw javax.smartcardio (one context per JVM)");
            rows.add(new Row("2 vpcd readers, a thread each, vs 1 thread, driver-pcsc transmit (interleaved)",
                    pcscParallel.value(), pcscParallel.error(), "×", pcscParallel.formatted()
                            + (rate == null ? "" : " (1 thread: " + rate.formatted() + ")"),
                    baseline.isEmpty() ? "—" : baseline, c == null ? Double.NaN : pcscParallel.value() / c.value(),
                    c == null ? Double.NaN : ratioError(pcscParallel, c), "≥ 1.8× (issue: 8 readers; vpcd has 2)",
                    pcscParallel.value() >= 1.8));
        }
        Figure t1 = f.get("sim.scaling.core.t1.thrpt");
        Figure d1 = f.get("sim.scaling.direct.t1.thrpt");
        for (int threads : new int[] {2, 4, 16}) {
            Figure tn = f.get("sim.scaling.core.t" + threads + ".thrpt");
            Figure dn = f.get("sim.scaling.direct.t" + threads + ".thrpt");
            if (t1 == null || tn == null) {
                continue;
            }
            double speedup = tn.value() / t1.value();
            String machine = d1 == null || dn == null ? "—" : Figure.format(dn.value() / d1.value())
                    + "× for direct driver calls (what the machine allows)";
            rows.add(new Row(threads + " threads vs 1 thread, transmit (JMH, one run per thread count)", speedup,
                    ratioError(tn, t1), "×", tn.formatted(), t1.formatted() + " (1 thread); " + machine, speedup,
                    ratioError(tn, t1), "—", null));
        }
        Figure fair = f.get("sim.fairness.16threads.minmax");
        if (fair != null) {
            Figure c = f.get("sim.fairness.16threads.throughput");
            Figure a = f.get("sim.fairness.1thread.throughput");
            rows.add(new Row("16 threads on one card: least / most served thread", fair.value(), fair.error(),
                    "ratio", fair.formatted(), c == null || a == null ? "—"
                            : "card throughput " + c.formatted() + " vs " + a.formatted() + " with 1 thread",
                    Double.NaN, Double.NaN, "≥ 0.5", fair.value() >= 0.5));
        }
        Figure heap = f.get("scale.heap.per.attachment");
        if (heap != null) {
            rows.add(new Row("1 000 readers, 10 000 attachments: retained heap per idle attachment", heap.value(),
                    heap.error(), "B", heap.formatted(), "—", Double.NaN, Double.NaN, "≤ 1 KiB",
                    heap.value() <= 1024));
        }
        Figure readers = f.get("scale.readers.p50");
        if (readers != null) {
            Figure p99 = f.get("scale.readers.p99");
            rows.add(new Row("1 000 readers, 10 000 attachments: readers() (median)", readers.value() / 1000,
                    readers.error() / 1000, "µs", readers.formatted() + (p99 == null ? "" : ", p99 " + p99.formatted()),
                    "—", Double.NaN, Double.NaN, "≤ 50 µs", readers.value() <= 50_000));
        }
        Figure revocation = f.get("scale.revocation");
        if (revocation != null) {
            Figure floor = f.get("scale.revocation.framework.baseline");
            Figure revoked = f.get("scale.revocation.revoked");
            Figure core = f.get("scale.revocation.core.blocked");
            Figure driver = f.get("scale.revocation.driver.blocked");
            String parts = revoked == null || core == null || driver == null ? revocation.formatted()
                    : revocation.formatted() + " (all REVOKED " + revoked.formatted() + "; callers waiting in the core "
                            + core.formatted() + ", in the driver " + driver.formatted() + ")";
            rows.add(new Row("stop driver-sim holding 10 000 attachments: all revoked, blocked callers released",
                    revocation.value(), revocation.error(), "ms", parts, floor == null ? "—"
                            : floor.formatted() + " (Felix + SCR alone: stop with a ServiceTracker consumer)",
                    floor == null ? Double.NaN : revocation.value() / floor.value(), Double.NaN, "≤ 50 ms",
                    revocation.value() <= 50));
        }
        Figure clientStop = f.get("client.stop.locked");
        if (clientStop != null) {
            Figure free = f.get("client.stop.free");
            Figure resets = f.get("client.stop.resets");
            rows.add(new Row("stop a client bundle holding 1 000 attachments while another bundle holds every lock",
                    clientStop.value(), clientStop.error(), "ms", clientStop.formatted()
                            + (resets == null ? "" : " (owed RESETs applied " + resets.formatted()
                                    + " after the locks were released)"),
                    free == null ? "—" : free.formatted() + " (the same stop, no lock held)",
                    free == null ? Double.NaN : clientStop.value() / free.value(), Double.NaN, "≤ 100 ms",
                    clientStop.value() <= 100));
        }
        Figure simEvent = f.get("sim.event.insert.p50");
        if (simEvent != null) {
            Figure p99 = f.get("sim.event.insert.p99");
            rows.add(new Row("card insertion → CardEventListener, driver-sim (median)", simEvent.value(),
                    simEvent.error(), "µs", simEvent.formatted() + (p99 == null ? "" : ", p99 " + p99.formatted()),
                    "—", Double.NaN, Double.NaN, "≤ 100 µs", simEvent.value() <= 100));
        }
        Figure later = f.get("pcsc.event.later.p50");
        if (later != null) {
            Figure raw = f.get("pcsc.event.raw.p50");
            Figure core = f.get("pcsc.event.core.p50");
            rows.add(new Row("card insertion → listener, driver-pcsc: later than raw waitForChange (median of pairs)",
                    later.value(), later.error(), "ms", core == null ? later.formatted() : core.formatted()
                            + " after insertion", raw == null ? "—" : raw.formatted() + " (raw waitForChange)",
                    core == null || raw == null ? Double.NaN : core.value() / raw.value(), Double.NaN, "≤ 5 ms later",
                    later.value() <= 5));
        }
        return rows;
    }

    /**
     * A row for the core against the C client on libpcsclite (the floor) from the pcsc group's alternated batches, with
     * raw javax.smartcardio from the same batches next to it.
     */
    private static void floorRow(List<Row> rows, Map<String, Figure> f, String op, String path, double bound,
            String goal) {
        Figure core = f.get("pcsc.floor." + op + ".core.p50");
        Figure c = f.get("pcsc.floor." + op + ".c.p50");
        if (core == null || c == null) {
            return;
        }
        Figure raw = f.get("pcsc.floor." + op + ".raw.p50");
        Figure diff = f.get("pcsc.floor." + op + ".diff.p50");
        double ratio = core.value() / c.value();
        String measured = core.formatted() + (diff == null ? "" : "; core − C per round " + diff.formatted());
        String baseline = c.formatted() + " (C client)" + (raw == null ? "" : "; raw javax.smartcardio "
                + raw.formatted() + " = " + Figure.format(raw.value() / c.value()) + "× C");
        rows.add(new Row(path, ratio, ratioError(core, c), "×", measured, baseline, ratio, ratioError(core, c), goal,
                Double.isNaN(bound) ? null : ratio <= bound));
    }

    /** A row for a time of the core against a time of the baseline: ratio, and the goal as a bound on it. */
    private static void timeRatio(List<Row> rows, Map<String, Figure> f, String path, String coreId,
            String baselineId, double bound, String goal) {
        Figure core = f.get(coreId);
        Figure baseline = f.get(baselineId);
        if (core == null || baseline == null) {
            return;
        }
        double ratio = core.value() / baseline.value();
        String measured = core.formatted();
        Figure paired = f.get(coreId.replace(".core.p50", ".diff.p50"));
        if (paired != null && coreId.endsWith(".core.p50")) {
            measured += "; paired difference " + paired.formatted();
        }
        rows.add(new Row(path, ratio, ratioError(core, baseline), "×", measured, baseline.formatted(), ratio,
                ratioError(core, baseline), goal, Double.isNaN(bound) ? null : ratio <= bound));
    }

    private static double ratioError(Figure a, Figure b) {
        if (Double.isNaN(a.error()) || Double.isNaN(b.error())) {
            return Double.NaN;
        }
        double ratio = a.value() / b.value();
        return ratio * hypot(a.error() / a.value(), b.error() / b.value());
    }

    private static double hypot(double a, double b) {
        return Math.sqrt(a * a + b * b);
    }
}

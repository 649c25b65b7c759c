package org.cardmanage.bench.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.cardmanage.api.Attachment;
import org.cardmanage.api.CommandApdu;
import org.cardmanage.bench.BenchSmoke;
import org.cardmanage.bench.Figure;
import org.cardmanage.bench.Platform;
import org.cardmanage.bench.jmh.SimTransmit;
import org.junit.jupiter.api.Test;

/**
 * The bench in miniature, for {@code mvn verify}: the embedded platform works, one JMH benchmark and the harnesses run
 * on a tiny scale and produce their figures. Nothing here is timed or compared: the figures are only checked to
 * exist.
 */
class BenchSmokeTest {

    @Test
    void platformRunsTheBundlesAndTransmits() throws Exception {
        try (Platform platform = Platform.start(false);
                Attachment attachment = platform.cardManager().attachByReader(Platform.SIM_READER)) {
            assertEquals(0x9000, attachment.transmit(new CommandApdu(SimTransmit.SELECT_MF)).sw());
        }
    }

    @Test
    void jmhBenchmarkProducesFiguresAndTheTable() {
        Map<String, Figure> figures = BenchSmoke.run(Set.of("transmit"));
        assertTrue(figures.containsKey("sim.transmit.core.p50"), figures.keySet().toString());
        assertTrue(figures.containsKey("sim.transmit.direct.avgt"), figures.keySet().toString());
        assertTrue(BenchSmoke.table(figures).contains("added per APDU"));
    }

    @Test
    void scaleHarnessRevokesEverythingOnASmallScale() throws Exception {
        Set<String> ids = run(new Scale(false, null, 12, 3));
        assertTrue(ids.containsAll(Set.of("scale.heap.per.attachment", "scale.readers.p50", "scale.revocation",
                "scale.revocation.framework.baseline")), ids.toString());
    }

    @Test
    void clientStopHarnessRunsOnASmallScale() throws Exception {
        assertTrue(run(new ClientStop(false, null, 4, 3)).containsAll(Set.of("client.stop.locked", "client.stop.free",
                "client.stop.resets")));
    }

    @Test
    void fairnessEventAndScalingHarnessesRun() throws Exception {
        assertTrue(run(new Fairness(false, null, 1, 100)).contains("sim.fairness.16threads.minmax"));
        assertTrue(run(new SimEvents(false, null)).contains("sim.event.insert.p50"));
        assertTrue(run(new Scaling(false, null, 1, 50)).contains("sim.scaling.core.speedup.t2"));
    }

    @Test
    void remoteHarnessRunsOverLoopback() throws Exception {
        assertTrue(run(new Remote(false, null, 20, 4, 2)).containsAll(Set.of("remote.transmit.core.p50",
                "remote.transmit.local.p50", "remote.batch.thrpt")));
    }

    /** Runs a harness and returns the ids of the figures it printed. */
    private static Set<String> run(Harness harness) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        harness.redirect(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        harness.run();
        return bytes.toString(StandardCharsets.UTF_8).lines().map(Figure::parse).filter(f -> f != null)
                .map(Figure::id).collect(Collectors.toSet());
    }
}

package org.cardmanage.remote.internal.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

import org.cardmanage.api.Protocol;
import org.cardmanage.api.ShareMode;
import org.cardmanage.remote.internal.errors.WireErrors;
import org.cardmanage.remote.internal.wire.ReaderEvent;
import org.cardmanage.remote.internal.wire.RenewRequest;
import org.cardmanage.remote.internal.wire.WatchReadersRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The link follows the farm's life: silence, stop, restart, a new run, refusal, and the heartbeat. */
class FarmLinkLivenessTest {
    private static final long LEASE_MS = 600;
    /** The farm's lease, a monitor call's deadline (lease/3) and a retry, with room for a slow test machine. */
    private static final Duration WITHIN_LEASE = Duration.ofMillis(LEASE_MS + 200 + 200 + 2_000);

    private final FarmFixture fixture;
    private final LogCapture log = new LogCapture();

    FarmLinkLivenessTest() throws Exception {
        fixture = new FarmFixture();
        fixture.farm.preset(List.of(FakeFarm.reader("R", FarmLinkReadersTest.ATR, 1)));
    }

    @AfterEach
    void tearDown() throws Exception {
        log.close();
        fixture.close();
    }

    @Test
    void aSilentFarmLosesItsReadersWithinItsLeaseAndGetsThemBackWhenItAnswersAgain() throws Exception {
        fixture.farm.leaseMs = LEASE_MS;
        fixture.link("call.timeout.ms", "300");
        long before = fixture.awaitReader("lab/R").id;

        long silentFrom = System.nanoTime();
        fixture.farm.silent = true;
        Await.until("readers gone", WITHIN_LEASE, () -> fixture.registry.live("lab/R") == null);
        long goneAfterMs = (System.nanoTime() - silentFrom) / 1_000_000;
        fixture.farm.silent = false;

        assertThat(goneAfterMs).as("kept while the lease ran").isGreaterThanOrEqualTo(LEASE_MS / 2);
        assertThat(fixture.awaitReader("lab/R").id).isNotEqualTo(before);
        assertThat(log.problems()).hasSize(1);
        assertThat(log.problems().get(0).getMessage()).contains("farm 'lab' gave no answer")
                .contains("lease " + LEASE_MS + " ms");
    }

    @Test
    void aStoppedFarmLosesItsReadersAndGetsThemBackWhenItIsServedAgain() throws Exception {
        fixture.farm.leaseMs = LEASE_MS;
        fixture.link("call.timeout.ms", "300");
        fixture.awaitReader("lab/R");

        fixture.stopServer();
        Await.until("readers gone", WITHIN_LEASE, () -> fixture.registry.live("lab/R") == null);
        fixture.restartServer();

        fixture.awaitReader("lab/R");
    }

    @Test
    void aFarmNotServingYetIsTriedUntilItIs() throws Exception {
        fixture.stopServer();
        fixture.link("call.timeout.ms", "300");
        Await.until("a few attempts", () -> log.at(java.util.logging.Level.INFO).stream()
                .anyMatch(r -> r.getMessage().contains("does not answer")));

        fixture.restartServer();

        fixture.awaitReader("lab/R");
    }

    @Test
    void aStreamThatEndsIsOpenedAgainAndTheReadersStay() throws Exception {
        fixture.link();
        long before = fixture.awaitReader("lab/R").id;

        fixture.farm.endStreams();
        Await.until("a second stream", () -> fixture.farm.requests(WatchReadersRequest.class).size() == 2
                && fixture.farm.watchers() == 1);
        fixture.farm.put(FakeFarm.reader("New", null, 1));

        fixture.awaitReader("lab/New");
        assertThat(fixture.registry.live("lab/R").id).isEqualTo(before);
    }

    @Test
    void aFarmThatEndsEveryStreamAtOnceIsRetriedWithABackOff() throws Exception {
        fixture.farm.endEveryStream = true;
        long start = System.nanoTime();
        fixture.link();

        Await.until("five streams", () -> fixture.farm.requests(WatchReadersRequest.class).size() >= 5);

        // 50 + 100 + 200 + 400 ms of back-off between the first stream and the fifth
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(750);
        assertThat(fixture.registry.live("lab/R")).as("its snapshots still count").isNotNull();
    }

    @Test
    void aFarmRestartWithANewRunIdRegistersItsReadersAnewAndForgetsItsSessions() throws Exception {
        FarmLink link = fixture.link();
        RecordingContext.Registration before = fixture.awaitReader("lab/R");
        before.transport().connect(ShareMode.SHARED, EnumSet.of(Protocol.T1));
        assertThat(link.openSessions()).hasSize(1);

        fixture.farm.restart("run-2");

        Await.until("registered anew", () -> fixture.registry.live("lab/R") != null
                && fixture.registry.live("lab/R").id != before.id);
        assertThat(before.live()).isFalse();
        assertThat(link.openSessions()).isEmpty();
    }

    @Test
    void anEventOfAnotherRunMakesTheLinkStartOver() throws Exception {
        fixture.link();
        long before = fixture.awaitReader("lab/R").id;

        fixture.farm.push(ReaderEvent.newBuilder().setKind(ReaderEvent.Kind.KIND_SNAPSHOT).setRunId("other").build());

        Await.until("registered anew", () -> fixture.registry.live("lab/R") != null
                && fixture.registry.live("lab/R").id != before);
    }

    @Test
    void aFarmThatRefusesThisHostLosesItsReaders() throws Exception {
        fixture.link();
        fixture.awaitReader("lab/R");

        fixture.farm.respond("GetFarm", request -> {
            throw WireErrors.denied(false, "this client is not among the farm's rules");
        });
        fixture.farm.endStreams();

        fixture.awaitGone("lab/R");
        assertThat(log.problems()).hasSize(1);
        assertThat(log.problems().get(0).getMessage()).contains("refuses this host");
    }

    @Test
    void theHeartbeatRenewsEveryThirdOfTheLeaseEvenWithoutSessions() throws Exception {
        fixture.farm.leaseMs = LEASE_MS;
        long start = System.nanoTime();
        fixture.link();

        Await.until("three renewals", () -> fixture.farm.requests(RenewRequest.class).size() >= 3);

        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(2 * LEASE_MS / 3);
        assertThat(fixture.farm.requests(RenewRequest.class)).allMatch(r -> r.getSessionIdsCount() == 0);
    }

    @Test
    void theHeartbeatRenewsOpenSessionsAndForgetsThoseTheFarmNoLongerKnows() throws Exception {
        fixture.farm.leaseMs = LEASE_MS;
        FarmLink link = fixture.link();
        fixture.awaitReader("lab/R").transport().connect(ShareMode.SHARED, EnumSet.of(Protocol.T1));
        String id = link.openSessions().get(0);
        Await.until("the session renewed", () -> fixture.farm.requests(RenewRequest.class).stream()
                .anyMatch(r -> r.getSessionIdsList().contains(id)));

        fixture.farm.sessions.remove(id);

        Await.until("the session forgotten", () -> link.openSessions().isEmpty());
        assertThat(fixture.registry.live("lab/R")).as("the reader stays").isNotNull();
    }
}

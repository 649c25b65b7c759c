package org.cardmanage.webconsole.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.cardmanage.api.admin.CardAdmin;
import org.cardmanage.webconsole.internal.ConsoleActions.Outcome;
import org.junit.jupiter.api.Test;

class ConsoleActionsTest {
    private final FakeAdmin admin = new FakeAdmin(Duration.ofSeconds(5)).with(Map.of(CardAdmin.ID, "a-1"));
    private final FakeSim sim = new FakeSim().reader("Sim Reader 0", "demo").reader("Sim Reader 2", null);

    @Test
    void detachForceDetachesWithTheDispositionAndNamesTheOperator() {
        Outcome outcome = ConsoleActions.run(Map.of("action", "detach", "id", "a-1", "disposition", "unpower"),
                "admin", admin, sim);

        assertThat(outcome).isEqualTo(new Outcome(200, "a-1 detached (UNPOWER)"));
        assertThat(admin.detached()).containsExactly("a-1 UNPOWER: detached by admin from the web console");
    }

    @Test
    void detachResetsByDefault() {
        ConsoleActions.run(Map.of("action", "detach", "id", "a-1"), "admin", admin, sim);

        assertThat(admin.detached()).singleElement().asString().startsWith("a-1 RESET");
    }

    @Test
    void detachOfAnUnknownAttachmentIsNotFound() {
        Outcome outcome = ConsoleActions.run(Map.of("action", "detach", "id", "a-9"), "admin", admin, sim);

        assertThat(outcome.status()).isEqualTo(404);
        assertThat(outcome.message()).contains("a-9");
    }

    @Test
    void detachWithABadDispositionOrNoIdIsABadRequest() {
        assertThat(ConsoleActions.run(Map.of("action", "detach", "id", "a-1", "disposition", "shred"), "admin",
                admin, sim).status()).isEqualTo(400);
        assertThat(ConsoleActions.run(Map.of("action", "detach"), "admin", admin, sim).status()).isEqualTo(400);
        assertThat(admin.detached()).isEmpty();
    }

    @Test
    void detachWithoutTheCoreIsUnavailable() {
        assertThat(ConsoleActions.run(Map.of("action", "detach", "id", "a-1"), "admin", null, sim).status())
                .isEqualTo(503);
    }

    @Test
    void insertPutsACardOfTheProfileIntoAnEmptySimulatedReader() {
        Outcome outcome = ConsoleActions.run(Map.of("action", "insert", "reader", "Sim Reader 2", "profile",
                "demo-t0"), "admin", admin, sim);

        assertThat(outcome.ok()).isTrue();
        assertThat(sim.cards).containsEntry("Sim Reader 2", "demo-t0");
    }

    @Test
    void insertIntoAFullReaderIsAConflictAndIntoAnUnknownOneNotFound() {
        assertThat(ConsoleActions.run(Map.of("action", "insert", "reader", "Sim Reader 0"), "admin", admin, sim)
                .status()).isEqualTo(409);
        assertThat(ConsoleActions.run(Map.of("action", "insert", "reader", "Nowhere"), "admin", admin, sim)
                .status()).isEqualTo(404);
    }

    @Test
    void insertOfAnUnknownProfileIsABadRequest() {
        assertThat(ConsoleActions.run(Map.of("action", "insert", "reader", "Sim Reader 2", "profile", "gold"),
                "admin", admin, sim).status()).isEqualTo(400);
    }

    @Test
    void removeTakesTheCardOutAndAnEmptyReaderIsAConflict() {
        assertThat(ConsoleActions.run(Map.of("action", "remove", "reader", "Sim Reader 0"), "admin", admin, sim)
                .ok()).isTrue();
        assertThat(sim.cards).containsEntry("Sim Reader 0", null);
        assertThat(ConsoleActions.run(Map.of("action", "remove", "reader", "Sim Reader 0"), "admin", admin, sim)
                .status()).isEqualTo(409);
    }

    @Test
    void simulatorActionsWithoutDriverSimAreUnavailable() {
        assertThat(ConsoleActions.run(Map.of("action", "remove", "reader", "Sim Reader 0"), "admin", admin, null)
                .status()).isEqualTo(503);
        assertThat(ConsoleActions.run(Map.of("action", "insert", "reader", "Sim Reader 0"), "admin", admin, null)
                .status()).isEqualTo(503);
    }

    @Test
    void anUnknownActionIsABadRequest() {
        assertThat(ConsoleActions.run(Map.of("action", "format"), "admin", admin, sim).status()).isEqualTo(400);
        assertThat(ConsoleActions.run(Map.of(), "admin", admin, sim).status()).isEqualTo(400);
    }
}

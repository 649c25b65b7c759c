package org.cardmanage.driver.sim.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;

import org.cardmanage.api.Disposition;
import org.cardmanage.api.Protocol;
import org.cardmanage.api.ShareMode;
import org.cardmanage.driver.sim.internal.card.CardProfile;
import org.cardmanage.spi.CardSession;
import org.junit.jupiter.api.Test;

/** The open-session count a leak check reads: up with every connect, down once with every session's disconnect. */
class SimReaderSessionCountTest {
    private final SimReader reader = new SimReader("Count Reader", Duration.ofSeconds(1));

    @Test
    void connectsAndDisconnectsAreCountedOnce() throws Exception {
        reader.insert(CardProfile.DEMO);
        CardSession shared = reader.connect(ShareMode.SHARED, Set.of(Protocol.T0, Protocol.T1));
        CardSession direct = reader.connect(ShareMode.DIRECT, Set.of());
        assertThat(reader.openSessions()).isEqualTo(2);

        shared.disconnect(Disposition.LEAVE);
        shared.disconnect(Disposition.RESET);
        assertThat(reader.openSessions()).as("a second disconnect counts nothing").isEqualTo(1);

        reader.remove();
        direct.disconnect(Disposition.LEAVE);
        assertThat(reader.openSessions()).isZero();
    }
}

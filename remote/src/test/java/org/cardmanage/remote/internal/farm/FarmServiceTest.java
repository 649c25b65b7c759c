package org.cardmanage.remote.internal.farm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.cardmanage.api.CardEvent;
import org.cardmanage.api.CardRemovedException;
import org.cardmanage.api.Disposition;
import org.cardmanage.api.Protocol;
import org.cardmanage.api.ShareMode;
import org.cardmanage.remote.BatchResult;
import org.cardmanage.remote.EventBatch;
import org.cardmanage.remote.FarmInfo;
import org.cardmanage.remote.RemoteCardException;
import org.cardmanage.remote.RemoteCardException.Kind;
import org.cardmanage.remote.SessionGrant;
import org.junit.jupiter.api.Test;

class FarmServiceTest {
    private static final long MS = 1_000_000L;
    private static final byte[] SELECT_MF = {0x00, (byte) 0xA4, 0x00, 0x0C, 0x02, 0x3F, 0x00};
    private static final Protocol[] ANY = {Protocol.T0, Protocol.T1};

    private final AtomicLong clock = new AtomicLong();
    private final FakeCards cards = new FakeCards();
    private final EventRing events = new EventRing("run-1", 4);
    private final FarmService farm = new FarmService(new FarmInfo("f", 100, "run-1"), cards,
            new SessionTable(100, clock::get), events);

    @Test
    void openAttachesOnTheFarmsCardManagerWithoutResponseChaining() throws Exception {
        SessionGrant grant = farm.open("app", "R", ShareMode.EXCLUSIVE, ANY);
        assertThat(grant.leaseMs()).isEqualTo(100);
        assertThat(grant.atrHex()).isEqualTo(java.util.HexFormat.of().withUpperCase().formatHex(FakeAttachment.ATR.bytes()));
        assertThat(grant.protocol()).isEqualTo(Protocol.T0);
        assertThat(cards.options.get(0).shareMode()).isEqualTo(ShareMode.EXCLUSIVE);
        assertThat(cards.options.get(0).responseChaining()).isFalse();
    }

    @Test
    void anUnknownReaderIsTypedOnTheWire() {
        assertThatThrownBy(() -> farm.open("app", "nope", ShareMode.SHARED, ANY))
                .isInstanceOfSatisfying(RemoteCardException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNKNOWN_READER));
    }

    @Test
    void aRemoteReaderOfTheFarmIsNotExportedAgain() {
        assertThat(farm.readers()).extracting(r -> r.name()).containsExactly("R");
        assertThatThrownBy(() -> farm.open("app", "other/R", ShareMode.SHARED, ANY))
                .isInstanceOfSatisfying(RemoteCardException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNKNOWN_READER));
    }

    @Test
    void anExpiredLeaseDetachesWithReset() throws Exception {
        SessionGrant grant = farm.open("app", "R", ShareMode.SHARED, ANY);
        clock.addAndGet(101 * MS);
        assertThat(farm.reapExpired()).isEqualTo(1);
        assertThat(cards.made.get(0).detached).containsExactly(Disposition.RESET);
        assertThatThrownBy(() -> farm.transmit(grant.sessionId(), SELECT_MF))
                .isInstanceOfSatisfying(RemoteCardException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNKNOWN_SESSION));
    }

    @Test
    void callsKeepTheLeaseAlive() throws Exception {
        SessionGrant grant = farm.open("app", "R", ShareMode.SHARED, ANY);
        for (int i = 0; i < 5; i++) {
            clock.addAndGet(60 * MS);
            farm.transmit(grant.sessionId(), SELECT_MF);
        }
        assertThat(farm.reapExpired()).isZero();
    }

    @Test
    void closeDetachesWithTheDispositionAndIsIdempotent() throws Exception {
        SessionGrant grant = farm.open("app", "R", ShareMode.SHARED, ANY);
        farm.close(grant.sessionId(), Disposition.UNPOWER);
        farm.close(grant.sessionId(), Disposition.RESET);
        assertThat(cards.made.get(0).detached).containsExactly(Disposition.UNPOWER);
        assertThat(farm.openSessions()).isZero();
    }

    @Test
    void aBatchStopsAtTheFirstFailure() throws Exception {
        SessionGrant grant = farm.open("app", "R", ShareMode.SHARED, ANY);
        farm.transmit(grant.sessionId(), SELECT_MF);
        cards.made.get(0).failNextTransmit = new CardRemovedException("card gone from 'R'");
        BatchResult result = farm.transmitBatch(grant.sessionId(), List.of(SELECT_MF, SELECT_MF));
        assertThat(result.responses()).isEmpty();
        assertThat(result.failure().kind()).isEqualTo(Kind.CARD_REMOVED);
        BatchResult ok = farm.transmitBatch(grant.sessionId(), List.of(SELECT_MF, SELECT_MF, SELECT_MF));
        assertThat(ok.responses()).hasSize(3);
        assertThat(ok.failure()).isNull();
    }

    @Test
    void closingTheFarmResetsEverySession() throws Exception {
        farm.open("app", "R", ShareMode.SHARED, ANY);
        farm.open("app", "R", ShareMode.SHARED, ANY);
        farm.closeAll();
        assertThat(cards.made).allSatisfy(a -> assertThat(a.detached).containsExactly(Disposition.RESET));
    }

    @Test
    void eventsAreNumberedAndAGapIsReported() {
        for (int i = 0; i < 6; i++) {
            events.add(CardEvent.Type.CARD_INSERTED, "R", "3B00");
        }
        EventBatch all = farm.events(0, 0);
        assertThat(all.lastSequence()).isEqualTo(6);
        assertThat(all.events()).extracting(e -> e.sequence()).containsExactly(3L, 4L, 5L, 6L);
        assertThat(all.gap()).isTrue();
        EventBatch recent = farm.events(4, 0);
        assertThat(recent.events()).extracting(e -> e.sequence()).containsExactly(5L, 6L);
        assertThat(recent.gap()).isFalse();
        assertThat(farm.events(6, 0).events()).isEmpty();
    }
}

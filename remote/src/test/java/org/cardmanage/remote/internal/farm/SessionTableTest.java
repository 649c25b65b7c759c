package org.cardmanage.remote.internal.farm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class SessionTableTest {
    private static final long MS = 1_000_000L;
    private final AtomicLong clock = new AtomicLong(1_000 * MS);
    private final SessionTable table = new SessionTable(100, clock::get);

    @Test
    void aSessionWithinItsLeaseIsKept() {
        table.add("c", new FakeAttachment("R"));
        clock.addAndGet(100 * MS);
        assertThat(table.expire()).isEmpty();
        assertThat(table.size()).isEqualTo(1);
    }

    @Test
    void aSessionPastItsLeaseExpires() {
        FarmSession session = table.add("c", new FakeAttachment("R"));
        clock.addAndGet(101 * MS);
        assertThat(table.expire()).containsExactly(session);
        assertThat(table.touch(session.id())).isNull();
    }

    @Test
    void everyTouchExtendsTheLease() {
        FarmSession session = table.add("c", new FakeAttachment("R"));
        clock.addAndGet(80 * MS);
        table.touch(session.id());
        clock.addAndGet(80 * MS);
        assertThat(table.expire()).isEmpty();
    }

    @Test
    void renewExtendsKnownSessionsAndNamesUnknownOnes() {
        FarmSession session = table.add("c", new FakeAttachment("R"));
        clock.addAndGet(80 * MS);
        assertThat(table.renew(List.of(session.id(), "s-gone"))).containsExactly("s-gone");
        clock.addAndGet(80 * MS);
        assertThat(table.expire()).isEmpty();
    }

    @Test
    void sessionIdsAreDistinct() {
        assertThat(table.add("c", new FakeAttachment("R")).id()).isNotEqualTo(table.add("c", new FakeAttachment("R")).id());
    }
}

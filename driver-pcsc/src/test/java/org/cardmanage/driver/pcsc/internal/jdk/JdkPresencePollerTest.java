package org.cardmanage.driver.pcsc.internal.jdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.smartcardio.CardException;

import org.cardmanage.driver.pcsc.internal.port.Pcsc;
import org.cardmanage.driver.pcsc.internal.port.PcscException;
import org.cardmanage.driver.pcsc.internal.port.ReaderStateQuery;
import org.junit.jupiter.api.Test;

class JdkPresencePollerTest {
    private final FakeTerminal reader = new FakeTerminal("Fake 00");
    private final FakeTerminals terminals = new FakeTerminals(reader);
    private final JdkContext context = new JdkContext(1, terminals);
    private final JdkPresencePoller poller = new JdkPresencePoller(10);

    private ReaderStateQuery look(int known) throws PcscException {
        ReaderStateQuery query = new ReaderStateQuery("Fake 00", known);
        poller.await(context, 0, new ReaderStateQuery[] {query});
        return query;
    }

    @Test
    void theEventCounterGrowsWithEveryInsertionSeen() throws Exception {
        reader.present = false;
        ReaderStateQuery empty = look(Pcsc.SCARD_STATE_UNAWARE);
        assertThat(empty.eventState() & 0xFFFF).isEqualTo(Pcsc.SCARD_STATE_EMPTY | Pcsc.SCARD_STATE_CHANGED);
        assertThat(Pcsc.eventCounter(empty.eventState())).isZero();

        reader.present = true;
        ReaderStateQuery inserted = look(empty.eventState() & ~Pcsc.SCARD_STATE_CHANGED);
        assertThat(inserted.eventState() & 0xFFFF).isEqualTo(Pcsc.SCARD_STATE_PRESENT | Pcsc.SCARD_STATE_CHANGED);
        assertThat(Pcsc.eventCounter(inserted.eventState())).isEqualTo(1);
        assertThat(inserted.atr()).isEmpty();

        reader.present = false;
        look(inserted.eventState());
        reader.present = true;
        assertThat(Pcsc.eventCounter(look(Pcsc.SCARD_STATE_UNAWARE).eventState())).isEqualTo(2);
    }

    @Test
    void anUnchangedStateTimesOut() throws Exception {
        int known = look(Pcsc.SCARD_STATE_UNAWARE).eventState() & ~Pcsc.SCARD_STATE_CHANGED;
        ReaderStateQuery query = new ReaderStateQuery("Fake 00", known);
        assertThat(poller.await(context, 30, new ReaderStateQuery[] {query})).isFalse();
        assertThat(query.eventState() & Pcsc.SCARD_STATE_CHANGED).isZero();
    }

    @Test
    void aReaderThatIsNotThereIsUnknown() throws Exception {
        ReaderStateQuery query = new ReaderStateQuery("Gone 01", Pcsc.SCARD_STATE_EMPTY);
        assertThat(poller.await(context, 0, new ReaderStateQuery[] {query})).isTrue();
        assertThat(query.eventState()).isEqualTo(Pcsc.SCARD_STATE_UNKNOWN | Pcsc.SCARD_STATE_CHANGED);
    }

    @Test
    void thePnpReaderChangesWhenTheListChanges() throws Exception {
        ReaderStateQuery pnp = new ReaderStateQuery(Pcsc.PNP_NOTIFICATION, 1 << 16);
        assertThat(poller.await(context, 0, new ReaderStateQuery[] {pnp})).isFalse();

        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return poller.await(context, Pcsc.INFINITE, new ReaderStateQuery[] {pnp});
            } catch (PcscException e) {
                throw new IllegalStateException(e);
            }
        });
        terminals.readers.add(new FakeTerminal("Fake 01"));
        assertThat(waiting.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(pnp.eventState()).isEqualTo((2 << 16) | Pcsc.SCARD_STATE_CHANGED);
    }

    @Test
    void cancelEndsAWaitFromAnotherThread() throws Exception {
        ReaderStateQuery query = new ReaderStateQuery("Fake 00", look(Pcsc.SCARD_STATE_UNAWARE).eventState());
        CompletableFuture<Integer> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                poller.await(context, Pcsc.INFINITE, new ReaderStateQuery[] {query});
                return 0;
            } catch (PcscException e) {
                return e.code();
            }
        });
        // a cancel with no wait in progress does nothing (as in pcsc-lite): cancel until the wait has seen one
        while (!waiting.isDone()) {
            context.cancel();
            try {
                waiting.get(20, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // not yet waiting
            }
        }
        assertThat(waiting.get()).isEqualTo(Pcsc.SCARD_E_CANCELLED);
    }

    @Test
    void aFailingListIsTranslated() {
        FakeTerminals broken = new FakeTerminals() {
            @Override
            public java.util.List<javax.smartcardio.CardTerminal> list(State state) throws CardException {
                throw new CardException("list() failed", new Exception("SCARD_E_NO_SERVICE"));
            }
        };
        assertThatThrownBy(() -> poller.await(new JdkContext(2, broken), 0,
                new ReaderStateQuery[] {new ReaderStateQuery("Fake 00", 0)}))
                .isInstanceOfSatisfying(PcscException.class,
                        e -> assertThat(e.code()).isEqualTo(Pcsc.SCARD_E_NO_SERVICE));
    }
}

package org.cardmanage.driver.pcsc.internal.fake;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.cardmanage.driver.pcsc.internal.port.Pcsc;
import org.cardmanage.driver.pcsc.internal.port.PcscException;
import org.cardmanage.driver.pcsc.internal.port.ReaderStateQuery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FakeStatusChangeTest {
    static final Duration WAIT = Duration.ofSeconds(5);
    static final String READER = "Virtual PCD 00 00";
    static final byte[] ATR = {0x3B, 0x00};

    final FakePcscd pcscd = new FakePcscd();
    final FakeClient us = pcscd.client();
    final ExecutorService threads = Executors.newCachedThreadPool();
    final FakeReader reader = pcscd.addReader(READER);

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    /** The state a caller knows after a first call with UNAWARE. */
    ReaderStateQuery primed(long context, String name) throws PcscException {
        ReaderStateQuery query = new ReaderStateQuery(name, Pcsc.SCARD_STATE_UNAWARE);
        us.getStatusChange(context, 0, new ReaderStateQuery[] {query});
        query.currentState(query.eventState() & ~Pcsc.SCARD_STATE_CHANGED);
        return query;
    }

    Future<Boolean> waitFor(long context, ReaderStateQuery query) {
        return threads.submit(() -> us.getStatusChange(context, Pcsc.INFINITE, new ReaderStateQuery[] {query}));
    }

    @Test
    void unawareReturnsAtOnceWithTheState() throws Exception {
        long context = us.establishContext();
        ReaderStateQuery query = new ReaderStateQuery(READER, Pcsc.SCARD_STATE_UNAWARE);
        assertThat(us.getStatusChange(context, 0, new ReaderStateQuery[] {query})).isTrue();
        assertThat(query.eventState() & Pcsc.SCARD_STATE_EMPTY).isNotZero();
        assertThat(Pcsc.eventCounter(query.eventState())).isZero();
    }

    @Test
    void insertionEndsTheWaitWithTheNextEventCounterAndTheAtr() throws Exception {
        long context = us.establishContext();
        ReaderStateQuery query = primed(context, READER);
        Future<Boolean> wait = waitFor(context, query);
        assertThat(pcscd.awaitWaiting("SCardGetStatusChange", WAIT)).isTrue();

        reader.insert(FakeCard.answering9000(ATR));

        assertThat(wait.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(query.eventState() & (Pcsc.SCARD_STATE_PRESENT | Pcsc.SCARD_STATE_CHANGED))
                .isEqualTo(Pcsc.SCARD_STATE_PRESENT | Pcsc.SCARD_STATE_CHANGED);
        assertThat(Pcsc.eventCounter(query.eventState())).isEqualTo(1);
        assertThat(query.atr()).isEqualTo(ATR);
    }

    @Test
    void aRemovalAndInsertionBetweenTwoCallsShowsInTheCounter() throws Exception {
        reader.insert(FakeCard.answering9000(ATR));
        long context = us.establishContext();
        ReaderStateQuery query = primed(context, READER);

        reader.remove();
        reader.insert(FakeCard.answering9000(ATR));

        assertThat(us.getStatusChange(context, 0, new ReaderStateQuery[] {query})).isTrue();
        assertThat(Pcsc.eventCounter(query.eventState())).isEqualTo(3);
    }

    @Test
    void timeoutReturnsFalse() throws Exception {
        long context = us.establishContext();
        ReaderStateQuery query = primed(context, READER);
        assertThat(us.getStatusChange(context, 20, new ReaderStateQuery[] {query})).isFalse();
    }

    @Test
    void cancelEndsTheWait() throws Exception {
        long context = us.establishContext();
        Future<Boolean> wait = waitFor(context, primed(context, READER));
        assertThat(pcscd.awaitWaiting("SCardGetStatusChange", WAIT)).isTrue();

        us.cancel(context);

        try {
            wait.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError("not cancelled");
        } catch (ExecutionException e) {
            assertThat(((PcscException) e.getCause()).code()).isEqualTo(Pcsc.SCARD_E_CANCELLED);
        }
    }

    @Test
    void pnpReaderSeesAReaderPluggedIn() throws Exception {
        long context = us.establishContext();
        ReaderStateQuery pnp = new ReaderStateQuery(Pcsc.PNP_NOTIFICATION, Pcsc.SCARD_STATE_UNAWARE);
        assertThat(us.getStatusChange(context, 0, new ReaderStateQuery[] {pnp})).isFalse();
        pnp.currentState(pnp.eventState());
        Future<Boolean> wait = waitFor(context, pnp);
        assertThat(pcscd.awaitWaiting("SCardGetStatusChange", WAIT)).isTrue();

        pcscd.addReader("Virtual PCD 00 01");

        assertThat(wait.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(pnp.eventState() & Pcsc.SCARD_STATE_CHANGED).isNotZero();
        assertThat(pnp.eventState() >>> 16).isEqualTo(pcscd.readerEvents());
        assertThat(us.listReaders(context)).containsExactly(READER, "Virtual PCD 00 01");
    }

    @Test
    void unpluggedReaderEndsTheWaitAsUnknown() throws Exception {
        long context = us.establishContext();
        ReaderStateQuery query = primed(context, READER);
        Future<Boolean> wait = waitFor(context, query);
        assertThat(pcscd.awaitWaiting("SCardGetStatusChange", WAIT)).isTrue();

        pcscd.removeReader(READER);

        assertThat(wait.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(query.eventState() & Pcsc.SCARD_STATE_UNKNOWN).isNotZero();
    }

    @Test
    void unknownReaderIsRefused() throws Exception {
        long context = us.establishContext();
        ReaderStateQuery query = new ReaderStateQuery("nowhere", Pcsc.SCARD_STATE_UNAWARE);
        try {
            us.getStatusChange(context, 0, new ReaderStateQuery[] {query});
            throw new AssertionError("accepted");
        } catch (PcscException e) {
            assertThat(e.code()).isEqualTo(Pcsc.SCARD_E_UNKNOWN_READER);
        }
    }

    @Test
    void aWaitHoldsTheContextSoReleaseWaitsForIt() throws Exception {
        long context = us.establishContext();
        Future<Boolean> wait = waitFor(context, primed(context, READER));
        assertThat(pcscd.awaitWaiting("SCardGetStatusChange", WAIT)).isTrue();
        Future<Object> release = threads.submit(() -> {
            us.releaseContext(context);
            return null;
        });
        assertThat(pcscd.liveContexts()).isEqualTo(1);

        reader.insert(FakeCard.answering9000(ATR));

        assertThat(wait.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        release.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(pcscd.liveContexts()).isZero();
    }
}

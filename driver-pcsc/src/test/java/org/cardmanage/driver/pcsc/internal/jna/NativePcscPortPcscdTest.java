package org.cardmanage.driver.pcsc.internal.jna;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.cardmanage.driver.pcsc.internal.port.CardStatus;
import org.cardmanage.driver.pcsc.internal.port.Connection;
import org.cardmanage.driver.pcsc.internal.port.Pcsc;
import org.cardmanage.driver.pcsc.internal.port.PcscException;
import org.cardmanage.driver.pcsc.internal.port.ReaderStateQuery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.jna.Platform;

/**
 * The binding against a running pcscd with vsmartcard's vpcd readers ({@code .ci/pcsc-testbed.sh up}); skipped where
 * there is none. Needs no card.
 */
class NativePcscPortPcscdTest {
    private static final String READER = "Virtual PCD 00 00";
    private static final Duration BOUND = Duration.ofSeconds(10);

    private NativePcscPort port;
    private long context;

    @BeforeEach
    void connectToPcscd() throws Exception {
        assumeTrue(Platform.isLinux(), "pcscd on Linux");
        try {
            port = NativePcscPort.load("");
            context = port.establishContext();
        } catch (LibraryUnavailableException e) {
            assumeTrue(false, e.getMessage());
        } catch (PcscException e) {
            assumeTrue(false, "no pcscd: " + e.getMessage());
        }
        List<String> readers = port.listReaders(context);
        if (!readers.contains(READER)) {
            port.releaseContext(context);
            assumeTrue(false, "pcscd lists no '" + READER + "': " + readers);
        }
    }

    @AfterEach
    void release() throws PcscException {
        if (port != null && context != 0) {
            port.releaseContext(context);
        }
    }

    @Test
    void aStatusChangeWithoutWaitingReportsEachReader() throws PcscException {
        ReaderStateQuery reader = new ReaderStateQuery(READER, Pcsc.SCARD_STATE_UNAWARE);
        ReaderStateQuery pnp = new ReaderStateQuery(Pcsc.PNP_NOTIFICATION, Pcsc.SCARD_STATE_UNAWARE);

        boolean changed = port.getStatusChange(context, 0, new ReaderStateQuery[] {reader, pnp});

        assertThat(changed).isTrue();
        assertThat(reader.eventState() & (Pcsc.SCARD_STATE_EMPTY | Pcsc.SCARD_STATE_PRESENT)).isNotZero();
        if ((reader.eventState() & Pcsc.SCARD_STATE_PRESENT) != 0) {
            assertThat(reader.atr()).isNotEmpty();
        } else {
            assertThat(reader.atr()).isEmpty();
        }
    }

    @Test
    void aWaitWithoutChangeTimesOut() throws PcscException {
        ReaderStateQuery reader = new ReaderStateQuery(READER, Pcsc.SCARD_STATE_UNAWARE);
        port.getStatusChange(context, 0, new ReaderStateQuery[] {reader});
        reader.currentState(reader.eventState());

        assertTimeoutPreemptively(BOUND,
                () -> assertThat(port.getStatusChange(context, 50, new ReaderStateQuery[] {reader})).isFalse());
    }

    @Test
    void cancelEndsAWaitOnTheContext() throws Exception {
        ReaderStateQuery reader = new ReaderStateQuery(READER, Pcsc.SCARD_STATE_UNAWARE);
        port.getStatusChange(context, 0, new ReaderStateQuery[] {reader});
        reader.currentState(reader.eventState());
        CompletableFuture<Boolean> wait = CompletableFuture.supplyAsync(() -> {
            try {
                return port.getStatusChange(context, Pcsc.INFINITE, new ReaderStateQuery[] {reader});
            } catch (PcscException e) {
                throw new IllegalStateException(e);
            }
        });
        assertTimeoutPreemptively(BOUND, () -> {
            while (!wait.isDone()) {
                port.cancel(context);
                try {
                    wait.get(20, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    // the wait had not begun yet: cancel again
                } catch (ExecutionException e) {
                    break;
                }
            }
        });

        assertThatThrownBy(wait::join).hasRootCauseInstanceOf(PcscException.class)
                .rootCause().hasMessage("SCardGetStatusChange: SCARD_E_CANCELLED");
    }

    @Test
    void abandoningAContextFreesACallBlockedOnItAndNothingElse() throws Exception {
        long other = port.establishContext();
        try {
            assertThat(port.canAbandon(context)).as("the context's socket to pcscd is known").isTrue();
            ReaderStateQuery reader = new ReaderStateQuery(READER, Pcsc.SCARD_STATE_UNAWARE);
            port.getStatusChange(context, 0, new ReaderStateQuery[] {reader});
            reader.currentState(reader.eventState());
            CompletableFuture<Boolean> blocked = CompletableFuture.supplyAsync(() -> {
                try {
                    return port.getStatusChange(context, Pcsc.INFINITE, new ReaderStateQuery[] {reader});
                } catch (PcscException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(port.abandon(context)).isTrue();

            assertTimeoutPreemptively(BOUND, () -> assertThatThrownBy(blocked::join)
                    .hasRootCauseInstanceOf(PcscException.class));
            assertThat(port.canAbandon(context)).isFalse();
            assertThat(port.listReaders(other)).as("another context is untouched").contains(READER);
        } finally {
            port.releaseContext(other);
            try {
                port.releaseContext(context);
            } catch (PcscException dead) {
                // its connection to pcscd is gone: releasing frees what libpcsclite kept of it
            }
            context = 0;
        }
    }

    @Test
    void aDirectConnectionNeedsNoCard() throws PcscException {
        Connection connection = port.connect(context, READER, Pcsc.SCARD_SHARE_DIRECT, 0);
        try {
            CardStatus status = port.status(connection.handle());

            assertThat(status.readerName()).isEqualTo(READER);
            assertThat(status.state() & ~0xFFFF).isZero();
        } finally {
            port.disconnect(connection.handle(), Pcsc.SCARD_LEAVE_CARD);
        }
    }

    @Test
    void anUnknownReaderIsSaidSo() {
        assertThatThrownBy(() -> port.connect(context, "No Such Reader 99", Pcsc.SCARD_SHARE_SHARED,
                Pcsc.SCARD_PROTOCOL_T0 | Pcsc.SCARD_PROTOCOL_T1)).isInstanceOfSatisfying(PcscException.class,
                        e -> assertThat(e.code()).isEqualTo(Pcsc.SCARD_E_UNKNOWN_READER));
    }
}

package org.cardmanage.driver.pcsc.internal.jdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.cardmanage.driver.pcsc.internal.port.CardStatus;
import org.cardmanage.driver.pcsc.internal.port.Connection;
import org.cardmanage.driver.pcsc.internal.port.Pcsc;
import org.cardmanage.driver.pcsc.internal.port.PcscException;
import org.cardmanage.driver.pcsc.internal.port.ReaderStateQuery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The port against the real pcscd testbed ({@code .ci/pcsc-testbed.sh up}); skipped where pcscd does not run. It
 * sends nothing to a card: a card in the testbed's readers may belong to another test.
 */
class JdkPcscPortPcscdTest {
    private static final String READER = "Virtual PCD 00 00";

    private final JdkPcscPort port = new JdkPcscPort(50);
    private long context;

    @BeforeEach
    void pcscd() throws PcscException {
        assumeTrue(Files.exists(Path.of("/run/pcscd/pcscd.comm")), "pcscd is not running");
        context = port.establishContext();
        assumeTrue(port.listReaders(context).contains(READER), "no vpcd reader");
    }

    @AfterEach
    void release() {
        port.close();
    }

    @Test
    void reportsTheReaderStateAndItsCard() throws Exception {
        ReaderStateQuery query = new ReaderStateQuery(READER, Pcsc.SCARD_STATE_UNAWARE);
        assertThat(port.getStatusChange(context, 0, new ReaderStateQuery[] {query})).isTrue();
        assumeTrue((query.eventState() & Pcsc.SCARD_STATE_PRESENT) != 0, "no card in " + READER);

        Connection c = port.connect(context, READER, Pcsc.SCARD_SHARE_SHARED,
                Pcsc.SCARD_PROTOCOL_T0 | Pcsc.SCARD_PROTOCOL_T1);
        CardStatus status = port.status(c.handle());
        assertThat(status.readerName()).isEqualTo(READER);
        assertThat(status.atr()).isNotEmpty();
        assertThat(status.protocol()).isEqualTo(c.protocol());
        assertThatThrownBy(() -> port.connect(context, READER, Pcsc.SCARD_SHARE_EXCLUSIVE, Pcsc.SCARD_PROTOCOL_T1))
                .isInstanceOfSatisfying(PcscException.class,
                        e -> assertThat(e.code()).isEqualTo(Pcsc.SCARD_E_UNSUPPORTED_FEATURE));
        port.disconnect(c.handle(), Pcsc.SCARD_LEAVE_CARD);
    }

    @Test
    void anUnchangedReaderTimesOutAndAWaitCanBeCancelled() throws Exception {
        ReaderStateQuery query = new ReaderStateQuery(READER, Pcsc.SCARD_STATE_UNAWARE);
        port.getStatusChange(context, 0, new ReaderStateQuery[] {query});
        query.currentState(query.eventState() & ~Pcsc.SCARD_STATE_CHANGED);
        assertThat(port.getStatusChange(context, 120, new ReaderStateQuery[] {query})).isFalse();
    }
}

package org.cardmanage.driver.pcsc.internal.jdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.NoSuchAlgorithmException;

import javax.smartcardio.CardException;

import org.cardmanage.driver.pcsc.internal.port.CardStatus;
import org.cardmanage.driver.pcsc.internal.port.Connection;
import org.cardmanage.driver.pcsc.internal.port.Pcsc;
import org.cardmanage.driver.pcsc.internal.port.PcscException;
import org.junit.jupiter.api.Test;

class JdkPcscPortTest {
    private static final int T0_T1 = Pcsc.SCARD_PROTOCOL_T0 | Pcsc.SCARD_PROTOCOL_T1;

    private final FakeTerminal reader = new FakeTerminal("Fake 00");
    private final JdkPcscPort port = new JdkPcscPort(() -> new FakeTerminals(reader), 10);

    @Test
    void noServiceWhenTheFactoryCannotBeMade() {
        JdkPcscPort down = new JdkPcscPort(() -> {
            throw new NoSuchAlgorithmException("Error constructing TerminalFactory for PC/SC using SunPCSC",
                    new CardException("SCARD_E_NO_SERVICE"));
        }, 10);
        assertThatThrownBy(down::establishContext).isInstanceOfSatisfying(PcscException.class,
                e -> assertThat(e.code()).isEqualTo(Pcsc.SCARD_E_NO_SERVICE));
    }

    @Test
    void transmitsAndReportsTheCard() throws Exception {
        long context = port.establishContext();
        assertThat(port.listReaders(context)).containsExactly("Fake 00");
        Connection connection = port.connect(context, "Fake 00", Pcsc.SCARD_SHARE_SHARED, T0_T1);

        byte[] response = port.transmit(connection.handle(), connection.protocol(), new byte[] {0, (byte) 0x84, 0, 0, 8});
        assertThat(response).containsExactly(0x90, 0x00);
        CardStatus status = port.status(connection.handle());
        assertThat(status.readerName()).isEqualTo("Fake 00");
        assertThat(status.atr()).isEqualTo(FakeTerminal.ATR_BYTES);
        assertThat(port.getAttribute(connection.handle(), Pcsc.SCARD_ATTR_ATR_STRING))
                .isEqualTo(FakeTerminal.ATR_BYTES);
        port.releaseContext(context);
        assertThat(reader.connected.get(0).disconnectedWithReset).isFalse();
    }

    @Test
    void commandsTheJdkWouldRewriteAreRefused() throws Exception {
        long context = port.establishContext();
        Connection c = port.connect(context, "Fake 00", Pcsc.SCARD_SHARE_SHARED, T0_T1);
        for (byte[] command : new byte[][] {{0x01, (byte) 0xA4, 0, 0}, {0x00, 0x70, 0, 0, 1}}) {
            assertThatThrownBy(() -> port.transmit(c.handle(), c.protocol(), command))
                    .isInstanceOfSatisfying(PcscException.class,
                            e -> assertThat(e.code()).isEqualTo(Pcsc.SCARD_E_UNSUPPORTED_FEATURE));
        }
        assertThat(reader.connected.get(0).transmits).isZero();
        port.close();
    }

    @Test
    void aRemovedCardIsSeenByStatus() throws Exception {
        long context = port.establishContext();
        Connection c = port.connect(context, "Fake 00", Pcsc.SCARD_SHARE_SHARED, T0_T1);
        reader.present = false;
        assertThatThrownBy(() -> port.status(c.handle())).isInstanceOfSatisfying(PcscException.class,
                e -> assertThat(e.code()).isEqualTo(Pcsc.SCARD_W_REMOVED_CARD));
        port.close();
    }

    @Test
    void anUnknownReaderIsUnknown() throws Exception {
        long context = port.establishContext();
        assertThatThrownBy(() -> port.connect(context, "Nope", Pcsc.SCARD_SHARE_SHARED, T0_T1))
                .isInstanceOfSatisfying(PcscException.class,
                        e -> assertThat(e.code()).isEqualTo(Pcsc.SCARD_E_UNKNOWN_READER));
    }

    @Test
    void controlCodesFollowThePlatform() {
        int expected = System.getProperty("os.name").startsWith("Windows") ? 0x3136B0 : 0x42000D48;
        assertThat(port.controlCode(3400)).isEqualTo(expected);
    }
}

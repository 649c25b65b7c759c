package org.cardmanage.driver.sim.vpcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.HexFormat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The card against an in-process fake vpcd: a server socket on the loopback that speaks the vpcd protocol as vpcd
 * does (it sends length and payload in two writes).
 */
class VpcdCardTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private final ServerSocket vpcd;
    private VpcdCard card;
    private Socket connection;

    VpcdCardTest() throws IOException {
        vpcd = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        vpcd.setSoTimeout((int) WAIT.toMillis());
    }

    @AfterEach
    void tearDown() throws IOException {
        if (card != null) {
            card.close();
        }
        if (connection != null) {
            connection.close();
        }
        vpcd.close();
    }

    private Socket insert(boolean reconnect) throws Exception {
        card = new VpcdCard("127.0.0.1", vpcd.getLocalPort(), "demo", reconnect);
        card.insert();
        connection = vpcd.accept();
        connection.setSoTimeout((int) WAIT.toMillis());
        assertThat(card.awaitConnected(1, WAIT)).isTrue();
        return connection;
    }

    /** Sends a frame as vpcd does: the length, then the payload, in two writes. */
    private static void send(Socket socket, byte[] payload) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(new byte[] {(byte) (payload.length >> 8), (byte) payload.length});
        out.flush();
        out.write(payload);
        out.flush();
    }

    private static byte[] receive(Socket socket) throws IOException {
        DataInputStream in = new DataInputStream(socket.getInputStream());
        byte[] payload = new byte[in.readUnsignedShort()];
        in.readFully(payload);
        return payload;
    }

    private static byte[] command(String hex) {
        return HEX.parseHex(hex);
    }

    @Test
    void theCardAnswersGetAtrWithItsAtr() throws Exception {
        Socket socket = insert(true);
        send(socket, new byte[] {VpcdFrames.GET_ATR});
        assertThat(HEX.formatHex(receive(socket))).isEqualTo(card.atrHex())
                .isEqualTo("3BF81300008131FE45434D53494D2D5431F1");
    }

    @Test
    void anApduIsAnsweredWithTheCardsResponse() throws Exception {
        Socket socket = insert(true);
        send(socket, new byte[] {VpcdFrames.POWER_ON});
        send(socket, command("00A4000C023F00"));
        assertThat(HEX.formatHex(receive(socket))).isEqualTo("9000");
        send(socket, command("00840000" + "08"));
        assertThat(receive(socket)).hasSize(10);
    }

    @Test
    void powerOffResetAndEmptyFramesGetNoAnswer() throws Exception {
        Socket socket = insert(true);
        send(socket, new byte[] {VpcdFrames.POWER_OFF});
        send(socket, new byte[] {VpcdFrames.POWER_ON});
        send(socket, new byte[] {VpcdFrames.RESET});
        send(socket, new byte[0]);
        send(socket, new byte[] {0x7F}); // an unknown control byte
        send(socket, new byte[] {VpcdFrames.GET_ATR});
        assertThat(HEX.formatHex(receive(socket))).as("the first answer is the one to GET ATR")
                .isEqualTo(card.atrHex());
    }

    @Test
    void aResetClearsTheVerifiedPin() throws Exception {
        Socket socket = insert(true);
        send(socket, command("00A4040C07" + HEX.formatHex(org.cardmanage.driver.sim.internal.card.SimulatedCard
                .demoAid())));
        assertThat(HEX.formatHex(receive(socket))).isEqualTo("9000");
        send(socket, command("0020008104" + "31323334"));
        assertThat(HEX.formatHex(receive(socket))).isEqualTo("9000");
        send(socket, command("00200081"));
        assertThat(HEX.formatHex(receive(socket))).as("verified").isEqualTo("9000");
        send(socket, new byte[] {VpcdFrames.RESET});
        send(socket, command("00A4040C07" + HEX.formatHex(org.cardmanage.driver.sim.internal.card.SimulatedCard
                .demoAid())));
        assertThat(HEX.formatHex(receive(socket))).isEqualTo("9000");
        send(socket, command("00200081"));
        assertThat(HEX.formatHex(receive(socket))).as("no longer verified").startsWith("63C");
    }

    @Test
    void aTruncatedFrameEndsTheConnectionAndTheCardReconnects() throws Exception {
        Socket socket = insert(true);
        socket.getOutputStream().write(new byte[] {0x00, 0x05, 0x00, (byte) 0xA4});
        socket.close();
        Socket second = vpcd.accept();
        try {
            assertThat(card.awaitConnected(2, WAIT)).isTrue();
            send(second, new byte[] {VpcdFrames.GET_ATR});
            assertThat(HEX.formatHex(receive(second))).isEqualTo(card.atrHex());
        } finally {
            second.close();
        }
    }

    @Test
    void aCardToldNotToReconnectStopsWhenVpcdClosesTheConnection() throws Exception {
        Socket socket = insert(false);
        socket.close();
        long deadline = System.nanoTime() + WAIT.toNanos();
        synchronized (this) {
            while (card.isInserted() && System.nanoTime() < deadline) {
                wait(10); // waits for a condition, with a bound
            }
        }
        assertThat(card.isInserted()).isFalse();
        assertThat(card.isConnected()).isFalse();
        vpcd.setSoTimeout(300);
        assertThatThrownBy(vpcd::accept).as("no second connection").isInstanceOf(SocketTimeoutException.class);
    }

    @Test
    void removeClosesTheConnection() throws Exception {
        Socket socket = insert(true);
        card.remove();
        InputStream in = socket.getInputStream();
        assertThat(in.read()).as("vpcd sees the card go").isEqualTo(-1);
        assertThat(card.isConnected()).isFalse();
    }

    @Test
    void theCardWaitsForVpcdToListen() throws Exception {
        int port = vpcd.getLocalPort();
        vpcd.close();
        card = new VpcdCard("127.0.0.1", port, "demo-t0", true);
        card.insert();
        assertThat(card.awaitConnected(1, Duration.ofMillis(300))).isFalse();
        try (ServerSocket late = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            late.setSoTimeout((int) WAIT.toMillis());
            try (Socket socket = late.accept()) {
                assertThat(card.awaitConnected(1, WAIT)).isTrue();
                send(socket, new byte[] {VpcdFrames.GET_ATR});
                assertThat(HEX.formatHex(receive(socket))).isEqualTo("3B78130000434D53494D2D5430");
            }
        }
    }

    @Test
    void badArgumentsAreRefused() {
        assertThatThrownBy(() -> new VpcdCard(" ", 35963, "demo", true)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new VpcdCard("localhost", 0, "demo", true))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new VpcdCard("localhost", 35963, "nope", true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("demo");
        assertThatThrownBy(() -> VpcdArguments.parse(new String[] {"--port", "x"}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(VpcdArguments.parse(new String[] {"--port", "35964", "--once"}))
                .isEqualTo(new VpcdArguments("127.0.0.1", 35964, "demo", true, false));
    }

    @Test
    void aMutedCardHoldsAnApduButStillAnswersTheAtrPoll() throws Exception {
        Socket socket = insert(true);
        card.setMuted(true);
        send(socket, command("00A4000C023F00"));
        socket.setSoTimeout(300);

        assertThatThrownBy(() -> receive(socket)).as("no answer while muted")
                .isInstanceOf(SocketTimeoutException.class);
        assertThat(card.isMuted()).isTrue();

        socket.setSoTimeout((int) WAIT.toMillis());
        card.setMuted(false);
        assertThat(HEX.formatHex(receive(socket))).as("the held APDU is answered once unmuted").isEqualTo("9000");
    }

    @Test
    void removingAMutedCardEndsItsThreadAndUnmutesIt() throws Exception {
        Socket socket = insert(false);
        card.setMuted(true);
        send(socket, command("00A4000C023F00"));

        card.remove();

        assertThat(card.isInserted()).isFalse();
        assertThat(card.isMuted()).isFalse();
        assertThat(socket.getInputStream().read()).as("the connection is closed, the APDU unanswered").isEqualTo(-1);
    }
}

package org.cardmanage.itests.remote;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import org.cardmanage.itests.Apdus;
import org.cardmanage.itests.Await;
import org.cardmanage.itests.Background;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * A hostile network peer costs only its own connection: this framework is a farm with mutual TLS, a well-behaved
 * client ({@code app-good}, on {@code Sim Reader 1}) keeps calling through each abuse and after it, while other peers
 * in this JVM reset a connection in the middle of a call, open a thousand connections of garbage, hold a hundred idle
 * connections (more than {@code max.connections}), and send a request beyond {@code max.message.bytes}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FarmRobustnessIT extends LocalFarmTestBase {
    static final String SIM_READER_1 = "Sim Reader 1";
    static final String SELECT_MF = "00 A4 00 0C 02 3F 00";
    static final long HANDSHAKE_TIMEOUT_MS = 1000;
    static final int MAX_MESSAGE_BYTES = 64 * 1024;
    static final int MAX_CONNECTIONS = 64;
    static final int GARBAGE_CONNECTIONS = 1000;
    /** How long the farm may take to close a connection it should close at once: scheduling on a loaded machine. */
    static final Duration CLOSE_MARGIN = Duration.ofSeconds(5);

    private static int port;
    private RawClient good;
    private String goodSession;

    @Configuration
    public Option[] config() {
        return options(baseOptions(), RemoteOptions.remoteBundle(), RemoteOptions.grpcForProbe());
    }

    @Before
    public void farmAndAWellBehavedClient() {
        if (port == 0) {
            sim().addReader(SIM_READER_1, "demo");
            awaitReader(SIM_READER_1);
            port = RemoteOptions.freePort();
            startFarm(FarmConfig.tls("farm", port, TestPki.main())
                    .clients("cn=app-good | readers=Sim Reader 1", "cn=app-a | readers=Sim Reader *")
                    .set("handshake.timeout.ms", Long.toString(HANDSHAKE_TIMEOUT_MS))
                    .set("max.message.bytes", Integer.toString(MAX_MESSAGE_BYTES))
                    .set("max.connections", Integer.toString(MAX_CONNECTIONS)));
        }
        good = RawClient.tls(port, TestPki.main(), "app-good");
        goodSession = good.open(SIM_READER_1);
        assertGoodClientServed();
    }

    @After
    public void closeTheWellBehavedClient() {
        sim().setLatency(SIM_READER, Duration.ZERO);
        good.close();
        Await.until("the farm closed the sessions of the closed connections", () -> remoteAttachments().isEmpty(),
                WAIT);
    }

    private void assertGoodClientServed() {
        assertEquals(Apdus.SW_OK, good.sw(goodSession, SELECT_MF));
    }

    /** After an abuse: the established client goes on, a new connection is served, the reader is sound. */
    private void assertTheFarmServesAsBefore() throws Exception {
        assertGoodClientServed();
        try (RawClient fresh = RawClient.tls(port, TestPki.main(), "app-a")) {
            String session = fresh.open(SIM_READER);
            assertEquals(Apdus.SW_OK, fresh.sw(session, SELECT_MF));
            assertEquals(0x63C3, fresh.sw(session, "00 20 00 81"));
            fresh.close(session);
        }
        assertEquals("no session of a broken connection is left on the reader", 0, sim().openSessions(SIM_READER));
    }

    @Test
    public void aConnectionResetInTheMiddleOfACallCostsOnlyThatConnection() throws Exception {
        sim().setLatency(SIM_READER, Duration.ofSeconds(2)); // a slow card: the call is in the card when the RST comes
        try (ResettingProxy proxy = new ResettingProxy(port);
                RawClient victim = RawClient.tls(proxy.port(), TestPki.main(), "app-a")) {
            String session = victim.open(SIM_READER);
            Background<byte[]> call = Background.start("a transmit through the proxy",
                    () -> victim.transmit(session, Apdus.SELECT_MF.bytes()));
            Await.until("the farm is in the card's transmit", FarmRobustnessIT::farmIsInTheCard, WAIT);

            proxy.reset();

            StatusRuntimeException lost = call.failure(StatusRuntimeException.class, WAIT);
            assertEquals(Status.Code.UNAVAILABLE, lost.getStatus().getCode());
            assertGoodClientServed(); // while the farm still waits for the slow card of the reset connection
            Await.until("the reset connection's session is closed", () -> attachmentsFor("cn=app-a").isEmpty(),
                    Duration.ofSeconds(2).plus(WAIT));
        }
        sim().setLatency(SIM_READER, Duration.ZERO);
        assertTheFarmServesAsBefore();
    }

    @Test
    public void aThousandGarbageConnectionsLeaveTheFarmServing() throws Exception {
        SSLContext tls = TestPki.main().jdkClientContext("app-a", TestPki.main());
        ExecutorService peers = Executors.newFixedThreadPool(8);
        CountDownLatch remaining = new CountDownLatch(GARBAGE_CONNECTIONS);
        List<Future<Boolean>> garbage = new ArrayList<>();
        long start = System.nanoTime();
        try {
            for (int i = 0; i < GARBAGE_CONNECTIONS; i++) {
                int seed = i;
                garbage.add(peers.submit(() -> {
                    try {
                        return sendGarbage(seed, tls);
                    } finally {
                        remaining.countDown();
                    }
                }));
            }
            int during = 0;
            while (!remaining.await(2, TimeUnit.MILLISECONDS)) {
                assertGoodClientServed();
                during++;
            }
            int keptOpen = 0;
            for (Future<Boolean> connection : garbage) {
                keptOpen += connection.get() ? 0 : 1; // a failure of the test's own peer fails the test
            }
            assertEquals("garbage connections the farm kept open", 0, keptOpen);
            assertTrue("the well-behaved client called during the garbage: " + during, during > 0);
            System.out.println("REMOTE " + GARBAGE_CONNECTIONS + " garbage connections in "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms: the well-behaved client made "
                    + during + " calls meanwhile, all answered");
        } finally {
            peers.shutdownNow();
        }
        assertTrue("no garbage became a session: " + remoteAttachments(), attachmentsFor("cn=app-a").isEmpty());
        assertTheFarmServesAsBefore();
    }

    /**
     * One connection of garbage, by its number: mostly random bytes, or a whole TLS handshake record of nonsense;
     * one in ten a verified TLS 1.3 handshake (ALPN h2) followed by bytes that are not HTTP/2; one in fifty a TLS
     * record that never ends, which only the handshake timeout ends.
     *
     * @return whether the farm closed the connection (within the handshake timeout and a margin)
     */
    private boolean sendGarbage(int seed, SSLContext tls) throws IOException {
        Random random = new Random(seed);
        byte[] bytes = new byte[8 + random.nextInt(2000)];
        random.nextBytes(bytes);
        Socket socket;
        if (seed % 10 == 0) {
            SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port);
            SSLParameters parameters = secure.getSSLParameters();
            parameters.setApplicationProtocols(new String[] {"h2"});
            secure.setSSLParameters(parameters);
            secure.startHandshake();
            socket = secure;
        } else {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            if (seed % 2 == 1) {
                // a TLS handshake record header, then nonsense: the whole record, or (1 in 50) one that never ends
                int length = seed % 50 == 1 ? 0x3FFF : bytes.length - 5;
                bytes[0] = 0x16;
                bytes[1] = 0x03;
                bytes[2] = 0x03;
                bytes[3] = (byte) (length >> 8);
                bytes[4] = (byte) length;
            }
        }
        try (socket) {
            socket.setSoTimeout((int) (HANDSHAKE_TIMEOUT_MS + CLOSE_MARGIN.toMillis()));
            try {
                socket.getOutputStream().write(bytes);
                socket.getOutputStream().flush();
            } catch (IOException closedWhileWriting) {
                return true;
            }
            return closedByPeer(socket);
        }
    }

    @Test
    public void aHundredIdleConnectionsAreClosedAndLeaveTheFarmServing() throws Exception {
        List<Socket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                idle.add(new Socket(InetAddress.getLoopbackAddress(), port)); // no byte sent: no handshake
            }
            assertGoodClientServed(); // over its established connection, with the farm full
            log.await("further connections are closed at once", WAIT); // more than max.connections came
            long start = System.nanoTime();
            for (Socket socket : idle) {
                socket.setSoTimeout((int) (HANDSHAKE_TIMEOUT_MS + CLOSE_MARGIN.toMillis()));
                assertTrue("the farm closes an idle connection", closedByPeer(socket));
            }
            long closedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertGoodClientServed();
            System.out.println("REMOTE 100 idle connections: all closed by the farm within " + closedMs
                    + " ms (handshake timeout " + HANDSHAKE_TIMEOUT_MS + " ms, max.connections " + MAX_CONNECTIONS
                    + ")");
        } finally {
            for (Socket socket : idle) {
                socket.close();
            }
        }
        assertTheFarmServesAsBefore();
    }

    @Test
    public void anOversizeRequestFailsOnlyThatCall() throws Exception {
        try (RawClient big = RawClient.tls(port, TestPki.main(), "app-a")) {
            String session = big.open(SIM_READER);
            byte[] oversize = new byte[MAX_MESSAGE_BYTES + 1024];
            oversize[1] = (byte) 0xA4;
            assertEquals(Status.Code.RESOURCE_EXHAUSTED, RawClient.status(() -> big.transmit(session, oversize)));
            assertGoodClientServed();
            assertEquals("the same connection and session go on", Apdus.SW_OK, big.sw(session, SELECT_MF));
        }
        assertTheFarmServesAsBefore();
    }

    /** @return true if the peer closed or reset the connection; false if it kept it open past the read timeout */
    private static boolean closedByPeer(Socket socket) {
        byte[] buffer = new byte[4096];
        try {
            InputStream in = socket.getInputStream();
            while (in.read(buffer) >= 0) {
                // the farm's TLS alert, HTTP/2 settings or GOAWAY: read and drop
            }
            return true;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    /** @return whether a farm call thread is inside the simulated reader's transmit */
    private static boolean farmIsInTheCard() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(thread -> thread.getKey().getName().startsWith("cardmanage-farm-call"))
                .anyMatch(thread -> Arrays.stream(thread.getValue()).anyMatch(frame -> frame.getClassName()
                        .endsWith(".SimReader") && frame.getMethodName().equals("transmit")));
    }
}

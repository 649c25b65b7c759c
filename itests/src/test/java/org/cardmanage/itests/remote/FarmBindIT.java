package org.cardmanage.itests.remote;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The farm never listens on an address it was not given: this framework is a farm, and the test looks at its port
 * from the other addresses of this machine (a non-loopback address of a network interface, or else 127.0.0.2, a
 * loopback address the farm did not bind either) and, where {@code ss} exists, at the kernel's list of listening
 * sockets. Plaintext ({@code insecure.loopback.only}) on a non-loopback address is refused with one log line that
 * says why, and nothing listens.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FarmBindIT extends LocalFarmTestBase {
    static final String RULES = "cn=app-good | readers=Sim Reader *";

    @Configuration
    public Option[] config() {
        return options(baseOptions(), RemoteOptions.remoteBundle(), RemoteOptions.grpcForProbe());
    }

    @Test
    public void aFarmBoundTo127001IsNotReachableOnAnyOtherAddress() throws Exception {
        int port = RemoteOptions.freePort();
        startFarm(FarmConfig.tls("farm", port, TestPki.main()).clients(RULES).set("bind.address", "127.0.0.1"));
        assertServes(port);

        InetAddress other = otherLocalAddress();
        assertNotListening(other, port);
        assertListeningSockets(port, List.of("127.0.0.1:" + port));
    }

    @Test
    public void aFarmWithoutBindAddressListensOnLoopbackOnly() throws Exception {
        int port = RemoteOptions.freePort();
        startFarm(FarmConfig.tls("farm", port, TestPki.main()).clients(RULES));
        assertServes(port);
        assertNotListening(otherLocalAddress(), port);
        assertListeningSockets(port, List.of("127.0.0.1:" + port));
    }

    @Test
    public void aFarmBoundToAnInterfaceAddressIsNotReachableOnLoopback() throws Exception {
        Optional<InetAddress> external = nonLoopbackAddress();
        if (external.isEmpty()) {
            System.out.println("REMOTE this machine has no non-loopback address: binding to one is not checked");
            return;
        }
        String address = external.get().getHostAddress();
        int port = RemoteOptions.freePort();
        startFarm(FarmConfig.tls("farm", port, TestPki.main()).clients(RULES).set("bind.address", address));
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(external.get(), port), 2000);
        }
        assertNotListening(InetAddress.getLoopbackAddress(), port);
        assertListeningSockets(port, List.of(address + ":" + port));
    }

    @Test
    public void plaintextOnANonLoopbackAddressIsRefusedAndNothingListens() throws Exception {
        String address = nonLoopbackAddress().map(InetAddress::getHostAddress).orElse("192.0.2.1");
        int port = RemoteOptions.freePort();
        FarmConfig plaintext = FarmConfig.insecure("farm", port).clients("anonymous | readers=Sim Reader *")
                .set("bind.address", address);
        configureFarm(plaintext);

        String refusal = log.await("does not listen", FARM_START);
        assertTrue(refusal, refusal.startsWith("SEVERE "));
        assertTrue("says why: " + refusal, refusal.contains("insecure.loopback.only")
                && refusal.contains("loopback") && refusal.contains(address));
        assertEquals("one line: " + log.lines(), 1, log.lines().stream().filter(l -> l.startsWith("SEVERE")).count());
        assertNotListening(InetAddress.getByName(address), port);
        assertNotListening(InetAddress.getLoopbackAddress(), port);
        assertListeningSockets(port, List.of());
    }

    @Test
    public void plaintextOnLoopbackServesTheAnonymousRuleAndSaysSo() throws Exception {
        int port = RemoteOptions.freePort();
        String listening = startFarm(FarmConfig.insecure("farm", port).clients("anonymous | readers=Sim Reader *"));
        assertTrue(listening, listening.contains("WITHOUT TLS"));
        try (RawClient plaintext = RawClient.plaintext(port)) {
            assertEquals("anonymous", plaintext.farm().getClientIdentity());
        }
        assertNotListening(otherLocalAddress(), port);
    }

    private static void assertServes(int port) {
        try (RawClient good = RawClient.tls(port, TestPki.main(), "app-good")) {
            assertEquals("cn=app-good", good.farm().getClientIdentity());
        }
    }

    /** A connection to the address and port is refused (or, behind a filter, never answered). */
    private static void assertNotListening(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2000);
            fail("something listens on " + address.getHostAddress() + ":" + port);
        } catch (ConnectException | SocketTimeoutException expected) {
            // refused, or dropped: not reachable
        } catch (IOException e) {
            throw new AssertionError("unexpected failure connecting to " + address + ":" + port, e);
        }
    }

    /** @return another address of this machine than 127.0.0.1: an interface's, else 127.0.0.2 (loopback too) */
    private static InetAddress otherLocalAddress() throws IOException {
        return nonLoopbackAddress().orElse(InetAddress.getByName("127.0.0.2"));
    }

    /** @return an IPv4 address of an interface that is up and not loopback, if the machine has one */
    private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
        for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!network.isUp() || network.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(network.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
                    return Optional.of(address);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The kernel's listening TCP sockets on the port, as {@code ss -ltn} shows their local address (an IPv4-mapped
     * IPv6 address as the IPv4 address it is), are exactly these: no {@code *:PORT}, {@code 0.0.0.0:PORT} or
     * {@code [::]:PORT}. Skipped where {@code ss} is missing.
     */
    private static void assertListeningSockets(int port, List<String> expected) throws InterruptedException {
        List<String> listening = new ArrayList<>();
        Process ss;
        try {
            ss = new ProcessBuilder("ss", "-ltnH").redirectErrorStream(true).start();
        } catch (IOException missing) {
            System.out.println("REMOTE ss is not available: the listening sockets are not checked (" + missing + ")");
            return;
        }
        String output;
        try (InputStream in = ss.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("could not read ss's output", e);
        }
        if (!ss.waitFor(10, TimeUnit.SECONDS) || ss.exitValue() != 0) {
            throw new AssertionError("ss -ltnH failed: " + output);
        }
        for (String line : output.split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length >= 4 && fields[3].endsWith(":" + port)) {
                // Java listens on a dual-stack socket: 127.0.0.1 shows as the IPv4-mapped [::ffff:127.0.0.1]
                listening.add(fields[3].replaceFirst("^\\[::ffff:([0-9.]+)\\]:", "$1:"));
            }
        }
        assertEquals("listening sockets on port " + port + " (ss -ltn)", expected, listening);
    }
}

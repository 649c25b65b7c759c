package org.cardmanage.itests.remote;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.cardmanage.api.AttachOptions;
import org.cardmanage.api.Attachment;
import org.cardmanage.api.CardException;
import org.cardmanage.api.SharingViolationException;
import org.cardmanage.api.admin.CardAdmin;
import org.cardmanage.itests.Await;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.tinybundles.TinyBundles;
import org.osgi.framework.Constants;

/**
 * Two OSGi frameworks in two JVMs on loopback, the other way round: this one is the card farm (mutual TLS), a child
 * JVM is an application host ({@code cn=app-1}) whose client bundle ({@link HoldingClient}) attaches to
 * {@code farm/Sim Reader 0}, locks it and verifies the PIN. When that host is killed, its connection ends and the farm
 * closes its session with RESET at once (at the latest when the lease runs out); when it is frozen, its connection
 * stays open but silent and the farm closes the session when the lease runs out. Either way the lock is free for
 * local users and the card was reset (the PIN is no longer verified).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RemoteClientLossIT extends LocalFarmTestBase {
    static final long LEASE_MS = 2000;
    static final long MARGIN_MS = 3000;
    static final long CALL_TIMEOUT_MS = 1000;

    private static int port;
    private RemoteHostProcess application;

    @Configuration
    public Option[] config() {
        writeHoldingClient();
        return options(baseOptions(), RemoteOptions.remoteBundle());
    }

    /** Runs outside the framework, where TinyBundles is: builds the child's client bundle into a jar file. */
    private static void writeHoldingClient() {
        try (InputStream jar = TinyBundles.bundle()
                .setHeader(Constants.BUNDLE_MANIFESTVERSION, "2")
                .symbolicName("org.cardmanage.itests.remote.holding")
                .setHeader(Constants.BUNDLE_VERSION, "1.0.0")
                .setHeader(Constants.BUNDLE_ACTIVATOR, HoldingClient.class.getName())
                .setHeader(Constants.IMPORT_PACKAGE,
                        "org.cardmanage.api;version=\"[1.0,2)\",org.osgi.framework,org.osgi.util.tracker")
                .addClass(HoldingClient.class)
                .build(TinyBundles.rawBuilder())) {
            Path target = holdingClientJar();
            Files.createDirectories(target.getParent());
            Files.copy(jar, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the holding client bundle", e);
        }
    }

    private static Path holdingClientJar() {
        return Path.of(System.getProperty("itests.remote.bundles", "target/remote-bundles")).toAbsolutePath()
                .getParent().resolve("remote-hosts").resolve("holding-client.jar");
    }

    @Before
    public void farmAndAHoldingApplicationHost() {
        if (port == 0) {
            port = RemoteOptions.freePort();
            startFarm(FarmConfig.tls("farm", port, TestPki.main()).lease(LEASE_MS)
                    .clients("cn=app-1 | readers=Sim Reader *"));
        }
        application = RemoteHostProcess.application("app", ClientConfig.tls("farm", port, TestPki.main(), "app-1")
                .callTimeout(CALL_TIMEOUT_MS), holdingClientJar().toString()).start();
        try {
            Await.until("the application host holds a remote session with the lock on '" + SIM_READER + "'",
                    () -> sessionOfApp1().map(a -> Boolean.TRUE.equals(a.get(CardAdmin.LOCK_HELD))).orElse(false),
                    RemoteFarmIT.START);
            application.awaitLog("PIN verified: 9000", WAIT);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; application host log:\n" + application.log());
        }
        try (Attachment local = cardManager().attachByReader(SIM_READER, AttachOptions.exclusive())) {
            fail("an exclusive attach succeeded while a remote session was attached: " + local.id());
        } catch (CardException expected) {
            assertTrue("the farm's core arbitrates local and remote users: " + expected,
                    expected instanceof SharingViolationException);
        }
    }

    @After
    public void stopApplication() {
        if (application != null) {
            application.close();
        }
    }

    @Test
    public void aKilledApplicationHostsSessionIsResetAndItsLockFreed() throws Exception {
        long killed = System.nanoTime();
        application.kill();
        long releasedMs = awaitReleased(Duration.ofMillis(LEASE_MS + MARGIN_MS), killed);
        assertTrue("released after " + releasedMs + " ms", releasedMs <= LEASE_MS + MARGIN_MS);
        assertTheCardIsFreeAndWasReset();
        System.out.println("REMOTE application host killed: its farm session and lock released after " + releasedMs
                + " ms (lease " + LEASE_MS + " ms; the connection's end is seen at once)");
    }

    @Test
    public void aFrozenApplicationHostsSessionIsResetWhenItsLeaseRunsOut() throws Exception {
        long frozen = System.nanoTime();
        application.freeze(); // the connection stays open: only the lease can end the session
        try {
            long releasedMs = awaitReleased(Duration.ofMillis(LEASE_MS + MARGIN_MS), frozen);
            // the host renewed at most lease/3 before it froze
            assertTrue("released after " + releasedMs + " ms, not before the lease ran out",
                    releasedMs >= LEASE_MS * 2 / 3 - 100);
            assertTrue("released after " + releasedMs + " ms", releasedMs <= LEASE_MS + MARGIN_MS);
            assertTheCardIsFreeAndWasReset();
            System.out.println("REMOTE application host frozen: its farm session and lock released after "
                    + releasedMs + " ms (lease " + LEASE_MS + " ms)");
        } finally {
            application.thaw();
        }
    }

    private long awaitReleased(Duration timeout, long since) {
        Await.until("the farm released the lost host's session", () -> remoteAttachments().isEmpty(), timeout);
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
    }

    private void assertTheCardIsFreeAndWasReset() throws CardException {
        // the detach releases the card's lock right after the attachment leaves the table: wait for it, briefly
        Await.until("an exclusive attach and an immediate lock on '" + SIM_READER + "' succeed",
                this::exclusiveLockWorks, WAIT);
        assertEquals("the RESET cleared the remote host's PIN verification", 3, pinTriesLeft(SIM_READER));
    }

    private java.util.Optional<Map<String, Object>> sessionOfApp1() {
        List<Map<String, Object>> sessions = attachmentsFor("cn=app-1");
        return sessions.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(sessions.get(0));
    }

    private boolean exclusiveLockWorks() {
        try (Attachment local = cardManager().attachByReader(SIM_READER, AttachOptions.exclusive())) {
            local.lock(Duration.ZERO).close();
            return true;
        } catch (CardException e) {
            return false;
        }
    }
}

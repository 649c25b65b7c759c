package org.cardmanage.itests.remote;

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
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.cardmanage.api.AttachOptions;
import org.cardmanage.api.Attachment;
import org.cardmanage.api.SharingViolationException;
import org.cardmanage.api.admin.CardAdmin;
import org.cardmanage.itests.Await;
import org.cardmanage.itests.CardmanageTestBase;
import org.junit.After;
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
 * Two OSGi frameworks in two JVMs on loopback, the other way round: this one is the card farm, a child JVM is an
 * application host whose client bundle ({@link HoldingClient}) attaches to {@code farm/Sim Reader 0} and locks it.
 * The application JVM is killed; when the lease runs out the farm detaches its session with RESET and the lock is
 * free again.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RemoteClientLossIT extends CardmanageTestBase {
    static final long LEASE_MS = 2000;
    static final long MARGIN_MS = 3000;
    static final String REMOTE_BUNDLE = "org.cardmanage.remote";

    private RemoteHostProcess application;
    private org.osgi.service.cm.Configuration farm;

    @Configuration
    public Option[] config() {
        writeHoldingClient();
        return options(baseOptions(), RemoteOptions.remoteBundles());
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

    @After
    public void stopApplication() throws IOException {
        if (application != null) {
            application.close();
        }
        if (farm != null) {
            farm.delete();
        }
    }

    @Test
    public void aVanishedApplicationHostsSessionIsResetWhenItsLeaseRunsOut() throws Exception {
        int port = RemoteOptions.freePort();
        farm = configAdmin().getConfiguration(RemoteOptions.FARM_PID, "?");
        farm.update(new Hashtable<>(Map.of("host.name", "farm", "port", port, "lease.ms", LEASE_MS)));
        CardAdmin admin = service(CardAdmin.class);

        application = RemoteHostProcess.application("app", port, 1000, holdingClientJar().toString()).start();
        try {
            Await.until("the application host holds a remote session with the lock on '" + SIM_READER + "'",
                    () -> remoteSessions(admin).stream().anyMatch(a -> Boolean.TRUE.equals(a.get(CardAdmin.LOCK_HELD))),
                    RemoteFarmIT.START);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; application host log:\n" + application.log());
        }
        try (Attachment local = cardManager().attachByReader(SIM_READER, AttachOptions.exclusive())) {
            fail("an exclusive attach succeeded while a remote session was attached: " + local.id());
        } catch (SharingViolationException expected) {
            // the farm's core arbitrates local and remote users
        }

        long killed = System.nanoTime();
        application.kill();
        Await.until("the farm released the vanished host's session", () -> remoteSessions(admin).isEmpty(),
                Duration.ofMillis(LEASE_MS + MARGIN_MS));
        long releasedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
        assertTrue("released after " + releasedMs + " ms", releasedMs <= LEASE_MS + MARGIN_MS);
        // the detach releases the card's lock right after the attachment leaves the table: wait for it, briefly
        Await.until("an exclusive attach and an immediate lock on '" + SIM_READER + "' succeed",
                this::exclusiveLockWorks, WAIT);
        System.out.println("REMOTE application host killed: its farm session and lock released after " + releasedMs
                + " ms (lease " + LEASE_MS + " ms)");
    }

    private boolean exclusiveLockWorks() {
        try (Attachment local = cardManager().attachByReader(SIM_READER, AttachOptions.exclusive())) {
            local.lock(Duration.ZERO).close();
            return true;
        } catch (org.cardmanage.api.CardException e) {
            return false;
        }
    }

    private static List<Map<String, Object>> remoteSessions(CardAdmin admin) {
        return admin.attachments().stream()
                .filter(a -> String.valueOf(a.get(CardAdmin.OWNER)).startsWith(REMOTE_BUNDLE + " "))
                .toList();
    }
}

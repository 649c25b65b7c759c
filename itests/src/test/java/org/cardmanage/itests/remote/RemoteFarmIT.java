package org.cardmanage.itests.remote;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.io.IOException;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.cardmanage.api.Attachment;
import org.cardmanage.api.CardException;
import org.cardmanage.api.CardLock;
import org.cardmanage.api.CommandApdu;
import org.cardmanage.api.Disposition;
import org.cardmanage.api.ReaderInfo;
import org.cardmanage.api.ReaderUnavailableException;
import org.cardmanage.api.ResponseApdu;
import org.cardmanage.api.ShareMode;
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

/**
 * Two OSGi frameworks in two JVMs on loopback: this one is the application host, a child JVM is the card farm
 * ({@link RemoteHostProcess#farm}). The farm's {@code Sim Reader 0} is used here as {@code farm/Sim Reader 0} through
 * the core like a local reader; the farm is killed (its reader goes away within the lease, attachments are revoked
 * with {@code ReaderUnavailableException}) and restarted (the reader is back and {@code reconnect()} works).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RemoteFarmIT extends CardmanageTestBase {
    static final long LEASE_MS = 2000;
    static final long CALL_TIMEOUT_MS = 1000;
    /** Slack on top of the lease for a loaded 2-core machine: one retry pause, scheduling, service events. */
    static final long MARGIN_MS = 3000;
    /** A child JVM with a framework, SCR and RSA starts in a few seconds; far more under load. */
    static final Duration START = Duration.ofSeconds(60);
    static final String REMOTE_READER = "farm/" + SIM_READER;
    static final CommandApdu SELECT_MF = CommandApdu.parseHex("00 A4 00 0C 02 3F 00");

    private RemoteHostProcess farm;
    private org.osgi.service.cm.Configuration endpoint;

    @Configuration
    public Option[] config() {
        return options(baseOptions(), RemoteOptions.remoteBundles());
    }

    @After
    public void stopFarm() throws IOException {
        if (farm != null) {
            farm.close();
        }
        if (endpoint != null) {
            endpoint.delete();
        }
    }

    @Test
    public void aRemoteReaderIsUsedLikeALocalOneAndSurvivesItsFarm() throws Exception {
        int port = RemoteOptions.freePort();
        farm = RemoteHostProcess.farm("farm", port, LEASE_MS).start();
        importFarm(port);

        ReaderInfo listed = awaitRemoteReader();
        assertEquals("remote", listed.driver());
        assertTrue(listed.cardPresent());
        assertArrayEquals(org.cardmanage.api.Atr.parseHex(DEMO_ATR).bytes(), listed.atr().orElseThrow().bytes());

        // attach, transmit, lock, detach: the core and the farm both see an ordinary session
        try (Attachment card = cardManager().attachByReader(REMOTE_READER)) {
            assertEquals(0x9000, card.transmit(SELECT_MF).sw());
            try (CardLock lock = card.lock(Duration.ofSeconds(2))) {
                assertTrue(lock.isHeld());
                assertEquals(0x9000, card.transmit(SELECT_MF).sw());
            }
            card.detach(Disposition.RESET);
        }

        // the farm dies: its reader goes away within the lease and the attachment is revoked
        Attachment survivor = cardManager().attachByReader(REMOTE_READER);
        assertEquals(0x9000, survivor.transmit(SELECT_MF).sw());
        long killed = System.nanoTime();
        farm.kill();
        CardException first = Await.value("a transmit to the dead farm fails", () -> failureOf(survivor),
                Duration.ofMillis(LEASE_MS + MARGIN_MS));
        long firstFailureMs = millisSince(killed);
        assertTrue("expected ReaderUnavailableException: " + first, first instanceof ReaderUnavailableException);
        assertMentions(first, "farm");
        Await.until("'" + REMOTE_READER + "' is no longer listed", () -> reader(REMOTE_READER).isEmpty(),
                Duration.ofMillis(LEASE_MS + MARGIN_MS));
        long goneMs = millisSince(killed);
        assertTrue("gone after " + goneMs + " ms", goneMs <= LEASE_MS + MARGIN_MS);
        assertTrue(failureOf(survivor) instanceof ReaderUnavailableException);

        // the farm comes back: the reader re-appears and reconnect() binds the old attachment to it
        long restarted = System.nanoTime();
        farm.start();
        awaitRemoteReader();
        long backMs = millisSince(restarted);
        survivor.reconnect(ShareMode.SHARED, Disposition.LEAVE);
        ResponseApdu again = survivor.transmit(SELECT_MF);
        assertEquals(0x9000, again.sw());
        survivor.detach(Disposition.RESET);

        System.out.println("REMOTE farm killed: first ReaderUnavailableException after " + firstFailureMs
                + " ms, 'farm/Sim Reader 0' gone after " + goneMs + " ms (lease " + LEASE_MS
                + " ms); farm restarted: reader back after " + backMs + " ms (JVM start included)");
    }

    private ReaderInfo awaitRemoteReader() {
        try {
            return Await.value("'" + REMOTE_READER + "' is listed", () -> reader(REMOTE_READER).orElse(null), START);
        } catch (AssertionError e) {
            String diagnosis = RemoteOptions.diagnose(context) + "; farm log:\n" + farm.log();
            System.out.println("REMOTE diagnosis: " + diagnosis);
            throw new AssertionError(e.getMessage() + "; " + diagnosis);
        }
    }

    /** Imports the farm's endpoint through Aries RSA's config discovery, as an operator's .cfg file would. */
    private void importFarm(int port) throws IOException {
        org.osgi.service.cm.Configuration client = configAdmin().getConfiguration(RemoteOptions.CLIENT_PID, "?");
        client.update(new Hashtable<>(Map.of("call.timeout.ms", CALL_TIMEOUT_MS)));
        endpoint = configAdmin().getFactoryConfiguration(RemoteOptions.DISCOVERY_FACTORY_PID, "farm", "?");
        Dictionary<String, Object> properties = new Hashtable<>(RemoteOptions.endpoint(port, CALL_TIMEOUT_MS));
        endpoint.update(properties);
    }

    private static CardException failureOf(Attachment attachment) {
        try {
            attachment.transmit(SELECT_MF);
            return null;
        } catch (CardException e) {
            return e;
        }
    }

    private static long millisSince(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
}

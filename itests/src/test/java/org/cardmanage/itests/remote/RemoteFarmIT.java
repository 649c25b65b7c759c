package org.cardmanage.itests.remote;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.cardmanage.api.Atr;
import org.cardmanage.api.Attachment;
import org.cardmanage.api.CardException;
import org.cardmanage.api.CardLock;
import org.cardmanage.api.Disposition;
import org.cardmanage.api.ReaderInfo;
import org.cardmanage.api.ReaderUnavailableException;
import org.cardmanage.api.ResponseApdu;
import org.cardmanage.api.ShareMode;
import org.cardmanage.itests.Apdus;
import org.cardmanage.itests.Await;
import org.cardmanage.itests.CardmanageTestBase;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Two OSGi frameworks in two JVMs on loopback, over mutual TLS: this one is the application host (client
 * {@code app-1}), a child JVM is the card farm ({@link RemoteHostProcess#farm}). The farm's {@code Sim Reader 0} is
 * used here as {@code farm/Sim Reader 0} through the core like a local reader; the farm is killed (its reader goes
 * away within the lease, attachments are revoked with {@code ReaderUnavailableException}) and restarted (the reader is
 * back and {@code reconnect()} works).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RemoteFarmIT extends CardmanageTestBase {
    static final long LEASE_MS = 2000;
    static final long CALL_TIMEOUT_MS = 1000;
    /** Slack on top of the lease for a loaded 2-core machine: one retry pause, scheduling, service events. */
    static final long MARGIN_MS = 3000;
    /** A child JVM with a framework, SCR and gRPC starts in a few seconds; far more under load. */
    static final Duration START = Duration.ofSeconds(60);
    static final String REMOTE_READER = "farm/" + SIM_READER;

    private RemoteHostProcess farm;
    private org.osgi.service.cm.Configuration client;
    private FarmLog log;

    @Configuration
    public Option[] config() {
        return options(baseOptions(), RemoteOptions.remoteBundle());
    }

    @Before
    public void captureTheClientLog() {
        log = FarmLog.capture();
    }

    @After
    public void stopFarm() throws IOException {
        log.close();
        if (farm != null) {
            farm.close();
        }
        if (client != null) {
            client.delete();
        }
    }

    @Test
    public void aRemoteReaderIsUsedLikeALocalOneAndSurvivesItsFarm() throws Exception {
        int port = RemoteOptions.freePort();
        farm = RemoteHostProcess.farm("farm", FarmConfig.tls("farm-host", port, TestPki.main()).lease(LEASE_MS)
                .clients("cn=app-1 | readers=Sim Reader *")).start();
        farm.awaitLog("serves its readers on 127.0.0.1:" + port, START);
        client = configAdmin().getFactoryConfiguration(RemoteOptions.CLIENT_FACTORY_PID, "farm", "?");
        client.update(ClientConfig.tls("farm", port, TestPki.main(), "app-1").callTimeout(CALL_TIMEOUT_MS)
                .dictionary());

        ReaderInfo listed = awaitRemoteReader();
        log.await("knows this host as 'cn=app-1'", WAIT);
        assertEquals("remote", listed.driver());
        assertTrue(listed.cardPresent());
        assertArrayEquals(Atr.parseHex(DEMO_ATR).bytes(), listed.atr().orElseThrow().bytes());

        // attach, transmit, lock, unlock, detach: the core and the farm both see an ordinary session
        try (Attachment card = cardManager().attachByReader(REMOTE_READER)) {
            assertEquals(Apdus.SW_OK, card.transmit(Apdus.SELECT_MF).sw());
            try (CardLock lock = card.lock(Duration.ofSeconds(2))) {
                assertTrue(lock.isHeld());
                assertEquals(Apdus.SW_OK, card.transmit(Apdus.SELECT_MF).sw());
            }
            // data crosses the wire intact: EF 2F01 holds byte i = i & 0xFF
            assertEquals(Apdus.SW_OK, card.transmit(Apdus.SELECT_EF_2F01).sw());
            ResponseApdu read = card.transmit(Apdus.readBinary(300, 256));
            assertEquals(Apdus.SW_OK, read.sw());
            for (int i = 0; i < 256; i++) {
                assertEquals("byte " + (300 + i), (byte) (300 + i), read.data()[i]);
            }
            card.detach(Disposition.RESET);
        }

        // the farm dies: its reader goes away within the lease and the attachment is revoked
        Attachment survivor = cardManager().attachByReader(REMOTE_READER);
        assertEquals(Apdus.SW_OK, survivor.transmit(Apdus.SELECT_MF).sw());
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
        assertEquals(Apdus.SW_OK, survivor.transmit(Apdus.SELECT_MF).sw());
        survivor.detach(Disposition.RESET);

        System.out.println("REMOTE farm killed: first ReaderUnavailableException after " + firstFailureMs
                + " ms, '" + REMOTE_READER + "' gone after " + goneMs + " ms (lease " + LEASE_MS
                + " ms); farm restarted: reader back after " + backMs + " ms (JVM start included)");
    }

    private ReaderInfo awaitRemoteReader() {
        try {
            return Await.value("'" + REMOTE_READER + "' is listed", () -> reader(REMOTE_READER).orElse(null), START);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; this host's remote log: " + log.lines() + "; farm log:\n"
                    + farm.log());
        }
    }

    private static CardException failureOf(Attachment attachment) {
        try {
            attachment.transmit(Apdus.SELECT_MF);
            return null;
        } catch (CardException e) {
            return e;
        }
    }

    private static long millisSince(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
}

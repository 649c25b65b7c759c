package org.cardmanage.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.io.IOException;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;

import org.cardmanage.api.Attachment;
import org.cardmanage.api.AttachmentState;
import org.cardmanage.api.CardEvent;
import org.cardmanage.api.CardHandle;
import org.cardmanage.api.CardLock;
import org.cardmanage.api.CardRemovedException;
import org.cardmanage.api.Disposition;
import org.cardmanage.api.ReaderUnavailableException;
import org.cardmanage.api.ShareMode;
import org.cardmanage.driver.sim.SimFault;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * Drivers and readers come and go while attachments are live: stopping driver-sim revokes every attachment and
 * frees every blocked caller; starting it again lets them reconnect; readers made by factory configurations follow
 * their configuration.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DriverDynamicsIT extends CardmanageTestBase {
    private static final String CONF_READER = "Conf Reader";

    private Background<?> blocked;
    private EventRecorder recorder;
    private org.osgi.service.cm.Configuration readerConfiguration;

    @Configuration
    public Option[] config() {
        return options(baseOptions(), ClientBundles.clientBundles());
    }

    @After
    public void driverBack() throws IOException {
        if (blocked != null) {
            blocked.cancel();
        }
        if (recorder != null) {
            recorder.unregister();
        }
        if (readerConfiguration != null) {
            try {
                readerConfiguration.delete();
            } catch (IllegalStateException alreadyDeleted) {
                // the test deleted it
            }
        }
        Bundle driver = driverSimBundle();
        if (driver.getState() != Bundle.ACTIVE) {
            start(driver);
        }
        awaitCard(SIM_READER);
        sim().clearFaults(SIM_READER);
    }

    // ---- stopping the driver --------------------------------------------------------------------------------------

    @Test
    public void stoppingDriverRevokesEveryAttachmentWithReaderUnavailable() throws Exception {
        Attachment mine = cardManager().attachByReader(SIM_READER);
        Attachment clientA = managerOf(CLIENT_A).attachByReader(SIM_READER);

        stop(driverSimBundle());

        for (Attachment attachment : new Attachment[] {mine, clientA}) {
            Await.until(attachment.id() + " is revoked", () -> attachment.state() == AttachmentState.REVOKED, WAIT);
            ReaderUnavailableException thrown =
                    assertThrows(ReaderUnavailableException.class, () -> attachment.transmit(Apdus.SELECT_MF));
            assertMentions(thrown, SIM_READER);
        }
    }

    @Test
    public void stoppingDriverRemovesItsReaders() {
        awaitReader(SIM_READER);

        stop(driverSimBundle());

        awaitReaderGone(SIM_READER);
    }

    @Test
    public void stoppingDriverFreesCallerWaitingForLock() throws Exception {
        Attachment holder = managerOf(CLIENT_A).attachByReader(SIM_READER);
        Attachment waiting = managerOf(CLIENT_B).attachByReader(SIM_READER);
        holder.lock(Duration.ofSeconds(1));
        Background<CardLock> locker =
                Background.start("lock(30s) behind another lock", () -> waiting.lock(Duration.ofSeconds(30)));
        blocked = locker;
        locker.awaitBlocked(WAIT);

        stop(driverSimBundle());

        ReaderUnavailableException thrown = locker.failure(ReaderUnavailableException.class, WAIT);
        assertMentions(thrown, SIM_READER);
    }

    @Test
    public void stoppingDriverFreesCallerBlockedInMuteTransmit() throws Exception {
        Attachment attachment = cardManager().attachByReader(SIM_READER);
        sim().injectFault(SIM_READER, SimFault.MUTE);
        Background<?> transmitter =
                Background.start("transmit to a mute card", () -> attachment.transmit(Apdus.SELECT_MF));
        blocked = transmitter;
        transmitter.awaitBlocked(WAIT);

        stop(driverSimBundle());

        ReaderUnavailableException thrown = transmitter.failure(ReaderUnavailableException.class, WAIT);
        assertMentions(thrown, SIM_READER);
    }

    @Test
    public void stoppingDriverTellsListenersAttachmentRevokedAndReaderRemoved() throws Exception {
        recorder = EventRecorder.register(context, null);
        Attachment attachment = cardManager().attachByReader(SIM_READER);

        stop(driverSimBundle());

        CardEvent revoked = recorder.await("ATTACHMENT_REVOKED for " + attachment.id(),
                e -> e.type() == CardEvent.Type.ATTACHMENT_REVOKED
                        && e.attachmentId().orElse("").equals(attachment.id()), WAIT);
        CardEvent removed = recorder.await("READER_REMOVED of " + SIM_READER,
                e -> e.type() == CardEvent.Type.READER_REMOVED && e.readerName().equals(SIM_READER), WAIT);
        assertEquals(SIM_READER, revoked.readerName());
        assertTrue("revocation before reader removal", revoked.sequence() < removed.sequence());
    }

    // ---- starting it again ----------------------------------------------------------------------------------------

    @Test
    public void reconnectAfterDriverRestartBindsToTheReturnedReader() throws Exception {
        Attachment attachment = cardManager().attachByReader(SIM_READER);
        stop(driverSimBundle());
        assertThrows(ReaderUnavailableException.class, () -> attachment.reconnect(ShareMode.SHARED,
                Disposition.LEAVE));

        start(driverSimBundle());
        awaitCard(SIM_READER);
        attachment.reconnect(ShareMode.SHARED, Disposition.LEAVE);

        assertEquals(AttachmentState.ACTIVE, attachment.state());
        assertEquals(Apdus.SW_OK, attachment.transmit(Apdus.SELECT_MF).sw());
    }

    @Test
    public void handleFromBeforeDriverRestartDoesNotAttachToTheNewCard() throws Exception {
        CardHandle old = awaitCard(SIM_READER);
        stop(driverSimBundle());
        awaitReaderGone(SIM_READER);

        start(driverSimBundle());
        CardHandle current = awaitCard(SIM_READER);

        assertFalse("a new handle for the new card", old.equals(current));
        assertThrows(CardRemovedException.class, () -> cardManager().attachByHandle(old));
    }

    // ---- readers from configuration -------------------------------------------------------------------------------

    @Test
    public void factoryConfigurationAddsReader() throws Exception {
        readerConfiguration = createReaderConfiguration(CONF_READER, "demo");

        awaitCard(CONF_READER);
        try (Attachment attachment = cardManager().attachByReader(CONF_READER)) {
            assertEquals(Apdus.SW_OK, attachment.transmit(Apdus.SELECT_MF).sw());
        }
    }

    @Test
    public void deletingFactoryConfigurationRemovesReaderAndRevokesItsAttachments() throws Exception {
        readerConfiguration = createReaderConfiguration(CONF_READER, "demo");
        awaitCard(CONF_READER);
        Attachment attachment = cardManager().attachByReader(CONF_READER);

        readerConfiguration.delete();

        awaitReaderGone(CONF_READER);
        Await.until(attachment.id() + " is revoked", () -> attachment.state() == AttachmentState.REVOKED, WAIT);
        ReaderUnavailableException thrown =
                assertThrows(ReaderUnavailableException.class, () -> attachment.transmit(Apdus.SELECT_MF));
        assertMentions(thrown, CONF_READER);
    }

    private org.osgi.service.cm.Configuration createReaderConfiguration(String name, String card)
            throws IOException {
        org.osgi.service.cm.Configuration configuration =
                configAdmin().createFactoryConfiguration(SIM_READER_FACTORY_PID, "?");
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("name", name);
        properties.put("card", card);
        configuration.update(properties);
        return configuration;
    }
}

package org.cardmanage.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.cardmanage.api.Attachment;
import org.cardmanage.api.AttachmentClosedException;
import org.cardmanage.api.CardException;
import org.cardmanage.api.Disposition;
import org.cardmanage.api.NotSupportedException;
import org.cardmanage.api.service.CardAuthentication;
import org.cardmanage.api.service.CardFileNotFoundException;
import org.cardmanage.api.service.CardServiceUnavailableException;
import org.cardmanage.api.service.FileAccess;
import org.cardmanage.api.service.FileInfo;
import org.cardmanage.api.service.PinBlockedException;
import org.cardmanage.api.service.PinStatus;
import org.cardmanage.api.service.PinVerification;
import org.cardmanage.api.service.SecurityStatusException;
import org.cardmanage.api.service.WrongPinException;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * The reference plugin, installed at run time, serving the simulated card through {@code createInterface}: files
 * larger than one APDU, PIN retries, blocking and unblocking, challenges; and what applications see when the plugin
 * goes away and comes back.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CardServiceIT extends CardServiceTestBase {
    private static final char[] PIN = "1234".toCharArray();
    private static final char[] WRONG_PIN = "9999".toCharArray();
    private static final char[] PUK = "12345678".toCharArray();

    private Attachment card;

    @Configuration
    public Option[] config() {
        return options(baseOptions()); // the plugin is installed by the tests, at run time
    }

    @Before
    public void pluginAndFreshCard() throws CardException {
        ensureActive(ISO_PLUGIN, isoPluginLocation());
        freshCard(SIM_READER);
        card = cardManager().attachByReader(SIM_READER);
    }

    @After
    public void pluginBack() {
        ensureActive(ISO_PLUGIN, isoPluginLocation());
    }

    // ---- the plugin at work ---------------------------------------------------------------------------------------

    @Test
    public void fileAccessReadsAFileLargerThanOneApdu() throws CardException {
        FileAccess files = awaitView(card, FileAccess.class, ISO_PLUGIN);

        FileInfo info = files.select(0x2F01);
        byte[] content = files.readBinary();

        assertEquals(600, info.size().getAsInt());
        assertEquals(Apdus.EF_2F01_SIZE, content.length);
        for (int i = 0; i < content.length; i++) {
            assertEquals("byte " + i, (byte) i, content[i]);
        }
    }

    @Test
    public void fileAccessWorksOverT0Too() throws CardException {
        freshCard(SIM_READER, "demo-t0");
        card = cardManager().attachByReader(SIM_READER);
        FileAccess files = awaitView(card, FileAccess.class, ISO_PLUGIN);

        files.selectPath(0x5000, 0x5002);

        assertTrue(new String(files.readBinary(), StandardCharsets.US_ASCII).startsWith("cardmanage public data"));
        files.select(0x2F01);
        assertArrayEquals(Arrays.copyOfRange(files.readBinary(), 300, 400), files.readBinary(300, 100));
    }

    @Test
    public void missingFileIsCardFileNotFoundNamingTheReader() {
        FileAccess files = awaitView(card, FileAccess.class, ISO_PLUGIN);

        CardFileNotFoundException thrown = assertThrows(CardFileNotFoundException.class, () -> files.select(0x2F05));

        assertEquals(0x6A82, thrown.sw());
        assertMentions(thrown, SIM_READER);
    }

    @Test
    public void pinVerificationCountsRetriesBlocksAndUnblocksWithThePuk() throws CardException {
        PinVerification pins = awaitView(card, PinVerification.class, ISO_PLUGIN);
        assertEquals(PinStatus.notVerified(3), pins.status(PIN_REFERENCE));

        WrongPinException first = assertThrows(WrongPinException.class, () -> pins.verify(PIN_REFERENCE, WRONG_PIN));
        WrongPinException second = assertThrows(WrongPinException.class, () -> pins.verify(PIN_REFERENCE, WRONG_PIN));
        WrongPinException third = assertThrows(WrongPinException.class, () -> pins.verify(PIN_REFERENCE, WRONG_PIN));
        assertEquals(2, first.retriesLeft());
        assertEquals(1, second.retriesLeft());
        assertEquals(0, third.retriesLeft());
        assertFalse("the PIN is not in the message", first.getMessage().contains("9999"));

        assertThrows(PinBlockedException.class, () -> pins.verify(PIN_REFERENCE, PIN));
        assertEquals(PinStatus.blocked(), pins.status(PIN_REFERENCE));

        pins.unblock(PIN_REFERENCE, PUK, null);
        pins.verify(PIN_REFERENCE, PIN);
        assertEquals(PinStatus.verified(), pins.status(PIN_REFERENCE));
    }

    @Test
    public void protectedFileNeedsThePin() throws CardException {
        FileAccess files = awaitView(card, FileAccess.class, ISO_PLUGIN);
        PinVerification pins = awaitView(card, PinVerification.class, ISO_PLUGIN);
        files.selectPath(0x5000, 0x5001);

        SecurityStatusException refused = assertThrows(SecurityStatusException.class, files::readBinary);
        pins.verify(PIN_REFERENCE, PIN);

        assertEquals(0x6982, refused.sw());
        assertEquals(64, files.readBinary().length);
    }

    @Test
    public void cardAuthenticationGetsChallengesFromTheCard() throws CardException {
        CardAuthentication auth = awaitView(card, CardAuthentication.class, ISO_PLUGIN);

        byte[] challenge = auth.getChallenge(8);

        assertEquals(8, challenge.length);
        assertFalse(Arrays.equals(challenge, auth.getChallenge(8)));
        assertThrows(NotSupportedException.class, () -> auth.internalAuthenticate(0, 1, new byte[8]));
    }

    @Test
    public void viewDiesWithItsAttachment() throws CardException {
        FileAccess files = awaitView(card, FileAccess.class, ISO_PLUGIN);

        card.detach(Disposition.LEAVE);

        AttachmentClosedException thrown = assertThrows(AttachmentClosedException.class, () -> files.select(0x2F01));
        assertMentions(thrown, card.id());
    }

    // ---- the plugin goes away and comes back ----------------------------------------------------------------------

    @Test
    public void stoppingThePluginFailsItsViewsCleanlyAndLeavesNoPlugin() throws CardException {
        FileAccess files = awaitView(card, FileAccess.class, ISO_PLUGIN);
        files.select(0x2F01);

        stop(installedBundle(ISO_PLUGIN));

        CardServiceUnavailableException thrown = assertThrows(CardServiceUnavailableException.class, files::readBinary);
        assertMentions(thrown, ISO_PLUGIN);
        NotSupportedException none = awaitNoPlugin(card, FileAccess.class);
        assertMentions(none, FileAccess.class.getName());
        assertMentions(none, DEMO_ATR_SPACED);
        assertMentions(none, SIM_READER);
    }

    @Test
    public void uninstalledPluginsViewsFailWithACardExceptionNotALinkageError() throws CardException {
        FileAccess files = awaitView(card, FileAccess.class, ISO_PLUGIN);
        PinVerification pins = awaitView(card, PinVerification.class, ISO_PLUGIN);

        uninstallAndRefresh(installedBundle(ISO_PLUGIN));

        // updateBinary and unblock were never called, so their code was never loaded from the dead class loader
        Throwable update = assertThrows(Throwable.class, () -> files.updateBinary(0, new byte[] {1}));
        Throwable unblock = assertThrows(Throwable.class, () -> pins.unblock(PIN_REFERENCE, PUK, PIN));
        for (Throwable thrown : new Throwable[] {update, unblock}) {
            assertTrue("a CardServiceUnavailableException, not " + thrown,
                    thrown instanceof CardServiceUnavailableException);
            assertMentions(thrown, ISO_PLUGIN);
        }
        awaitNoPlugin(card, PinVerification.class);
    }

    @Test
    public void pluginInstalledAgainAtRunTimeServesAtOnce() throws CardException {
        uninstallAndRefresh(installedBundle(ISO_PLUGIN));
        awaitNoPlugin(card, FileAccess.class);

        Bundle again = install(isoPluginLocation());
        start(again);

        FileAccess files = awaitView(card, FileAccess.class, ISO_PLUGIN);
        files.select(0x2F01);
        assertEquals(Apdus.EF_2F01_SIZE, files.readBinary().length);
    }
}

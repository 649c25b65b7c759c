package org.cardmanage.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.cardmanage.api.Attachment;
import org.cardmanage.api.CardException;
import org.cardmanage.api.NotSupportedException;
import org.cardmanage.api.service.CardServiceUnavailableException;
import org.cardmanage.api.service.FileAccess;
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
 * Several plugins bid for the same cards: the highest bid wins, ties go to the service ranking, a plugin that throws
 * while being chosen is skipped; the vendor example outbids the reference plugin for its own card only, and when it
 * goes away while its views are in use they fail cleanly and the reference plugin takes over.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CardServiceBiddingIT extends CardServiceTestBase {
    private static final String T0_READER = "Sim Reader T0";
    private static final String DEMO_CARD = "org.example.democard.DemoCard";
    private static final List<String> TEST_PLUGINS = List.of(PluginBundles.BID_50, PluginBundles.BID_60,
            PluginBundles.TIE_RANK_1, PluginBundles.TIE_RANK_5, PluginBundles.THROWS_IN_MATCH,
            PluginBundles.THROWS_IN_CREATE);

    private Attachment t1Card;
    private Attachment t0Card;
    private Background<?> user;

    @Configuration
    public Option[] config() {
        return options(baseOptions(), PluginBundles.isoPlugin(), PluginBundles.vendorPlugin(),
                PluginBundles.testPlugins());
    }

    @Before
    public void twoCards() throws CardException {
        if (!sim().readers().contains(T0_READER)) {
            sim().addReader(T0_READER, "demo-t0");
        }
        awaitCard(T0_READER);
        awaitCard(SIM_READER);
        t1Card = cardManager().attachByReader(SIM_READER);
        t0Card = cardManager().attachByReader(T0_READER);
    }

    @After
    public void pluginsAsConfigured() {
        if (user != null) {
            user.cancel();
        }
        for (String testPlugin : TEST_PLUGINS) {
            Bundle bundle = installedBundle(testPlugin);
            if (bundle.getState() == Bundle.ACTIVE) {
                stop(bundle);
            }
        }
        ensureActive(ISO_PLUGIN, isoPluginLocation());
        ensureActive(VENDOR_PLUGIN, vendorPluginLocation());
    }

    // ---- the vendor example against the reference plugin ----------------------------------------------------------

    @Test
    public void vendorPluginWinsForItsCardOnly() throws CardException {
        FileAccess onT0 = awaitView(t0Card, FileAccess.class, VENDOR_PLUGIN);
        FileAccess onT1 = awaitView(t1Card, FileAccess.class, ISO_PLUGIN);

        onT0.select(0x2F01);
        onT1.select(0x2F01);

        assertArrayEquals(onT1.readBinary(), onT0.readBinary());
    }

    @Test
    public void vendorSpecificInterfaceIsOfferedForItsCardOnly() throws Exception {
        // Loaded through the vendor bundle, so the test probe never wires to (and never pins) the vendor's package.
        Class<?> demoCard = installedBundle(VENDOR_PLUGIN).loadClass(DEMO_CARD);

        Object view = awaitView(t0Card, demoCard, VENDOR_PLUGIN);

        byte[] publicData = (byte[]) demoCard.getMethod("publicData").invoke(view);
        assertTrue(new String(publicData, StandardCharsets.US_ASCII).startsWith("cardmanage public data"));
        NotSupportedException none = assertThrows(NotSupportedException.class, () -> t1Card.createInterface(demoCard));
        assertMentions(none, DEMO_CARD);
    }

    @Test
    public void stoppingTheVendorPluginFailsItsViewsAndTheReferencePluginTakesOver() throws CardException {
        FileAccess vendorView = awaitView(t0Card, FileAccess.class, VENDOR_PLUGIN);
        vendorView.select(0x2F01);

        stop(installedBundle(VENDOR_PLUGIN));

        CardServiceUnavailableException thrown =
                assertThrows(CardServiceUnavailableException.class, vendorView::readBinary);
        assertMentions(thrown, VENDOR_PLUGIN);
        FileAccess isoView = awaitView(t0Card, FileAccess.class, ISO_PLUGIN);
        isoView.select(0x2F01);
        assertEquals(Apdus.EF_2F01_SIZE, isoView.readBinary().length);
    }

    @Test
    public void uninstallingTheVendorPluginWhileAViewIsInUseFailsItCleanly() throws Exception {
        FileAccess vendorView = awaitView(t0Card, FileAccess.class, VENDOR_PLUGIN);
        Background<Integer> reading = Background.start("reading through the vendor's view", () -> {
            int reads = 0;
            while (true) { // until the view fails; the test checks how
                vendorView.select(0x2F01);
                vendorView.readBinary();
                reads++;
                if (reads == Integer.MAX_VALUE) {
                    return reads;
                }
            }
        });
        user = reading;

        uninstallAndRefresh(installedBundle(VENDOR_PLUGIN));

        CardException failure = reading.failure(CardException.class, WAIT);
        assertTrue("the plugin's departure, not " + failure, failure instanceof CardServiceUnavailableException);
        assertMentions(failure, VENDOR_PLUGIN);
        awaitView(t0Card, FileAccess.class, ISO_PLUGIN);

        start(install(vendorPluginLocation()));
        awaitView(t0Card, FileAccess.class, VENDOR_PLUGIN);
    }

    @Test
    public void withoutAnyPluginCreateInterfaceIsNotSupportedNamingTheInterfaceAndTheAtr() {
        stop(installedBundle(VENDOR_PLUGIN));
        stop(installedBundle(ISO_PLUGIN));

        NotSupportedException thrown = awaitNoPlugin(t1Card, FileAccess.class);

        assertMentions(thrown, FileAccess.class.getName());
        assertMentions(thrown, DEMO_ATR_SPACED);
    }

    // ---- bids and rankings ----------------------------------------------------------------------------------------

    @Test
    public void highestBidWins() throws CardException {
        // on the T=1 card, where the reference plugin bids 2 and the vendor does not bid
        start(installedBundle(PluginBundles.BID_50));
        start(installedBundle(PluginBundles.BID_60));

        FileAccess view = awaitView(t1Card, FileAccess.class, PluginBundles.BID_60);

        assertEquals(PluginBundles.BID_60, new String(view.readBinary(), StandardCharsets.UTF_8));
    }

    @Test
    public void equalBidsGoToTheHigherServiceRanking() {
        start(installedBundle(PluginBundles.TIE_RANK_5));
        start(installedBundle(PluginBundles.TIE_RANK_1));

        awaitView(t1Card, FileAccess.class, PluginBundles.TIE_RANK_5);
    }

    @Test
    public void pluginThrowingFromMatchIsSkipped() throws CardException {
        start(installedBundle(PluginBundles.THROWS_IN_MATCH));
        start(installedBundle(PluginBundles.BID_50));
        awaitView(t1Card, FileAccess.class, PluginBundles.BID_50);

        FileAccess view = t1Card.createInterface(FileAccess.class);

        assertTrue(view.toString(), view.toString().contains(PluginBundles.BID_50));
    }

    @Test
    public void pluginThrowingFromCreateIsSkipped() throws CardException {
        start(installedBundle(PluginBundles.THROWS_IN_CREATE));
        start(installedBundle(PluginBundles.BID_50));
        awaitView(t1Card, FileAccess.class, PluginBundles.BID_50);

        FileAccess view = t1Card.createInterface(FileAccess.class);

        assertTrue(view.toString(), view.toString().contains(PluginBundles.BID_50));
    }

    @Test
    public void vendorsProductBidBeatsGenericTestPluginsOnItsCard() {
        start(installedBundle(PluginBundles.BID_60));

        awaitView(t1Card, FileAccess.class, PluginBundles.BID_60);
        awaitView(t0Card, FileAccess.class, VENDOR_PLUGIN);
    }

    @Test
    public void stoppingTheWinnerHandsTheCardToTheNextBest() throws CardException {
        start(installedBundle(PluginBundles.BID_50));
        FileAccess winner = awaitView(t1Card, FileAccess.class, PluginBundles.BID_50);

        stop(installedBundle(PluginBundles.BID_50));

        assertThrows(CardServiceUnavailableException.class, winner::readBinary);
        awaitView(t1Card, FileAccess.class, ISO_PLUGIN);
    }
}

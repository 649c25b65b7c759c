package org.cardmanage.itests.remote;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.io.IOException;
import java.time.Duration;
import java.util.HexFormat;

import org.cardmanage.api.Atr;
import org.cardmanage.api.Attachment;
import org.cardmanage.api.CardException;
import org.cardmanage.api.CardIOException;
import org.cardmanage.api.CommandApdu;
import org.cardmanage.itests.Apdus;
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
 * A farm is a peer on the network, not code this framework trusts: this framework is an application host whose farm
 * {@code rogue} is a {@link RogueFarm} in this JVM, with a certificate of the test PKI, so the remote bundle talks to
 * it over mutual TLS as to any farm. Its answers to single transmits are too big for {@code max.message.bytes}, too
 * short to hold a status word, or no protobuf at all: each fails that call with a {@link CardException}, the next
 * call on the same attachment works, and the reader stays.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RogueFarmIT extends CardmanageTestBase {
    static final String REMOTE_READER = "rogue/" + RogueFarm.READER;
    static final int MAX_MESSAGE_BYTES = 4096;
    static final CommandApdu SELECT_MF = Apdus.SELECT_MF;

    private RogueFarm rogue;
    private org.osgi.service.cm.Configuration client;

    @Configuration
    public Option[] config() {
        return options(baseOptions(), RemoteOptions.remoteBundle(), RemoteOptions.grpcForProbe());
    }

    @After
    public void stopTheRogue() throws IOException {
        if (client != null) {
            client.delete();
        }
        if (rogue != null) {
            rogue.close();
        }
    }

    @Test
    public void aRoguesOversizeOrMalformedAnswerFailsThatCallOnly() throws Exception {
        rogue = new RogueFarm(TestPki.main(), Atr.parseHex(DEMO_ATR).bytes(), 2 * MAX_MESSAGE_BYTES);
        client = configAdmin().getFactoryConfiguration(RemoteOptions.CLIENT_FACTORY_PID, "rogue", "?");
        client.update(ClientConfig.tls("rogue", rogue.port(), TestPki.main(), "app-1").callTimeout(2000)
                .set("max.message.bytes", Integer.toString(MAX_MESSAGE_BYTES)).dictionary());
        Await.value("'" + REMOTE_READER + "' is listed", () -> reader(REMOTE_READER).orElse(null),
                Duration.ofSeconds(20));

        try (Attachment card = cardManager().attachByReader(REMOTE_READER)) {
            assertEquals(Apdus.SW_OK, card.transmit(SELECT_MF).sw());

            CardException oversize = failure(card, RogueFarm.OVERSIZE);
            assertTrue("a size limit: " + oversize, oversize instanceof CardIOException);
            assertWorksAndStays(card);

            CardException tooShort = failure(card, RogueFarm.SHORT);
            assertTrue("malformed: " + tooShort, tooShort instanceof CardIOException);
            assertMentions(tooShort, "malformed");
            assertWorksAndStays(card);

            CardException garbage = failure(card, RogueFarm.GARBAGE);
            assertTrue("not protobuf: " + garbage, garbage instanceof CardIOException);
            assertMentions(garbage, "malformed");
            assertWorksAndStays(card);

            System.out.println("REMOTE rogue farm: oversize answer -> " + describe(oversize) + "; short answer -> "
                    + describe(tooShort) + "; no protobuf -> " + describe(garbage));
            assertEquals("every transmit reached the rogue", 7, rogue.transmits());
        }
        Await.until("the client closed its session on the rogue", () -> rogue.closed().size() == 1, WAIT);
    }

    private static String describe(CardException e) {
        return e.getClass().getSimpleName() + " (" + e.error() + "): " + e.getMessage();
    }

    /** GET DATA with P2 = the rogue's choice of answer. */
    private static CardException failure(Attachment card, int choice) {
        CommandApdu getData = CommandApdu.parseHex("00 CA 00 " + HexFormat.of().toHexDigits((byte) choice) + " 00");
        try {
            throw new AssertionError("the rogue's answer " + choice + " was accepted: " + card.transmit(getData));
        } catch (CardException expected) {
            return expected;
        }
    }

    private void assertWorksAndStays(Attachment card) throws CardException {
        assertEquals("the next call on the same attachment", Apdus.SW_OK, card.transmit(SELECT_MF).sw());
        assertTrue("the reader stays", reader(REMOTE_READER).isPresent());
    }
}

package org.cardmanage.itests.reliability;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import org.cardmanage.api.Attachment;
import org.cardmanage.api.CommandApdu;
import org.cardmanage.api.service.PinVerification;
import org.cardmanage.api.service.WrongPinException;
import org.cardmanage.itests.Apdus;
import org.cardmanage.itests.CardmanageTestBase;
import org.cardmanage.itests.PluginBundles;
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
 * No secret in logs or traces: with the APDU trace on, PINs and PUKs sent through the stack (raw VERIFY, CHANGE
 * REFERENCE DATA and RESET RETRY COUNTER, and plugin-iso7816's PinVerification) appear in no log line and no exception
 * message; the trace shows that the commands passed, with their data redacted. The log is captured where the
 * platform's {@code System.Logger} writes in this container (java.util.logging), every level, every cardmanage logger.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SecretLogIT extends CardmanageTestBase {
    /** The demo card's PIN and PUK, and the new PIN set here, as ASCII and as the hex the trace would show. */
    private static final String PIN = "1234";
    private static final String NEW_PIN = "8642";
    private static final String PUK = "12345678";
    /** The hex forms only: a plain "8642" may well be a timing in microseconds. */
    private static final List<String> SECRETS = List.of("31 32 33 34", "31323334", "38 36 34 32", "38363432",
            "35 36 37 38", "35363738");

    private final Capture capture = new Capture();
    private final Logger cardmanage = Logger.getLogger("org.cardmanage");
    private Level previousLevel;

    /** Keeps every record, formatted the way a log file has it (message, parameters and stack trace). */
    private static final class Capture extends Handler {
        private final List<String> lines = new ArrayList<>();
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public synchronized void publish(LogRecord record) {
            lines.add(formatter.format(record));
        }

        synchronized List<String> lines() {
            return List.copyOf(lines);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    @Configuration
    public Option[] config() {
        return options(baseOptions(), PluginBundles.isoPlugin());
    }

    @Before
    public void captureTheLogAndTraceApdus() {
        capture.setLevel(Level.ALL);
        previousLevel = cardmanage.getLevel();
        cardmanage.setLevel(Level.ALL);
        cardmanage.addHandler(capture);
        configureCore(Map.of("trace", true));
    }

    @After
    public void stopCapturing() {
        configureCore(Map.of("trace", false));
        cardmanage.removeHandler(capture);
        cardmanage.setLevel(previousLevel);
    }

    @Test
    public void pinsAndPuksSentThroughTheStackAreInNoLogLineAndNoExceptionMessage() throws Exception {
        freshCard(SIM_READER);
        List<String> messages = new ArrayList<>();
        try (Attachment card = cardManager().attachByReader(SIM_READER)) {
            Apdus.verifyPin(card);
            // CHANGE REFERENCE DATA 1234 -> 8642 and RESET RETRY COUNTER with the PUK, raw, PIN blocks padded with FF
            assertEquals(Apdus.SW_OK, card.transmit(CommandApdu.parseHex(
                    "00 24 00 81 10 31 32 33 34 FF FF FF FF 38 36 34 32 FF FF FF FF")).sw());
            assertEquals(Apdus.SW_OK, card.transmit(CommandApdu.parseHex(
                    "00 2C 01 81 08 31 32 33 34 35 36 37 38")).sw());
            PinVerification pins = card.createInterface(PinVerification.class);
            pins.verify(0x81, NEW_PIN.toCharArray());
            pins.change(0x81, NEW_PIN.toCharArray(), PIN.toCharArray());
            WrongPinException wrong = assertThrows(WrongPinException.class,
                    () -> pins.verify(0x81, NEW_PIN.toCharArray()));
            messages.add(String.valueOf(wrong));
            pins.unblock(0x81, PUK.toCharArray(), PIN.toCharArray());
            assertEquals("the card took it all: the PIN is 1234 again", Apdus.SW_OK,
                    card.transmit(Apdus.VERIFY_PIN).sw());
        }

        List<String> log = capture.lines();
        long traced = log.stream().filter(line -> line.contains("reference data redacted")).count();
        assertTrue("the trace logged the PIN commands, redacted (log: " + log + ")", traced >= 6);
        for (String secret : SECRETS) {
            for (String line : log) {
                assertFalse("the log line '" + line.strip() + "' holds a secret (" + secret + ")",
                        line.contains(secret));
            }
            for (String message : messages) {
                assertFalse("the exception '" + message + "' holds a secret (" + secret + ")",
                        message.contains(secret));
            }
        }
        System.out.println("RELIABILITY secrets: " + log.size() + " log lines and " + messages.size()
                + " exception messages searched for " + SECRETS.size() + " PIN/PUK forms, " + traced
                + " redacted trace lines, no secret found");
    }
}

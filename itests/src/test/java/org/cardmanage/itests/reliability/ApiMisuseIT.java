package org.cardmanage.itests.reliability;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.time.Duration;

import org.cardmanage.api.Atr;
import org.cardmanage.api.AttachmentClosedException;
import org.cardmanage.api.Attachment;
import org.cardmanage.api.CardException;
import org.cardmanage.api.CardFilter;
import org.cardmanage.api.CardHandle;
import org.cardmanage.api.CardLock;
import org.cardmanage.api.CardManager;
import org.cardmanage.api.CardTimeoutException;
import org.cardmanage.api.Disposition;
import org.cardmanage.api.ScardError;
import org.cardmanage.api.ShareMode;
import org.cardmanage.itests.Apdus;
import org.cardmanage.itests.CardmanageTestBase;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * API misuse in a real framework: nulls, negative and huge timeouts, use after detach, double detach, unlock after
 * the lock is gone, a handle from an earlier run of the core, a handle the caller made up. Each is refused with a
 * typed exception (IllegalArgumentException for bad arguments, a CardException for bad state), and afterwards the
 * reader is as good as new: nothing left attached or locked.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ApiMisuseIT extends CardmanageTestBase {

    @Configuration
    public Option[] config() {
        return options(baseOptions());
    }

    @Test
    public void badArgumentsAreIllegalArgumentsAndLeaveNothingBehind() throws Exception {
        CardManager cards = cardManager();
        assertThrows(IllegalArgumentException.class, () -> cards.attachByReader(null));
        assertThrows(IllegalArgumentException.class, () -> cards.attachByReader(SIM_READER, null));
        assertThrows(IllegalArgumentException.class, () -> cards.attachByHandle(null));
        assertThrows(IllegalArgumentException.class, () -> cards.locate(null, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> cards.locate(CardFilter.any(), null));
        assertThrows(IllegalArgumentException.class, () -> cards.locate(CardFilter.any(), Duration.ofMillis(-1)));
        try (Attachment attachment = cards.attachByReader(SIM_READER)) {
            assertThrows(IllegalArgumentException.class, () -> attachment.transmit(null));
            assertThrows(IllegalArgumentException.class, () -> attachment.control(0, null));
            assertThrows(IllegalArgumentException.class, () -> attachment.lock(null));
            assertThrows(IllegalArgumentException.class, () -> attachment.lock(Duration.ofSeconds(-1)));
            assertThrows(IllegalArgumentException.class, () -> attachment.reconnect(null, Disposition.LEAVE));
            assertThrows(IllegalArgumentException.class,
                    () -> attachment.reconnect(ShareMode.SHARED, Disposition.EJECT));
            assertThrows(IllegalArgumentException.class, () -> attachment.createInterface(null));
            assertThrows(IllegalArgumentException.class, () -> attachment.detach(null));
            assertEquals("the attachment survived it all", Apdus.SW_OK, attachment.transmit(Apdus.SELECT_MF).sw());
        }
        assertReaderAsGoodAsNew();
    }

    @Test
    public void hugeTimeoutsMeanForeverWithoutOverflowing() throws Exception {
        Duration forever = Duration.ofSeconds(Long.MAX_VALUE);
        CardHandle handle = cardManager().locate(CardFilter.any().withReaderPattern(SIM_READER), forever);
        try (Attachment attachment = cardManager().attachByHandle(handle);
                CardLock lock = attachment.lock(forever)) {
            assertTrue(lock.isHeld());
        }
        assertReaderAsGoodAsNew();
    }

    @Test
    public void useAfterDetachAndDoubleDetachAreAttachmentClosed() throws Exception {
        Attachment attachment = cardManager().attachByReader(SIM_READER);
        CardLock lock = attachment.lock(Duration.ofSeconds(1));
        attachment.detach(Disposition.RESET);

        assertThrows(AttachmentClosedException.class, () -> attachment.transmit(Apdus.SELECT_MF));
        assertThrows(AttachmentClosedException.class, () -> attachment.status());
        assertThrows(AttachmentClosedException.class, () -> attachment.lock(Duration.ZERO));
        assertThrows(AttachmentClosedException.class, () -> attachment.reconnect(ShareMode.SHARED, Disposition.LEAVE));
        assertThrows(AttachmentClosedException.class, () -> attachment.detach(Disposition.LEAVE));
        assertFalse("the detach released the lock", lock.isHeld());
        CardException unlock = assertThrows(CardException.class, () -> lock.unlock(Disposition.LEAVE));
        assertTrue("unlock after detach is typed: " + unlock, unlock instanceof AttachmentClosedException
                || unlock.error() == ScardError.SCARD_E_NOT_TRANSACTED);
        attachment.close();
        lock.close();
        assertReaderAsGoodAsNew();
    }

    @Test
    public void unlockingTwiceIsNotTransactedAndTheCardStaysUsable() throws Exception {
        try (Attachment attachment = cardManager().attachByReader(SIM_READER)) {
            CardLock lock = attachment.lock(Duration.ofSeconds(1));
            lock.unlock(Disposition.LEAVE);

            CardException again = assertThrows(CardException.class, () -> lock.unlock(Disposition.LEAVE));
            assertEquals(ScardError.SCARD_E_NOT_TRANSACTED, again.error());
            assertTrue(attachment.lock(Duration.ZERO).isHeld());
        }
        assertReaderAsGoodAsNew();
    }

    @Test
    public void aHandleTheCallerMadeUpIsRefused() {
        CardHandle forged = new CardHandle() {
            @Override
            public String readerName() {
                return SIM_READER;
            }

            @Override
            public Atr atr() {
                return Atr.parseHex(DEMO_ATR);
            }
        };

        assertMentions(assertThrows(IllegalArgumentException.class, () -> cardManager().attachByHandle(forged)),
                "not issued by this card manager");
    }

    @Test
    public void aHandleFromAnEarlierRunOfTheCoreIsRefused() throws Exception {
        CardHandle earlier = awaitCard(SIM_READER);

        stop(installedBundle("org.cardmanage.core"));
        start(installedBundle("org.cardmanage.core"));
        awaitCard(SIM_READER);

        assertMentions(assertThrows(IllegalArgumentException.class, () -> cardManager().attachByHandle(earlier)),
                "in this run");
        assertReaderAsGoodAsNew();
    }

    /** Nothing is left attached or locked: an exclusive attach and an immediate lock succeed. */
    private void assertReaderAsGoodAsNew() throws Exception {
        assertEquals("no attachment is left", "no attachments", ShellCommands.run(context, "attachments"));
        try (Attachment exclusive = cardManager().attachByReader(SIM_READER,
                org.cardmanage.api.AttachOptions.exclusive()); CardLock lock = exclusive.lock(Duration.ZERO)) {
            assertTrue(lock.isHeld());
        } catch (CardTimeoutException e) {
            throw new AssertionError("the card stayed locked", e);
        }
    }
}

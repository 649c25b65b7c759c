package org.cardmanage.itests.pcsc;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.time.Duration;
import java.util.Map;

import org.cardmanage.api.Attachment;
import org.cardmanage.api.CardLock;
import org.cardmanage.api.CardManager;
import org.cardmanage.api.CardTimeoutException;
import org.cardmanage.api.Disposition;
import org.cardmanage.api.ResponseApdu;
import org.cardmanage.itests.Apdus;
import org.cardmanage.itests.Background;
import org.cardmanage.itests.ClientBundles;
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
 * driver-pcsc with {@code call.thread=caller}: PC/SC calls on the caller's thread, transactions bound to no thread,
 * against the real pcscd. What the mode gives up is shown too: a call that PC/SC blocks holds its caller until PC/SC
 * lets go, while the card's other callers time out.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PcscCallerThreadIT extends PcscTestBase {
    private static final long CALL_TIMEOUT_MS = 1500;

    private PcscTestBed.Helper holder;
    private Background<?> background;

    @Configuration
    public Option[] config() {
        return options(pcscOptions(), ClientBundles.clientBundles());
    }

    @Before
    public void callerThreadMode() throws Exception {
        useDriverSettings(Map.of("call.thread", "caller", "call.timeout.ms", CALL_TIMEOUT_MS));
    }

    @After
    public void cleanUp() {
        if (holder != null) {
            holder.close();
        }
        if (background != null) {
            background.cancel();
        }
    }

    @Test
    public void aLockTakenOnOneThreadIsReleasedOnAnother() throws Exception {
        Attachment first = cardManager().attachByReader(PcscTestBed.READER_0);
        CardManager otherBundle = managerOf(CLIENT_A);
        Attachment second = otherBundle.attachByReader(PcscTestBed.READER_0);

        CardLock lock = Background.start("lock on another thread", () -> first.lock(Duration.ofSeconds(2)))
                .result(Duration.ofSeconds(10));
        assertEquals(Apdus.SW_OK, first.transmit(Apdus.SELECT_MF).sw());
        lock.unlock(Disposition.LEAVE); // on this thread: the PC/SC transaction is not bound to the one that began it

        try (CardLock next = second.lock(Duration.ofSeconds(2))) {
            assertEquals(Apdus.SW_OK, second.transmit(Apdus.SELECT_MF).sw());
        }
        first.close();
        second.close();
    }

    @Test
    public void aTransmitHeldByAForeignTransactionHoldsOnlyItsCaller() throws Exception {
        Attachment held = cardManager().attachByReader(PcscTestBed.READER_0);
        Attachment other = managerOf(CLIENT_A).attachByReader(PcscTestBed.READER_0);
        assertEquals(Apdus.SW_OK, held.transmit(Apdus.SELECT_MF).sw());
        holder = PcscTestBed.holdTransaction(PcscTestBed.READER_0);

        Background<ResponseApdu> blocked = Background.start("transmit under a foreign transaction",
                () -> held.transmit(Apdus.SELECT_MF));
        background = blocked;
        // The card's other callers are not held with it: they time out, in the core or in the driver.
        CardTimeoutException timeout = Background.start("the card's other caller", () -> other.transmit(Apdus.SELECT_MF))
                .failure(CardTimeoutException.class, Duration.ofSeconds(15));
        assertMentions(timeout, PcscTestBed.READER_0);
        assertTrue("the first transmit is still held by PC/SC", blocked.isRunning());

        holder.release();
        assertTrue("the holder ended its transaction", holder.awaitExit(PCSC_WAIT));
        assertEquals("the held transmit completes once PC/SC lets go", Apdus.SW_OK,
                blocked.result(PCSC_WAIT).sw());
        assertEquals(Apdus.SW_OK, other.transmit(Apdus.SELECT_MF).sw());
        held.close();
        other.close();
    }
}

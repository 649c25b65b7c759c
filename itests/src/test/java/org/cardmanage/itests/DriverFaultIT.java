package org.cardmanage.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.ops4j.pax.exam.CoreOptions.options;

import org.cardmanage.api.Attachment;
import org.cardmanage.api.CardIOException;
import org.cardmanage.driver.sim.SimFault;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * A driver that misbehaves is contained: the caller gets a typed {@link CardIOException} naming the reader, and the
 * core keeps serving that reader and every other.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DriverFaultIT extends CardmanageTestBase {
    private static final String OTHER_READER = "Sim Reader 1";

    private BrokenTransport broken;

    @Configuration
    public Option[] config() {
        return options(baseOptions());
    }

    @After
    public void clearFaults() {
        if (broken != null) {
            broken.unregister();
            awaitReaderGone(BrokenTransport.READER);
        }
        sim().clearFaults(SIM_READER);
        if (sim().readers().contains(OTHER_READER)) {
            sim().removeReader(OTHER_READER);
        }
    }

    @Test
    public void runtimeExceptionInDriverTransmitBecomesCardIOExceptionNamingReader() throws Exception {
        Attachment attachment = cardManager().attachByReader(SIM_READER);
        sim().injectFault(SIM_READER, SimFault.THROW_RUNTIME);

        CardIOException thrown = assertThrows(CardIOException.class, () -> attachment.transmit(Apdus.SELECT_MF));

        assertMentions(thrown, SIM_READER);
    }

    @Test
    public void transmitWorksAgainAfterDriverThrew() throws Exception {
        Attachment attachment = cardManager().attachByReader(SIM_READER);
        sim().injectFault(SIM_READER, SimFault.THROW_RUNTIME);
        assertThrows(CardIOException.class, () -> attachment.transmit(Apdus.SELECT_MF));

        assertEquals(Apdus.SW_OK, attachment.transmit(Apdus.SELECT_MF).sw());
    }

    @Test
    public void faultOnOneReaderLeavesOtherReadersUnaffected() throws Exception {
        sim().addReader(OTHER_READER, "demo");
        awaitCard(OTHER_READER);
        Attachment faulty = cardManager().attachByReader(SIM_READER);
        Attachment healthy = cardManager().attachByReader(OTHER_READER);
        sim().injectFault(SIM_READER, SimFault.THROW_RUNTIME);

        assertEquals(Apdus.SW_OK, healthy.transmit(Apdus.SELECT_MF).sw());
        assertThrows(CardIOException.class, () -> faulty.transmit(Apdus.SELECT_MF));
        assertEquals(Apdus.SW_OK, healthy.transmit(Apdus.SELECT_MF).sw());
    }

    @Test
    public void malformedResponseBecomesCardIOExceptionNamingReader() throws Exception {
        Attachment attachment = cardManager().attachByReader(SIM_READER);
        sim().injectFault(SIM_READER, SimFault.MALFORMED_RESPONSE);

        CardIOException thrown = assertThrows(CardIOException.class, () -> attachment.transmit(Apdus.SELECT_MF));

        assertMentions(thrown, SIM_READER);
        assertEquals(Apdus.SW_OK, attachment.transmit(Apdus.SELECT_MF).sw());
    }

    @Test
    public void communicationFailureReachesCallerAsCardIOException() throws Exception {
        Attachment attachment = cardManager().attachByReader(SIM_READER);
        sim().injectFault(SIM_READER, SimFault.FAIL_TRANSMIT);

        CardIOException thrown = assertThrows(CardIOException.class, () -> attachment.transmit(Apdus.SELECT_MF));

        assertMentions(thrown, SIM_READER);
    }

    @Test
    public void handWrittenDriverWhoseTransmitThrowsNpeGivesCardIOException() throws Exception {
        broken = BrokenTransport.register(context, BrokenTransport.Flaw.TRANSMIT_THROWS_NPE);
        awaitCard(BrokenTransport.READER);
        Attachment attachment = cardManager().attachByReader(BrokenTransport.READER);

        CardIOException thrown = assertThrows(CardIOException.class, () -> attachment.transmit(Apdus.SELECT_MF));

        assertMentions(thrown, BrokenTransport.READER);
        assertSimReaderStillWorks();
    }

    @Test
    public void handWrittenDriverWhoseConnectThrowsGivesCardIOException() throws Exception {
        broken = BrokenTransport.register(context, BrokenTransport.Flaw.CONNECT_THROWS);
        awaitCard(BrokenTransport.READER);

        CardIOException thrown = assertThrows(CardIOException.class,
                () -> cardManager().attachByReader(BrokenTransport.READER));

        assertMentions(thrown, BrokenTransport.READER);
        assertEquals("no attachment is left behind", 0, cardManager().attachments().size());
        assertSimReaderStillWorks();
    }

    private void assertSimReaderStillWorks() throws Exception {
        try (Attachment attachment = cardManager().attachByReader(SIM_READER)) {
            assertEquals(Apdus.SW_OK, attachment.transmit(Apdus.SELECT_MF).sw());
        }
    }
}

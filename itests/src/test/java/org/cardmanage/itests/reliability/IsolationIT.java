package org.cardmanage.itests.reliability;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.util.List;

import org.cardmanage.api.Attachment;
import org.cardmanage.api.AttachmentClosedException;
import org.cardmanage.api.AttachmentState;
import org.cardmanage.api.CardHandle;
import org.cardmanage.api.CardManager;
import org.cardmanage.api.Disposition;
import org.cardmanage.itests.Apdus;
import org.cardmanage.itests.Await;
import org.cardmanage.itests.CardmanageTestBase;
import org.cardmanage.itests.ClientBundles;
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
 * Ownership between bundles: the shell's listing names each attachment's owner; a handle handed to another bundle
 * only lets it make an attachment of its own; an attachment object handed to another bundle stays its maker's (it is
 * a capability: whoever holds it can use it, but it is listed, counted and cleaned up with its owner).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class IsolationIT extends CardmanageTestBase {

    @Configuration
    public Option[] config() {
        return options(baseOptions(), ClientBundles.clientBundles());
    }

    @After
    public void clientsBack() {
        for (String client : List.of(CLIENT_A, CLIENT_B)) {
            Bundle bundle = installedBundle(client);
            if (bundle.getState() != Bundle.ACTIVE) {
                start(bundle);
            }
        }
    }

    @Test
    public void theShellListsEveryAttachmentWithItsOwner() throws Exception {
        Attachment ofA = managerOf(CLIENT_A).attachByReader(SIM_READER);
        Attachment ofB = managerOf(CLIENT_B).attachByReader(SIM_READER);

        String listing = ShellCommands.run(context, "attachments");

        assertTrue(listing, listing.lines().anyMatch(l -> l.startsWith(ofA.id() + " ") && l.contains(CLIENT_A + " [")));
        assertTrue(listing, listing.lines().anyMatch(l -> l.startsWith(ofB.id() + " ") && l.contains(CLIENT_B + " [")));
    }

    @Test
    public void aHandleHandedToAnotherBundleMakesThatBundlesOwnAttachment() throws Exception {
        Attachment ofA = managerOf(CLIENT_A).attachByReader(SIM_READER);
        CardHandle handle = ofA.handle().orElseThrow();

        Attachment ofB = managerOf(CLIENT_B).attachByHandle(handle);

        assertNotEquals(ofA.id(), ofB.id());
        assertEquals(List.of(ofB), managerOf(CLIENT_B).attachments());
        assertEquals(List.of(ofA), managerOf(CLIENT_A).attachments());
        ofA.detach(Disposition.LEAVE);
        assertEquals("B's own attachment outlives A's", Apdus.SW_OK, ofB.transmit(Apdus.SELECT_MF).sw());
    }

    @Test
    public void anAttachmentHandedToAnotherBundleStaysItsOwners() throws Exception {
        CardManager b = managerOf(CLIENT_B);
        Attachment ofA = managerOf(CLIENT_A).attachByReader(SIM_READER);

        // B holds A's attachment object: it is not B's, and B's going away leaves it alone.
        assertEquals(List.of(), b.attachments());
        stop(installedBundle(CLIENT_B));
        assertEquals(AttachmentState.ACTIVE, ofA.state());
        assertEquals(Apdus.SW_OK, ofA.transmit(Apdus.SELECT_MF).sw());

        // A's going away ends it, for whoever holds it.
        stop(installedBundle(CLIENT_A));
        Await.until("A's attachment is detached with its owner", () -> ofA.state() == AttachmentState.DETACHED, WAIT);
        assertThrows(AttachmentClosedException.class, () -> ofA.transmit(Apdus.SELECT_MF));
    }
}

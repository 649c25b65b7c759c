package org.cardmanage.core.internal.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.cardmanage.api.AttachOptions;
import org.cardmanage.api.Attachment;
import org.cardmanage.api.AttachmentState;
import org.cardmanage.api.ShareMode;
import org.cardmanage.core.internal.BundleCardManager;
import org.cardmanage.api.Disposition;
import org.cardmanage.core.internal.CardCore;
import org.cardmanage.core.internal.testsupport.TestCore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CardCommandsTest {
    private static final String SELECT_MF = "00 A4 00 0C 02 3F 00";

    private TestCore fixture;
    private CardCore core;
    private BundleCardManager shellManager;
    private CardCommands commands;

    @BeforeEach
    void setUp() {
        fixture = new TestCore();
        core = fixture.core();
        ShellReader.plugInto(fixture, "Reader A", true);
        ShellReader.plugInto(fixture, "Reader B", false);
        shellManager = fixture.manager("org.cardmanage.core");
        commands = new CardCommands(shellManager, core);
    }

    @AfterEach
    void tearDown() {
        commands.detachAll(Disposition.RESET);
        fixture.close();
    }

    @Test
    void readersShowsNameDriverCardAndAtr() {
        assertThat(commands.readers()).isEqualTo(String.join("\n",
                "NAME      DRIVER  CARD  ATR",
                "Reader A  test    yes   3B 02 14 50",
                "Reader B  test    no    -"));
    }

    @Test
    void attachReturnsTheAttachmentId() {
        String id = commands.attach("Reader A");

        assertThat(id).matches("a-\\d+");
        assertThat(shellManager.attachments()).extracting(Attachment::id).containsExactly(id);
    }

    @Test
    void attachHonoursTheShareModeFlag() {
        String id = commands.attach("Reader B", "--direct");

        assertThat(shellManager.attachments().get(0).shareMode()).isEqualTo(ShareMode.DIRECT);
        assertThat(commands.status(id)).contains("share mode  DIRECT");
    }

    @Test
    void sendShowsTheResponseAndTheMeaningOfItsStatusWord() {
        String id = commands.attach("Reader A");

        assertThat(commands.send(id, "00", "A4", "00", "0C", "02", "3F", "00")).isEqualTo("90 00 OK");
        assertThat(commands.send(id, "00A4000C023F01")).isEqualTo("6A 82 file not found");
    }

    @Test
    void wrongArgumentsGiveTheUsageLine() {
        assertThatThrownBy(() -> commands.attach()).hasMessage("usage: " + CardCommands.ATTACH);
        assertThatThrownBy(() -> commands.attach("Reader A", "--sideways")).hasMessage("usage: " + CardCommands.ATTACH);
        assertThatThrownBy(() -> commands.attach("Reader A", "--protocol")).hasMessage("usage: " + CardCommands.ATTACH);
        assertThatThrownBy(() -> commands.attach("Reader A", "--protocol", "T9"))
                .hasMessage("usage: " + CardCommands.ATTACH);
        assertThatThrownBy(() -> commands.readers("extra")).hasMessage("usage: " + CardCommands.READERS);
        String id = commands.attach("Reader A");
        assertThatThrownBy(() -> commands.lock(id, "soon")).hasMessage("usage: " + CardCommands.LOCK);
        assertThatThrownBy(() -> commands.detach(id, "later")).hasMessage("usage: " + CardCommands.DETACH);
        assertThatThrownBy(() -> commands.send(id)).hasMessage("usage: " + CardCommands.SEND);
    }

    @Test
    void aMalformedApduSaysWhatIsWrongAndHowToWriteOne() {
        String id = commands.attach("Reader A");

        assertThatThrownBy(() -> commands.send(id, "zz"))
                .isInstanceOf(ShellException.class)
                .hasMessageContaining("invalid character 'z'")
                .hasMessageContaining("usage: " + CardCommands.SEND);
    }

    @Test
    void aCardErrorShowsItsMessage() {
        assertThatThrownBy(() -> commands.attach("Nowhere"))
                .isInstanceOf(ShellException.class)
                .hasMessageContaining("no reader named 'Nowhere'; known readers: Reader A, Reader B")
                .hasMessageContaining("SCARD_E_UNKNOWN_READER");
        assertThatThrownBy(() -> commands.attach("Reader B")).hasMessageContaining("SCARD_E_NO_SMARTCARD");
    }

    @Test
    void aShellFailurePrintsAsItsMessageAlone() {
        ShellException failure = ShellException.usage("card:readers");

        assertThat(failure).hasToString("usage: card:readers");
    }

    @Test
    void commandsActOnlyOnAttachmentsMadeFromTheShell() throws Exception {
        BundleCardManager other = fixture.manager("com.example.app");
        Attachment foreign = other.attachByReader("Reader A");

        assertThatThrownBy(() -> commands.send(foreign.id(), SELECT_MF))
                .hasMessage("no attachment '" + foreign.id() + "' made from this shell; shell attachments: "
                        + "none (card:attach READER makes one)");
        assertThat(foreign.state()).isEqualTo(AttachmentState.ACTIVE);
        other.deactivate();
    }

    @Test
    void attachmentsListsEveryBundlesAttachmentsWithOwnerAndState() throws Exception {
        BundleCardManager other = fixture.manager("com.example.app");
        Attachment foreign = other.attachByReader("Reader A");
        String mine = commands.attach("Reader A");
        commands.lock(mine);

        String listing = commands.attachments();

        assertThat(listing.lines().findFirst().orElseThrow())
                .matches("ID   READER    MODE    STATE   LOCK  OWNER +SINCE");
        assertThat(listing).containsPattern(foreign.id() + " +Reader A +SHARED +ACTIVE +- +com\\.example\\.app \\[\\d+\\]")
                .containsPattern(mine + " +Reader A +SHARED +ACTIVE +held +org\\.cardmanage\\.core \\[\\d+\\]");
        commands.unlock(mine); // else the other bundle's clean-up waits for the lock
        other.deactivate();
    }

    @Test
    void attachmentsShowTheOwnersPrincipal() throws Exception {
        BundleCardManager remote = fixture.manager("org.cardmanage.remote");
        Attachment attachment = remote.attachByReader("Reader A", AttachOptions.shared().withPrincipal("cn=app-1"));

        assertThat(commands.attachments()).containsPattern(attachment.id()
                + " +Reader A +SHARED +ACTIVE +- +org\\.cardmanage\\.remote \\[\\d+\\] for cn=app-1 ");
        remote.deactivate();
    }

    @Test
    void lockThenUnlock() {
        String id = commands.attach("Reader A");

        assertThat(commands.lock(id, "0")).startsWith(id + " locked the card in 'Reader A'");
        assertThat(commands.status(id)).contains("lock        held");
        assertThat(commands.unlock(id, "reset")).isEqualTo(id + " unlocked (RESET)");
        assertThat(commands.status(id)).contains("lock        not held");
        assertThatThrownBy(() -> commands.unlock(id)).hasMessage(id + " holds no lock taken with card:lock");
    }

    @Test
    void lockingTwiceShowsTheCardError() {
        String id = commands.attach("Reader A");
        commands.lock(id);

        assertThatThrownBy(() -> commands.lock(id)).hasMessageContaining("SCARD_E_SHARING_VIOLATION");
    }

    @Test
    void reconnectKeepsTheShareModeUnlessTold() {
        String id = commands.attach("Reader A", "--exclusive");

        assertThat(commands.reconnect(id, "reset")).contains("share mode  EXCLUSIVE").contains("state       ACTIVE");
        assertThat(commands.reconnect(id, "--shared")).contains("share mode  SHARED");
        assertThatThrownBy(() -> commands.reconnect(id, "eject")).hasMessage("usage: " + CardCommands.RECONNECT);
    }

    @Test
    void statusShowsTheCard() {
        String id = commands.attach("Reader A", "--protocol", "T0");

        assertThat(commands.status(id)).isEqualTo(String.join("\n",
                "attachment  " + id,
                "reader      Reader A",
                "share mode  SHARED",
                "state       ACTIVE",
                "card        SPECIFIC",
                "protocol    T0",
                "ATR         3B 02 14 50",
                "lock        not held"));
    }

    @Test
    void detachEndsTheAttachmentAndForgetsIt() {
        String id = commands.attach("Reader A");

        assertThat(commands.detach(id, "unpower")).isEqualTo(id + " detached (UNPOWER)");
        assertThat(shellManager.attachments()).isEmpty();
        assertThatThrownBy(() -> commands.detach(id)).hasMessageStartingWith("no attachment '" + id + "'");
    }

    @Test
    void deactivatingTheCommandsDetachesTheShellAttachments() {
        commands.attach("Reader A");
        commands.attach("Reader A");

        commands.detachAll(Disposition.RESET);

        assertThat(shellManager.attachments()).isEmpty();
        assertThat(core.allAttachments()).isEmpty();
    }

    @Test
    void locateShowsWhereTheCardIs() {
        assertThat(commands.locate("Reader*", "0")).isEqualTo("Reader A  3B 02 14 50");
        assertThatThrownBy(() -> commands.locate("Reader B", "0")).hasMessageContaining("SCARD_E_TIMEOUT");
    }

    @Test
    void emptyListingsSaySo() {
        assertThat(commands.attachments()).isEqualTo("no attachments");
    }
}

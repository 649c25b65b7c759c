package org.cardmanage.core.internal.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.cardmanage.api.Attachment;
import org.cardmanage.api.AttachmentClosedException;
import org.cardmanage.api.AttachmentState;
import org.cardmanage.api.CardException;
import org.cardmanage.api.CardRemovedException;
import org.cardmanage.api.CommandApdu;
import org.cardmanage.api.Disposition;
import org.cardmanage.api.NotSupportedException;
import org.cardmanage.api.ScardError;
import org.cardmanage.api.ShareMode;
import org.cardmanage.api.service.CardServiceUnavailableException;
import org.cardmanage.api.service.WrongPinException;
import org.cardmanage.core.internal.testsupport.Apdus;
import org.cardmanage.core.internal.testsupport.FakeReader;
import org.cardmanage.core.internal.testsupport.TestCore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The views {@code createInterface} hands out: forwarding, containment, and what happens when things go away. */
class CardServiceViewTest {
    private final TestCore fixture = new TestCore();
    private final CardServices services = fixture.core().cardServices();
    private final FakeReader reader = fixture.readerWithCard("Reader A")
            .card(command -> Apdus.bytes(Apdus.hex(new CommandApdu(command).data()) + "9000"));
    private final Attachment attachment = attach();
    private final FakePlugin vendor = new FakePlugin("vendor", 2, 100).register(services);
    private final FakePlugin generic = new FakePlugin("generic", 1, 1).register(services);

    private Attachment attach() {
        try {
            return fixture.manager("app").attachByReader("Reader A");
        } catch (CardException e) {
            throw new AssertionError(e);
        }
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void viewForwardsToThePluginsObjectWhichTalksToTheCard() throws CardException {
        Echo view = attachment.createInterface(Echo.class);

        assertThat(view.echo(new byte[] {1, 2, 3})).containsExactly(1, 2, 3);
        assertThat(reader.calls()).contains("transmit 8001000003010203" + "00");
    }

    @Test
    void viewOfAPluginThatWentAwayThrowsServiceUnavailableNamingThePlugin() throws CardException {
        Echo view = attachment.createInterface(Echo.class);

        vendor.unregister(services);

        assertThatThrownBy(view::name).isInstanceOf(CardServiceUnavailableException.class)
                .hasMessageContaining("vendor [2]")
                .hasMessageContaining("createInterface again")
                .satisfies(e -> assertThat(((CardException) e).error()).isEqualTo(ScardError.SCARD_E_SERVICE_STOPPED));
    }

    @Test
    void createInterfaceAfterThePluginWentAwayPicksTheNextBest() throws CardException {
        attachment.createInterface(Echo.class);

        vendor.unregister(services);

        assertThat(attachment.createInterface(Echo.class).name()).isEqualTo("generic");
    }

    @Test
    void viewLetsGoOfThePluginsObjectWhenThePluginGoesAway() throws CardException {
        Echo view = attachment.createInterface(Echo.class);

        vendor.unregister(services);

        assertThat(view.toString()).endsWith("(released)");
    }

    @Test
    void pluginsAttachmentStopsWorkingWhenThePluginGoesAway() throws CardException {
        attachment.createInterface(Echo.class);
        Attachment kept = vendor.attachmentGiven();

        vendor.unregister(services);

        assertThatThrownBy(() -> kept.transmit(Apdus.SELECT_MF)).isInstanceOf(CardServiceUnavailableException.class);
        assertThat(attachment.state()).isEqualTo(AttachmentState.ACTIVE);
    }

    @Test
    void pluginCannotDetachTheApplicationsAttachment() throws CardException {
        attachment.createInterface(Echo.class);
        Attachment given = vendor.attachmentGiven();

        assertThatThrownBy(() -> given.detach(Disposition.RESET)).isInstanceOf(NotSupportedException.class);
        given.close();

        assertThat(attachment.state()).isEqualTo(AttachmentState.ACTIVE);
    }

    @Test
    void viewAfterDetachThrowsAttachmentClosed() throws CardException {
        Echo view = attachment.createInterface(Echo.class);

        attachment.detach(Disposition.LEAVE);

        assertThatThrownBy(view::name).isInstanceOf(AttachmentClosedException.class)
                .hasMessageContaining(attachment.id());
    }

    @Test
    void viewMadeForACardThatLeftThrowsCardRemovedAfterReconnect() throws CardException {
        Echo view = attachment.createInterface(Echo.class);
        reader.remove();
        reader.insert(FakeReader.ATR_2);
        attachment.reconnect(ShareMode.SHARED, Disposition.LEAVE);

        assertThatThrownBy(view::name).isInstanceOf(CardRemovedException.class);
        assertThat(attachment.createInterface(Echo.class).name()).isEqualTo("vendor");
    }

    @Test
    void linkageErrorFromThePluginNeverReachesTheCaller() throws CardException {
        Echo view = attachment.createInterface(Echo.class);
        vendor.viewFailure = new NoClassDefFoundError("org/example/vendor/Gone");

        Throwable thrown = catchThrowable(view::fail);

        assertThat(thrown).isInstanceOf(CardServiceUnavailableException.class).hasMessageContaining("vendor [2]")
                .hasNoCause();
    }

    @Test
    void runtimeExceptionFromThePluginBecomesACardExceptionNamingThePlugin() throws CardException {
        Echo view = attachment.createInterface(Echo.class);
        vendor.viewFailure = new IllegalStateException("plugin bug with secret 1234");

        Throwable thrown = catchThrowable(view::fail);

        assertThat(thrown).isExactlyInstanceOf(CardException.class)
                .hasMessageContaining("vendor [2]")
                .hasMessageContaining("Echo.fail")
                .hasMessageNotContaining("1234");
    }

    @Test
    void cardExceptionsAndIllegalArgumentsFromThePluginPassAsTheyAre() throws CardException {
        Echo view = attachment.createInterface(Echo.class);
        WrongPinException wrongPin = new WrongPinException("wrong PIN", 0x63C2, 2);
        IllegalArgumentException badInput = new IllegalArgumentException("PIN is empty");

        vendor.viewFailure = wrongPin;
        assertThat(catchThrowable(view::fail)).isSameAs(wrongPin);
        vendor.viewFailure = badInput;
        assertThat(catchThrowable(view::fail)).isSameAs(badInput);
    }

    @Test
    void objectMethodsOfTheViewDoNotReachThePlugin() throws CardException {
        Echo view = attachment.createInterface(Echo.class);
        Echo other = attachment.createInterface(Echo.class);

        assertThat(view).isEqualTo(view).isNotEqualTo(other);
        assertThat(view.hashCode()).isEqualTo(System.identityHashCode(view));
        assertThat(view.toString()).isEqualTo("Echo view of attachment " + attachment.id() + " from plugin vendor [2]");
    }

    @Test
    void reRegisteredPluginMakesWorkingViewsAgain() throws CardException {
        Echo old = attachment.createInterface(Echo.class);
        vendor.unregister(services);
        vendor.register(services);

        assertThat(attachment.createInterface(Echo.class).name()).isEqualTo("vendor");
        assertThatThrownBy(old::name).isInstanceOf(CardServiceUnavailableException.class);
    }
}

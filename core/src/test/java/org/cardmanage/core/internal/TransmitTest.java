package org.cardmanage.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.cardmanage.core.internal.testsupport.Apdus.SELECT_MF;
import static org.cardmanage.core.internal.testsupport.Apdus.bytes;
import static org.cardmanage.core.internal.testsupport.Apdus.transmitted;

import java.util.Arrays;

import org.cardmanage.api.AttachOptions;
import org.cardmanage.api.Attachment;
import org.cardmanage.api.CardException;
import org.cardmanage.api.CardIOException;
import org.cardmanage.api.CardManager;
import org.cardmanage.api.CardRemovedException;
import org.cardmanage.api.CommandApdu;
import org.cardmanage.api.NotSupportedException;
import org.cardmanage.api.ResponseApdu;
import org.cardmanage.core.internal.testsupport.FakeReader;
import org.cardmanage.core.internal.testsupport.TestCore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TransmitTest {
    private static final CommandApdu GET_RESPONSE_3 = CommandApdu.parseHex("00 C0 00 00 03");
    private static final CommandApdu READ_16 = CommandApdu.parseHex("00 B0 00 00 10");
    private static final CommandApdu READ_4 = CommandApdu.parseHex("00 B0 00 00 04");

    private TestCore fixture = new TestCore();
    private CardManager app = fixture.manager("app");

    @AfterEach
    void stop() {
        fixture.close();
    }

    private void restart(TestCore.Settings settings) {
        fixture.close();
        fixture = new TestCore(settings.build());
        app = fixture.manager("app");
    }

    /** A card that answers SELECT with 2 bytes and 61 03, and GET RESPONSE with the 3 remaining bytes. */
    private static byte[] chainingCard(byte[] command) {
        if (Arrays.equals(command, SELECT_MF.bytes())) {
            return bytes("01 02 61 03");
        }
        if (Arrays.equals(command, GET_RESPONSE_3.bytes())) {
            return bytes("03 04 05 90 00");
        }
        return bytes("6D 00");
    }

    /** A card that wants READ BINARY with Le 4. */
    private static byte[] wrongLengthCard(byte[] command) {
        if (Arrays.equals(command, READ_4.bytes())) {
            return bytes("AA BB CC DD 90 00");
        }
        return bytes("6C 04");
    }

    @Test
    void transmitReturnsTheCardsResponse() throws CardException {
        FakeReader reader = fixture.readerWithCard("Reader A").card(command -> bytes("6F 01 90 00"));
        Attachment attachment = app.attachByReader("Reader A");

        ResponseApdu response = attachment.transmit(SELECT_MF);

        assertThat(response.bytes()).isEqualTo(bytes("6F 01 90 00"));
        assertThat(reader.calls()).contains(transmitted(SELECT_MF));
    }

    @Test
    void moreDataIsFetchedWithGetResponse() throws CardException {
        FakeReader reader = fixture.readerWithCard("Reader A").card(TransmitTest::chainingCard);
        Attachment attachment = app.attachByReader("Reader A");

        ResponseApdu response = attachment.transmit(SELECT_MF);

        assertThat(response.data()).containsExactly(1, 2, 3, 4, 5);
        assertThat(response.sw()).isEqualTo(0x9000);
        assertThat(reader.calls()).containsSubsequence(transmitted(SELECT_MF), transmitted(GET_RESPONSE_3));
    }

    @Test
    void wrongLengthIsResentWithTheLeTheCardAskedFor() throws CardException {
        FakeReader reader = fixture.readerWithCard("Reader A").card(TransmitTest::wrongLengthCard);
        Attachment attachment = app.attachByReader("Reader A");

        ResponseApdu response = attachment.transmit(READ_16);

        assertThat(response).isEqualTo(ResponseApdu.parseHex("AA BB CC DD 90 00"));
        assertThat(reader.calls()).containsSubsequence(transmitted(READ_16), transmitted(READ_4));
    }

    @Test
    void wrongLengthForACommandWithoutLeIsResentWithThatLe() throws CardException {
        CommandApdu getChallenge = CommandApdu.parseHex("00 84 00 00");
        CommandApdu withLe = CommandApdu.parseHex("00 84 00 00 08");
        FakeReader reader = fixture.readerWithCard("Reader A").card(command -> Arrays.equals(command, withLe.bytes())
                ? bytes("01 02 03 04 05 06 07 08 90 00") : bytes("6C 08"));
        Attachment attachment = app.attachByReader("Reader A");

        ResponseApdu response = attachment.transmit(getChallenge);

        assertThat(response.dataLength()).isEqualTo(8);
        assertThat(reader.calls()).containsSubsequence(transmitted(getChallenge), transmitted(withLe));
    }

    @Test
    void chainingSwitchedOffForTheAttachmentHands61xxToTheCaller() throws CardException {
        FakeReader reader = fixture.readerWithCard("Reader A").card(TransmitTest::chainingCard);
        Attachment raw = app.attachByReader("Reader A", AttachOptions.shared().withResponseChaining(false));

        ResponseApdu response = raw.transmit(SELECT_MF);

        assertThat(response).isEqualTo(ResponseApdu.parseHex("01 02 61 03"));
        assertThat(reader.calls()).doesNotContain(transmitted(GET_RESPONSE_3));
    }

    @Test
    void chainingSwitchedOffForTheAttachmentHands6CxxToTheCaller() throws CardException {
        fixture.readerWithCard("Reader A").card(TransmitTest::wrongLengthCard);
        Attachment raw = app.attachByReader("Reader A", AttachOptions.shared().withResponseChaining(false));

        assertThat(raw.transmit(READ_16).sw()).isEqualTo(0x6C04);
    }

    @Test
    void chainingSwitchedOffInTheSettingsHands61xxToTheCaller() throws CardException {
        restart(TestCore.settings().responseChaining(false));
        FakeReader reader = fixture.readerWithCard("Reader A").card(TransmitTest::chainingCard);
        Attachment attachment = app.attachByReader("Reader A");

        ResponseApdu response = attachment.transmit(SELECT_MF);

        assertThat(response).isEqualTo(ResponseApdu.parseHex("01 02 61 03"));
        assertThat(reader.calls()).doesNotContain(transmitted(GET_RESPONSE_3));
    }

    @Test
    void nullResponseFromTheDriverIsCardIOException() throws CardException {
        fixture.readerWithCard("Reader A").card(command -> null);
        Attachment attachment = app.attachByReader("Reader A");

        assertThatThrownBy(() -> attachment.transmit(SELECT_MF)).isInstanceOf(CardIOException.class)
                .hasMessageContaining("Reader A");
    }

    @Test
    void oneByteResponseFromTheDriverIsCardIOException() throws CardException {
        fixture.readerWithCard("Reader A").card(command -> new byte[] {(byte) 0x90});
        Attachment attachment = app.attachByReader("Reader A");

        assertThatThrownBy(() -> attachment.transmit(SELECT_MF)).isInstanceOf(CardIOException.class)
                .hasMessageContaining("Reader A");
    }

    @Test
    void responseLongerThanIso7816AllowsIsCardIOException() throws CardException {
        byte[] huge = new byte[70_000];
        huge[huge.length - 2] = (byte) 0x90;
        fixture.readerWithCard("Reader A").card(command -> huge);
        Attachment attachment = app.attachByReader("Reader A");

        assertThatThrownBy(() -> attachment.transmit(SELECT_MF)).isInstanceOf(CardIOException.class)
                .hasMessageContaining("70000 bytes").hasMessageContaining("Reader A");
    }

    @Test
    void longestResponseIso7816AllowsIsPassedOn() throws CardException {
        byte[] longest = new byte[65_538];
        longest[longest.length - 2] = (byte) 0x90;
        fixture.readerWithCard("Reader A").card(command -> longest);
        Attachment attachment = app.attachByReader("Reader A");

        assertThat(attachment.transmit(SELECT_MF).dataLength()).isEqualTo(65_536);
    }

    @Test
    void malformedResponseInAGetResponseChainIsCardIOException() throws CardException {
        fixture.readerWithCard("Reader A").card(command -> command[1] == (byte) 0xC0 ? new byte[0] : bytes("61 03"));
        Attachment attachment = app.attachByReader("Reader A");

        assertThatThrownBy(() -> attachment.transmit(SELECT_MF)).isInstanceOf(CardIOException.class);
    }

    @Test
    void driverRuntimeExceptionIsCardIOExceptionNamingTheReader() throws CardException {
        IllegalStateException driverBug = new IllegalStateException("driver bug");
        fixture.readerWithCard("Reader A").failOnce("transmit", driverBug);
        Attachment attachment = app.attachByReader("Reader A");

        assertThatThrownBy(() -> attachment.transmit(SELECT_MF))
                .isInstanceOf(CardIOException.class)
                .hasMessageContaining("Reader A")
                .hasCause(driverBug);
    }

    @Test
    void transmitWorksAgainAfterADriverFailure() throws CardException {
        fixture.readerWithCard("Reader A").failOnce("transmit", new IllegalStateException("driver bug"));
        Attachment attachment = app.attachByReader("Reader A");
        assertThatThrownBy(() -> attachment.transmit(SELECT_MF)).isInstanceOf(CardIOException.class);

        assertThat(attachment.transmit(SELECT_MF).sw()).isEqualTo(0x9000);
    }

    @Test
    void driverFailureDoesNotKeepOtherAttachmentsOffTheCard() throws CardException {
        fixture.readerWithCard("Reader A").failOnce("transmit", new IllegalStateException("driver bug"));
        Attachment failing = app.attachByReader("Reader A");
        Attachment bystander = fixture.manager("other").attachByReader("Reader A");
        assertThatThrownBy(() -> failing.transmit(SELECT_MF)).isInstanceOf(CardIOException.class);

        assertThat(bystander.transmit(SELECT_MF).sw()).isEqualTo(0x9000);
    }

    @Test
    void directAttachmentCannotTransmit() throws CardException {
        FakeReader reader = fixture.readerWithCard("Reader A");
        Attachment direct = app.attachByReader("Reader A", AttachOptions.direct());

        assertThatThrownBy(() -> direct.transmit(SELECT_MF)).isInstanceOf(NotSupportedException.class);
        assertThat(reader.calls()).noneMatch(call -> call.startsWith("transmit"));
    }

    @Test
    void nullCommandIsIllegal() throws CardException {
        fixture.readerWithCard("Reader A");
        Attachment attachment = app.attachByReader("Reader A");

        assertThatThrownBy(() -> attachment.transmit(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void transmitAfterCardRemovalIsCardRemoved() throws CardException {
        FakeReader reader = fixture.readerWithCard("Reader A");
        Attachment attachment = app.attachByReader("Reader A");

        reader.remove();

        assertThatThrownBy(() -> attachment.transmit(SELECT_MF)).isInstanceOf(CardRemovedException.class);
    }

    @Test
    void tracingDoesNotChangeTheResponse() throws CardException {
        restart(TestCore.settings().trace(true));
        fixture.readerWithCard("Reader A").card(TransmitTest::chainingCard);
        Attachment attachment = app.attachByReader("Reader A");

        assertThat(attachment.transmit(SELECT_MF).data()).containsExactly(1, 2, 3, 4, 5);
    }
}

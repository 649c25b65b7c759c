package org.cardmanage.driver.pcsc.internal.jdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.NoSuchAlgorithmException;

import javax.smartcardio.CardException;
import javax.smartcardio.CardNotPresentException;

import org.cardmanage.driver.pcsc.internal.port.Pcsc;
import org.cardmanage.driver.pcsc.internal.port.PcscException;
import org.junit.jupiter.api.Test;

class JdkCodesTest {

    /** Stands in for {@code sun.security.smartcardio.PCSCException}: its message is the code's name. */
    private static final class PCSCException extends Exception {
        private static final long serialVersionUID = 1L;

        PCSCException(String message) {
            super(message);
        }
    }

    @Test
    void readsTheCodeNamedByTheCause() {
        CardException e = new CardException("list() failed", new PCSCException("SCARD_E_NO_SERVICE"));
        assertThat(JdkCodes.code(e)).isEqualTo(Pcsc.SCARD_E_NO_SERVICE);
    }

    @Test
    void readsTheCodeOfAChannelException() {
        // ChannelImpl throws new CardException(pcscException): the message is the cause's toString()
        PCSCException cause = new PCSCException("SCARD_W_REMOVED_CARD");
        assertThat(JdkCodes.code(new CardException(cause))).isEqualTo(Pcsc.SCARD_W_REMOVED_CARD);
    }

    @Test
    void readsAnUnknownErrorAsItsNumber() {
        CardException e = new CardException("connect() failed", new PCSCException("Unknown error 0x8010002f"));
        assertThat(JdkCodes.code(e)).isEqualTo(0x8010002F);
    }

    @Test
    void readsTheCodeDeepInTheChain() {
        NoSuchAlgorithmException e = new NoSuchAlgorithmException("Error constructing TerminalFactory for PC/SC",
                new PCSCException("SCARD_E_NO_SERVICE"));
        assertThat(JdkCodes.code(e)).isEqualTo(Pcsc.SCARD_E_NO_SERVICE);
    }

    @Test
    void aFactoryThatCannotBeMadeIsNoService() {
        NoSuchAlgorithmException e = new NoSuchAlgorithmException("Error constructing TerminalFactory",
                new RuntimeException("Could not load libpcsclite"));
        assertThat(JdkCodes.code(e)).isEqualTo(Pcsc.SCARD_E_NO_SERVICE);
    }

    @Test
    void aRemovedCardIsRemoved() {
        assertThat(JdkCodes.code(new IllegalStateException("Card has been removed")))
                .isEqualTo(Pcsc.SCARD_W_REMOVED_CARD);
        assertThat(JdkCodes.code(new IllegalArgumentException("apdu must be at least 2 bytes long")))
                .isEqualTo(Pcsc.SCARD_W_REMOVED_CARD);
    }

    @Test
    void aCardDisconnectedElsewhereIsAnInvalidHandle() {
        assertThat(JdkCodes.code(new IllegalStateException("Card has been disconnected")))
                .isEqualTo(Pcsc.SCARD_E_INVALID_HANDLE);
    }

    @Test
    void noCardNamesItsCode() {
        CardNotPresentException named = new CardNotPresentException("No card present",
                new PCSCException("SCARD_W_REMOVED_CARD"));
        assertThat(JdkCodes.code(named)).isEqualTo(Pcsc.SCARD_W_REMOVED_CARD);
        assertThat(JdkCodes.code(new CardNotPresentException("No card present")))
                .isEqualTo(Pcsc.SCARD_E_NO_SMARTCARD);
    }

    @Test
    void anotherThreadsTransactionIsASharingViolation() {
        assertThat(JdkCodes.code(new CardException("Exclusive access established by another Thread")))
                .isEqualTo(Pcsc.SCARD_E_SHARING_VIOLATION);
    }

    @Test
    void anotherProtocolIsAMismatch() {
        CardException e = new CardException("Cannot connect using T=0, connection already established using T=1");
        assertThat(JdkCodes.code(e)).isEqualTo(Pcsc.SCARD_E_PROTO_MISMATCH);
    }

    @Test
    void anythingElseIsUnknown() {
        assertThat(JdkCodes.code(new CardException("something new"))).isEqualTo(Pcsc.SCARD_F_UNKNOWN_ERROR);
    }

    @Test
    void theMessageNamesOnlyTheFunctionAndTheCode() {
        PcscException e = JdkCodes.translate("SCardTransmit",
                new CardException("transmit failed for 00A4040007A0000000041010", new PCSCException("SCARD_E_NOT_TRANSACTED")));
        assertThat(e.getMessage()).isEqualTo("SCardTransmit: SCARD_E_NOT_TRANSACTED");
        assertThat(e.getCause()).isNull();
    }
}

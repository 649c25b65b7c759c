package org.cardmanage.driver.pcsc.internal.jna;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.Optional;

import org.cardmanage.driver.pcsc.internal.port.Pcsc;
import org.cardmanage.driver.pcsc.internal.port.PcscException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.sun.jna.Platform;

/** The binding on this machine's PC/SC library, without pcscd: every call here returns at once. */
class NativePcscPortTest {
    private static final Duration BOUND = Duration.ofSeconds(10);
    private static final long NO_SUCH_HANDLE = 0x1234_5678L;

    private static NativePcscPort port;

    @BeforeAll
    static void load() {
        assumeTrue(Platform.isLinux(), "the native backend is tested on Linux");
        try {
            port = NativePcscPort.load("");
        } catch (LibraryUnavailableException e) {
            assumeTrue(false, e.getMessage());
        }
    }

    @Test
    void theDescriptionNamesTheLibraryItsFileAndJna() {
        assertThat(port.description())
                .matches("libpcsclite\\.so\\.1 \\(/.*libpcsclite\\.so\\.1.*\\) through JNA 5\\..*");
    }

    @Test
    void establishingAContextAnswersOrSaysThereIsNoService() {
        assertTimeoutPreemptively(BOUND, () -> {
            try {
                long context = port.establishContext();
                port.releaseContext(context);
            } catch (PcscException e) {
                assertThat(e.code()).isEqualTo(Pcsc.SCARD_E_NO_SERVICE);
            }
        });
    }

    @Test
    void aHandleTheLibraryNeverGaveIsInvalid() {
        assertTimeoutPreemptively(BOUND, () -> {
            assertThatThrownBy(() -> port.transmit(NO_SUCH_HANDLE, Pcsc.SCARD_PROTOCOL_T1, new byte[] {0, 0, 0, 0}))
                    .isInstanceOfSatisfying(PcscException.class,
                            e -> assertThat(e.code()).isEqualTo(Pcsc.SCARD_E_INVALID_HANDLE))
                    .hasMessage("SCardTransmit: SCARD_E_INVALID_HANDLE");
            assertThatThrownBy(() -> port.status(NO_SUCH_HANDLE)).isInstanceOfSatisfying(PcscException.class,
                    e -> assertThat(e.code()).isEqualTo(Pcsc.SCARD_E_INVALID_HANDLE));
            assertThatThrownBy(() -> port.disconnect(NO_SUCH_HANDLE, Pcsc.SCARD_LEAVE_CARD))
                    .isInstanceOfSatisfying(PcscException.class,
                            e -> assertThat(e.code()).isEqualTo(Pcsc.SCARD_E_INVALID_HANDLE));
        });
    }

    @Test
    void aTransmitWithoutAProtocolFailsWithoutACall() {
        assertThatThrownBy(() -> port.transmit(NO_SUCH_HANDLE, Pcsc.SCARD_PROTOCOL_UNDEFINED, new byte[] {0, 0, 0, 0}))
                .isInstanceOfSatisfying(PcscException.class,
                        e -> assertThat(e.code()).isEqualTo(Pcsc.SCARD_E_PROTO_MISMATCH));
    }

    @Test
    void aCommandLongerThanPcscLiteTakesFailsWithoutACall() {
        assertThatThrownBy(() -> port.transmit(NO_SUCH_HANDLE, Pcsc.SCARD_PROTOCOL_T1,
                new byte[Abi.MAX_BUFFER_SIZE_EXTENDED + 1])).isInstanceOfSatisfying(PcscException.class,
                        e -> assertThat(e.code()).isEqualTo(Pcsc.SCARD_E_INSUFFICIENT_BUFFER));
    }

    @Test
    void controlCodesArePcscLites() {
        assertThat(port.controlCode(3400)).isEqualTo(0x42000D48);
    }

    @Test
    void sharingReturnsAtOnceOnlyWhereTheVariableIsSet() {
        if (port.sharingReturnsAtOnce()) {
            assertThat(LibC.getenv(NoBlocking.VARIABLE)).isNotNull();
        }
    }

    @Test
    void theVariableOnceSetHoldsWhateverWasLoaded() {
        assertThat(NoBlocking.request(Optional.empty())).isTrue();
        assertThat(LibC.getenv(NoBlocking.VARIABLE)).isNotNull();
        assertThat(NoBlocking.request(Optional.of("/usr/lib/libpcsclite.so.1"))).isTrue();
    }

    @Test
    void aMissingLibraryIsExplained() {
        assertThatThrownBy(() -> NativePcscPort.load("/nonexistent/libpcsclite.so.1"))
                .isInstanceOf(LibraryUnavailableException.class)
                .hasMessageContaining("/nonexistent/libpcsclite.so.1 cannot be loaded: check library.path");
    }

    @Test
    void aLibraryWithoutThePcscFunctionsIsRefused() {
        Optional<String> libc = ProcessMaps.find("libc.so.6");
        assumeTrue(libc.isPresent(), "glibc");

        assertThatThrownBy(() -> NativePcscPort.load(libc.get())).isInstanceOf(LibraryUnavailableException.class);
    }

    @Test
    void loadingAgainGivesAPortOnTheSameBinding() throws LibraryUnavailableException {
        assertThat(NativePcscPort.load(null).description()).isEqualTo(port.description());
    }
}

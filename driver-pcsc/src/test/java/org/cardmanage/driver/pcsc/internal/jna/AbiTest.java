package org.cardmanage.driver.pcsc.internal.jna;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.cardmanage.driver.pcsc.internal.port.Pcsc;
import org.junit.jupiter.api.Test;

import com.sun.jna.Memory;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

class AbiTest {

    @Test
    void pcscLiteOnLp64HasEightByteDwordsAndAnEightyByteReaderState() {
        // { char *szReader; void *pvUserData; unsigned long dwCurrentState, dwEventState, cbAtr; u8 rgbAtr[33]; }
        Abi abi = Abi.pcscLite(8, 8);

        assertThat(abi.dwordSize()).isEqualTo(8);
        assertThat(abi.handleSize()).isEqualTo(8);
        assertThat(abi.currentStateOffset()).isEqualTo(16);
        assertThat(abi.eventStateOffset()).isEqualTo(24);
        assertThat(abi.atrLengthOffset()).isEqualTo(32);
        assertThat(abi.atrOffset()).isEqualTo(40);
        assertThat(abi.atrSize()).isEqualTo(33);
        assertThat(abi.readerStateSize()).isEqualTo(80);
    }

    @Test
    void pcscLiteOn32BitHasFourByteDwordsAndAFiftySixByteReaderState() {
        Abi abi = Abi.pcscLite(4, 4);

        assertThat(abi.currentStateOffset()).isEqualTo(8);
        assertThat(abi.atrOffset()).isEqualTo(20);
        assertThat(abi.readerStateSize()).isEqualTo(56);
    }

    @Test
    void macOsPacksTheReaderStateWithThirtyThreeAtrBytes() {
        Abi abi = Abi.macOs(8);

        assertThat(abi.dwordSize()).isEqualTo(4);
        assertThat(abi.handleSize()).isEqualTo(4);
        assertThat(abi.packed()).isTrue();
        assertThat(abi.currentStateOffset()).isEqualTo(16);
        assertThat(abi.eventStateOffset()).isEqualTo(20);
        assertThat(abi.atrLengthOffset()).isEqualTo(24);
        assertThat(abi.atrOffset()).isEqualTo(28);
        assertThat(abi.readerStateSize()).isEqualTo(61);
    }

    @Test
    void windowsHasPointerSizedHandlesAndThirtySixAtrBytes() {
        Abi x64 = Abi.windows(8);
        Abi x86 = Abi.windows(4);

        assertThat(x64.dwordSize()).isEqualTo(4);
        assertThat(x64.handleSize()).isEqualTo(8);
        assertThat(x64.atrOffset()).isEqualTo(28);
        assertThat(x64.atrSize()).isEqualTo(36);
        assertThat(x64.readerStateSize()).isEqualTo(64);
        assertThat(x86.readerStateSize()).isEqualTo(56);
    }

    @Test
    void windowsEncodesRawAsHexTenThousand() {
        Abi windows = Abi.windows(8);

        assertThat(windows.toNativeProtocols(Pcsc.SCARD_PROTOCOL_T0 | Pcsc.SCARD_PROTOCOL_RAW)).isEqualTo(0x10001);
        assertThat(windows.fromNativeProtocols(0x10000)).isEqualTo(Pcsc.SCARD_PROTOCOL_RAW);
        assertThat(windows.fromNativeProtocols(Pcsc.SCARD_PROTOCOL_T1)).isEqualTo(Pcsc.SCARD_PROTOCOL_T1);
        assertThat(Abi.pcscLite(8, 8).toNativeProtocols(Pcsc.SCARD_PROTOCOL_RAW)).isEqualTo(Pcsc.SCARD_PROTOCOL_RAW);
    }

    @Test
    void windowsCardStateNumbersBecomePcscLiteFlags() {
        Abi windows = Abi.windows(8);

        assertThat(windows.cardState(1)).isEqualTo(Pcsc.SCARD_ABSENT);
        assertThat(windows.cardState(2)).isEqualTo(Pcsc.SCARD_PRESENT);
        assertThat(windows.cardState(6))
                .isEqualTo(Pcsc.SCARD_PRESENT | Pcsc.SCARD_POWERED | Pcsc.SCARD_SPECIFIC);
        assertThat(windows.cardState(0)).isEqualTo(Abi.SCARD_UNKNOWN);
    }

    @Test
    void pcscLiteCardStateLosesTheEventCounter() {
        assertThat(Abi.pcscLite(8, 8).cardState(0x0003_0034L)).isEqualTo(0x34);
    }

    @Test
    void controlCodesFollowEachPlatformsMacro() {
        assertThat(Abi.pcscLite(8, 8).controlCode(3400)).isEqualTo(0x42000000 + 3400);
        assertThat(Abi.macOs(8).controlCode(1)).isEqualTo(0x42000001);
        assertThat(Abi.windows(8).controlCode(3400)).isEqualTo(0x00313520);
    }

    @Test
    void dwordsAreReadUnsignedAndWrittenInTheirSize() {
        try (Memory memory = new Memory(16)) {
            memory.clear();
            Abi lp64 = Abi.pcscLite(8, 8);
            lp64.writeDword(memory, 0, 0xFFFF_FFFFL);
            assertThat(memory.getLong(0)).isEqualTo(0xFFFF_FFFFL);
            assertThat(lp64.readDword(memory, 0)).isEqualTo(0xFFFF_FFFFL);

            memory.clear();
            Abi windows = Abi.windows(8);
            windows.writeDword(memory, 0, Pcsc.SCARD_E_TIMEOUT);
            assertThat(memory.getInt(4)).isZero();
            assertThat(windows.readDword(memory, 0)).isEqualTo(0x8010000AL);
        }
    }

    @Test
    void thisMachinesLibpcscliteHasSixteenBytePcisOfEightByteDwords() {
        assumeTrue(Platform.isLinux() && Platform.is64Bit(), "pcsc-lite on 64-bit Linux");
        NativeLibrary library;
        try {
            library = NativeLibrary.getInstance("libpcsclite.so.1");
        } catch (UnsatisfiedLinkError e) {
            assumeTrue(false, "libpcsclite.so.1 is not installed");
            return;
        }
        Abi abi = Abi.current();
        Pointer t1 = library.getGlobalVariableAddress("g_rgSCardT1Pci");

        // SCARD_IO_REQUEST { unsigned long dwProtocol; unsigned long cbPciLength; } = { SCARD_PROTOCOL_T1, 16 }
        assertThat(abi.dwordSize()).isEqualTo(8);
        assertThat(abi.readDword(t1, 0)).isEqualTo(Pcsc.SCARD_PROTOCOL_T1);
        assertThat(abi.readDword(t1, abi.dwordSize())).isEqualTo(2L * abi.dwordSize());
    }
}

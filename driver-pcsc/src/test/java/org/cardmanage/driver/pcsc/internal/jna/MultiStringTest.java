package org.cardmanage.driver.pcsc.internal.jna;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class MultiStringTest {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void twoReadersEndedByADoubleNul() {
        byte[] list = bytes("Virtual PCD 00 00\0Virtual PCD 00 01\0\0");

        assertThat(NativePcscPort.multiString(list, list.length, StandardCharsets.UTF_8))
                .containsExactly("Virtual PCD 00 00", "Virtual PCD 00 01");
    }

    @Test
    void anEmptyListIsASingleNul() {
        assertThat(NativePcscPort.multiString(new byte[] {0}, 1, StandardCharsets.UTF_8)).isEmpty();
        assertThat(NativePcscPort.multiString(new byte[0], 0, StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void onlyTheFilledLengthCounts() {
        byte[] buffer = bytes("Reader A\0\0Reader B\0\0");

        assertThat(NativePcscPort.multiString(buffer, 10, StandardCharsets.UTF_8)).containsExactly("Reader A");
    }

    @Test
    void aLastStringWithoutItsNulIsKept() {
        byte[] list = bytes("Reader A\0Reader B");

        assertThat(NativePcscPort.multiString(list, list.length, StandardCharsets.UTF_8))
                .containsExactly("Reader A", "Reader B");
    }

    @Test
    void namesAreDecodedInTheLibrarysCharset() {
        byte[] list = bytes("Lecteur \u00e9tendu\0\0");

        assertThat(NativePcscPort.multiString(list, list.length, StandardCharsets.UTF_8))
                .containsExactly("Lecteur \u00e9tendu");
    }

    @Test
    void aSingleNameAsSCardStatusReportsIt() {
        byte[] name = bytes("Virtual PCD 00 00\0");

        assertThat(NativePcscPort.multiString(name, name.length, StandardCharsets.UTF_8))
                .containsExactly("Virtual PCD 00 00");
    }
}

package org.cardmanage.plugin.iso7816.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;

import org.cardmanage.api.service.FileInfo;
import org.junit.jupiter.api.Test;

/** Decoding SELECT responses into FileInfo. */
class FcpTest {

    private static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replace(" ", ""));
    }

    @Test
    void decodesATransparentEf() {
        FileInfo info = Fcp.parse(hex("62 11 80 02 02 58 82 01 01 83 02 2F 01 88 01 10 8A 01 05"),
                FileInfo.Type.UNKNOWN, -1);

        assertThat(info.type()).isEqualTo(FileInfo.Type.TRANSPARENT);
        assertThat(info.size()).hasValue(600);
        assertThat(info.fileId()).hasValue(0x2F01);
        assertThat(info.shortFileId()).hasValue(2);
    }

    @Test
    void decodesALinearFixedEf() {
        FileInfo info = Fcp.parse(hex("62 0F 80 02 00 30 82 05 02 21 00 10 03 83 02 00 01"), FileInfo.Type.UNKNOWN,
                -1);

        assertThat(info.type()).isEqualTo(FileInfo.Type.RECORD);
        assertThat(info.recordLength()).hasValue(16);
        assertThat(info.recordCount()).hasValue(3);
    }

    @Test
    void decodesADfInAnFciWithALongFormLength() {
        FileInfo info = Fcp.parse(hex("6F 81 11 82 01 38 83 02 50 00 84 08 F0 43 4D 53 49 4D 00 01"),
                FileInfo.Type.UNKNOWN, -1);

        assertThat(info.type()).isEqualTo(FileInfo.Type.DF);
        assertThat(info.fileId()).hasValue(0x5000);
        assertThat(info.dfName()).hasValueSatisfying(n -> assertThat(n).containsExactly(hex("F0434D53494D0001")));
    }

    @Test
    void emptyResponseKeepsWhatTheCommandImplied() {
        FileInfo info = Fcp.parse(new byte[0], FileInfo.Type.DF, 0x3F00);

        assertThat(info.type()).isEqualTo(FileInfo.Type.DF);
        assertThat(info.fileId()).hasValue(0x3F00);
        assertThat(info.fcp()).isEmpty();
    }

    @Test
    void malformedTemplateIsKeptRawWithNothingDecoded() {
        byte[] truncated = hex("62 11 80 02 02");

        FileInfo info = Fcp.parse(truncated, FileInfo.Type.UNKNOWN, 0x2F01);

        assertThat(info.type()).isEqualTo(FileInfo.Type.UNKNOWN);
        assertThat(info.size()).isEmpty();
        assertThat(info.fileId()).hasValue(0x2F01);
        assertThat(info.fcp()).containsExactly(truncated);
    }
}

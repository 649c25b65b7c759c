package org.cardmanage.api.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FileInfoTest {

    @Test
    void unsetPartsAreUnknown() {
        FileInfo info = FileInfo.builder(FileInfo.Type.UNKNOWN).build();

        assertThat(info.fileId()).isEmpty();
        assertThat(info.size()).isEmpty();
        assertThat(info.dfName()).isEmpty();
        assertThat(info.shortFileId()).isEmpty();
        assertThat(info.recordLength()).isEmpty();
        assertThat(info.recordCount()).isEmpty();
        assertThat(info.fcp()).isEmpty();
    }

    @Test
    void keepsWhatWasSetAndCopiesArrays() {
        byte[] name = {(byte) 0xF0, 0x01};
        byte[] fcp = {0x62, 0x00};
        FileInfo info = FileInfo.builder(FileInfo.Type.DF).fileId(0x5000).dfName(name).fcp(fcp).build();
        name[0] = 0;
        fcp[0] = 0;

        assertThat(info.fileId()).hasValue(0x5000);
        assertThat(info.dfName()).hasValueSatisfying(n -> assertThat(n).containsExactly(0xF0, 0x01));
        info.dfName().get()[1] = 9;
        assertThat(info.dfName().get()).containsExactly(0xF0, 0x01);
        assertThat(info.fcp()).containsExactly(0x62, 0x00);
    }

    @Test
    void describesItselfBriefly() {
        FileInfo info = FileInfo.builder(FileInfo.Type.RECORD).fileId(1).size(48).records(16, 3).build();

        assertThat(info).hasToString("FileInfo[RECORD, id=0001, size=48, records=3, recordLength=16]");
        assertThat(info).isEqualTo(FileInfo.builder(FileInfo.Type.RECORD).fileId(1).size(48).records(16, 3).build());
    }

    @Test
    void rejectsValuesOutOfRange() {
        FileInfo.Builder builder = FileInfo.builder(FileInfo.Type.TRANSPARENT);

        assertThatThrownBy(() -> FileInfo.builder(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.fileId(0x10000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.size(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.dfName(new byte[17])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.shortFileId(31)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.records(-1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.fcp(null)).isInstanceOf(IllegalArgumentException.class);
    }
}

package org.cardmanage.plugin.iso7816.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.cardmanage.api.CardException;
import org.cardmanage.api.CommandApdu;
import org.cardmanage.api.service.CardFileNotFoundException;
import org.cardmanage.api.service.CardStatusException;
import org.cardmanage.api.service.FileInfo;
import org.cardmanage.api.service.SecurityStatusException;
import org.cardmanage.driver.sim.internal.card.CardProfile;
import org.cardmanage.driver.sim.internal.card.SimulatedCard;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The plugin's FileAccess against the simulated card, over T=1 ({@code demo}) and T=0 ({@code demo-t0}). */
class IsoFileAccessTest {
    private static final int BIG = 0x2F01;

    private SimCardAttachment attachment;
    private IsoFileAccess files;

    private void insert(CardProfile profile) {
        attachment = SimCardAttachment.of(profile);
        files = new IsoFileAccess(attachment);
    }

    private static byte[] bigContent(int from, int to) {
        byte[] expected = new byte[to - from];
        for (int i = from; i < to; i++) {
            expected[i - from] = (byte) i;
        }
        return expected;
    }

    @ParameterizedTest
    @EnumSource(CardProfile.class)
    void selectReportsTheFilesControlParameters(CardProfile profile) throws CardException {
        insert(profile);

        FileInfo info = files.select(BIG);

        assertThat(info.type()).isEqualTo(FileInfo.Type.TRANSPARENT);
        assertThat(info.fileId()).hasValue(BIG);
        assertThat(info.size()).hasValue(600);
        assertThat(info.shortFileId()).hasValue(2);
        assertThat(info.fcp()).startsWith(0x62);
    }

    @ParameterizedTest
    @EnumSource(CardProfile.class)
    void readsAFileLargerThanOneApduInParts(CardProfile profile) throws CardException {
        insert(profile);
        files.select(BIG);

        byte[] content = files.readBinary();

        assertThat(content).containsExactly(bigContent(0, 600));
        assertThat(attachment.sentWithIns(0xB0)).isEqualTo(3);
    }

    @ParameterizedTest
    @EnumSource(CardProfile.class)
    void readsARangeAcrossApdus(CardProfile profile) throws CardException {
        insert(profile);
        files.select(BIG);

        assertThat(files.readBinary(200, 300)).containsExactly(bigContent(200, 500));
    }

    @ParameterizedTest
    @EnumSource(CardProfile.class)
    void readingPastTheEndReturnsWhatTheFileHas(CardProfile profile) throws CardException {
        insert(profile);
        files.select(BIG);

        assertThat(files.readBinary(550, 100)).containsExactly(bigContent(550, 600));
    }

    @ParameterizedTest
    @EnumSource(CardProfile.class)
    void readsToTheEndWhenTheViewDoesNotKnowTheSize(CardProfile profile) throws CardException {
        insert(profile);
        attachment.transmit(CommandApdu.parseHex("00 A4 00 0C 02 2F 01"));

        assertThat(files.readBinary()).containsExactly(bigContent(0, 600));
    }

    @ParameterizedTest
    @EnumSource(CardProfile.class)
    void readingAtTheEndIsAStatusException(CardProfile profile) throws CardException {
        insert(profile);
        files.select(BIG);

        assertThatThrownBy(() -> files.readBinary(600, 1)).isInstanceOf(CardStatusException.class)
                .hasMessageContaining(SimCardAttachment.READER)
                .satisfies(e -> assertThat(((CardStatusException) e).sw()).isEqualTo(0x6B00));
    }

    @ParameterizedTest
    @EnumSource(CardProfile.class)
    void missingFileIsFileNotFound(CardProfile profile) {
        insert(profile);

        assertThatThrownBy(() -> files.select(0x2F05)).isInstanceOf(CardFileNotFoundException.class)
                .hasMessageContaining("SELECT 2F05")
                .hasMessageContaining(SimCardAttachment.READER)
                .hasMessageContaining("6A82");
    }

    @ParameterizedTest
    @EnumSource(CardProfile.class)
    void selectsByPathFromTheMf(CardProfile profile) throws CardException {
        insert(profile);

        FileInfo info = files.selectPath(0x3F00, 0x5000, 0x5002);

        assertThat(info.size()).hasValue(32);
        assertThat(new String(files.readBinary(), StandardCharsets.US_ASCII)).startsWith("cardmanage public data");
    }

    @ParameterizedTest
    @EnumSource(CardProfile.class)
    void selectsTheApplicationByAid(CardProfile profile) throws CardException {
        insert(profile);

        FileInfo info = files.selectAid(SimulatedCard.demoAid());

        assertThat(info.type()).isEqualTo(FileInfo.Type.DF);
        assertThat(info.fileId()).hasValue(0x5000);
        assertThat(info.dfName()).hasValueSatisfying(name -> assertThat(name).containsExactly(SimulatedCard.demoAid()));
    }

    @ParameterizedTest
    @EnumSource(CardProfile.class)
    void readingAPinProtectedFileWithoutThePinIsASecurityStatusException(CardProfile profile)
            throws CardException {
        insert(profile);
        files.selectPath(0x5000, 0x5001);

        assertThatThrownBy(files::readBinary).isInstanceOf(SecurityStatusException.class)
                .satisfies(e -> assertThat(((SecurityStatusException) e).sw()).isEqualTo(0x6982));
    }

    @ParameterizedTest
    @EnumSource(CardProfile.class)
    void updatesAcrossApdusAndReadsBack(CardProfile profile) throws CardException {
        insert(profile);
        files.select(BIG);
        byte[] data = new byte[300];
        Arrays.fill(data, (byte) 0x5A);

        files.updateBinary(10, data);

        assertThat(files.readBinary(10, 300)).containsExactly(data);
        assertThat(files.readBinary(0, 10)).containsExactly(bigContent(0, 10));
        assertThat(attachment.sentWithIns(0xD6)).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(CardProfile.class)
    void readsRecords(CardProfile profile) throws CardException {
        insert(profile);

        FileInfo info = files.select(0x0001);

        assertThat(info.type()).isEqualTo(FileInfo.Type.RECORD);
        assertThat(info.recordLength()).hasValue(16);
        assertThat(info.recordCount()).hasValue(3);
        byte[] second = new byte[16];
        Arrays.fill(second, (byte) 2);
        assertThat(files.readRecord(2)).containsExactly(second);
        assertThat(files.readRecords()).hasSize(3);
    }

    @ParameterizedTest
    @EnumSource(CardProfile.class)
    void recordPastTheLastIsAStatusException(CardProfile profile) throws CardException {
        insert(profile);
        files.select(0x0001);

        assertThatThrownBy(() -> files.readRecord(4)).isInstanceOf(CardStatusException.class)
                .satisfies(e -> assertThat(((CardStatusException) e).sw()).isEqualTo(0x6A83));
    }

    @ParameterizedTest
    @EnumSource(CardProfile.class)
    void malformedArgumentsAreIllegalArguments(CardProfile profile) {
        insert(profile);

        assertThatThrownBy(() -> files.select(0x10000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> files.selectPath()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> files.selectAid(new byte[17])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> files.readBinary(-1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> files.readBinary(0x8000, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> files.updateBinary(0, new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> files.readRecord(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(attachment.sent()).isEmpty();
    }
}

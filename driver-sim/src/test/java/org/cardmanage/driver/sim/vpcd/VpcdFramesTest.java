package org.cardmanage.driver.sim.vpcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class VpcdFramesTest {
    private static final Runnable NOTHING = () -> { };

    private static InputStream bytes(int... values) {
        byte[] data = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            data[i] = (byte) values[i];
        }
        return new ByteArrayInputStream(data);
    }

    @Test
    void aFrameIsABigEndianLengthAndThePayload() throws Exception {
        InputStream in = bytes(0x00, 0x04, 0x00, 0xA4, 0x04, 0x00, 0x00, 0x01, 0x04);
        assertThat(VpcdFrames.read(in, NOTHING)).containsExactly(0x00, 0xA4, 0x04, 0x00);
        assertThat(VpcdFrames.read(in, NOTHING)).containsExactly(0x04);
        assertThat(VpcdFrames.read(in, NOTHING)).as("clean end between frames").isNull();
    }

    @Test
    void aLengthAboveTwoHundredFiftyFiveUsesTheHighByte() throws Exception {
        byte[] frame = new byte[2 + 0x0102];
        frame[0] = 0x01;
        frame[1] = 0x02;
        assertThat(VpcdFrames.read(new ByteArrayInputStream(frame), NOTHING)).hasSize(0x0102);
    }

    @Test
    void aZeroLengthFrameHasAnEmptyPayload() throws Exception {
        assertThat(VpcdFrames.read(bytes(0x00, 0x00), NOTHING)).isEmpty();
    }

    @Test
    void aTruncatedLengthIsAnError() {
        assertThatThrownBy(() -> VpcdFrames.read(bytes(0x00), NOTHING)).isInstanceOf(EOFException.class)
                .hasMessageContaining("length");
    }

    @Test
    void aTruncatedPayloadIsAnError() {
        assertThatThrownBy(() -> VpcdFrames.read(bytes(0x00, 0x05, 0x00, 0xA4), NOTHING))
                .isInstanceOf(EOFException.class).hasMessageContaining("announced 5").hasMessageContaining("after 2");
    }

    @Test
    void theHookRunsBeforeEveryRead() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        VpcdFrames.read(bytes(0x00, 0x01, 0x04), reads::incrementAndGet);
        assertThat(reads.get()).as("length high, length low, payload").isEqualTo(3);
    }

    @Test
    void writeSendsLengthAndPayloadTogether() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        VpcdFrames.write(out, new byte[] {(byte) 0x90, 0x00});
        assertThat(out.toByteArray()).containsExactly(0x00, 0x02, 0x90, 0x00);
    }

    @Test
    void aPayloadTooLongForTwoLengthBytesIsRefused() {
        assertThatThrownBy(() -> VpcdFrames.write(new ByteArrayOutputStream(), new byte[0x10000]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

package org.cardmanage.driver.sim.vpcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import org.cardmanage.driver.sim.internal.card.CardProfile;
import org.cardmanage.driver.sim.internal.card.SimulatedCard;

/**
 * Property-based tests of the vpcd framing and the card behind it: frames of any size survive a round trip, any
 * truncated stream is an {@link EOFException} that says where it was cut, a length that announces more than the
 * stream holds is reported with both numbers, and no payload from vpcd, however malformed, makes the card's handler
 * throw or answer more than a frame can carry.
 */
class VpcdFramesPropertyTest {
    private static final Runnable NOTHING = () -> { };

    @Property(tries = 1_000)
    void framesSurviveARoundTripInOrder(@ForAll @Size(max = 8) List<@Size(max = 3_000) byte[]> payloads)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] payload : payloads) {
            VpcdFrames.write(out, payload);
        }
        InputStream in = new ByteArrayInputStream(out.toByteArray());

        for (byte[] payload : payloads) {
            assertThat(VpcdFrames.read(in, NOTHING)).isEqualTo(payload);
        }
        assertThat(VpcdFrames.read(in, NOTHING)).as("a clean end after the last frame").isNull();
    }

    @Property(tries = 2_000)
    void aStreamCutInsideAFrameIsAnEofSayingWhere(@ForAll @Size(min = 1, max = 600) byte[] payload,
            @ForAll @IntRange(min = 1, max = 601) int keep) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            VpcdFrames.write(out, payload);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        byte[] frame = out.toByteArray();
        int cut = Math.min(keep, frame.length - 1);
        InputStream in = new ByteArrayInputStream(java.util.Arrays.copyOf(frame, cut));

        assertThatThrownBy(() -> VpcdFrames.read(in, NOTHING)).isInstanceOf(EOFException.class)
                .hasMessageContaining("truncated")
                .hasMessageContaining(cut == 1 ? "length" : "after " + (cut - 2));
    }

    @Property(tries = 2_000)
    void aLengthAnnouncingMoreThanTheStreamHoldsNamesBoth(@ForAll @IntRange(min = 1, max = 0xFFFF) int announced,
            @ForAll @Size(max = 200) byte[] body) {
        if (body.length >= announced) {
            return;
        }
        byte[] stream = new byte[2 + body.length];
        stream[0] = (byte) (announced >> 8);
        stream[1] = (byte) announced;
        System.arraycopy(body, 0, stream, 2, body.length);

        assertThatThrownBy(() -> VpcdFrames.read(new ByteArrayInputStream(stream), NOTHING))
                .isInstanceOf(EOFException.class).hasMessageContaining("announced " + announced)
                .hasMessageContaining("after " + body.length);
    }

    @Property(tries = 20_000)
    void noPayloadFromVpcdMakesTheCardThrowOrOverflowAFrame(@ForAll @Size(max = 400) byte[] payload)
            throws InterruptedException {
        VpcdCardHandler handler = new VpcdCardHandler(SimulatedCard.create(CardProfile.DEMO));

        byte[] reply = handler.handle(payload);

        if (payload.length == 0) {
            assertThat(reply).as("an empty frame gets no answer").isNull();
        } else if (payload.length == 1) {
            assertThat(reply == null || (payload[0] == VpcdFrames.GET_ATR && reply.length >= 2)).isTrue();
        } else {
            assertThat(reply).isNotNull().hasSizeBetween(2, VpcdFrames.MAX_PAYLOAD);
        }
    }
}

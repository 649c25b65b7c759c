package org.cardmanage.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.Arrays;
import java.util.List;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Property-based tests of {@link ResponseApdu}: data and status word split exactly; short input says so. */
class ResponseApduPropertyTest {

    @Property(tries = 10_000)
    void anyTwoOrMoreBytesSplitIntoDataAndStatusWord(@ForAll @Size(min = 2, max = 300) byte[] bytes) {
        assertSplits(bytes);
    }

    @Property(tries = 200)
    void extendedResponsesUpToSeventyThousandBytesSplitToo(@ForAll @Size(min = 256, max = 70_000) byte[] bytes) {
        assertSplits(bytes);
    }

    private static void assertSplits(byte[] bytes) {
        ResponseApdu response = new ResponseApdu(bytes);

        assertThat(response.data()).isEqualTo(Arrays.copyOf(bytes, bytes.length - 2));
        assertThat(response.sw()).isEqualTo(((bytes[bytes.length - 2] & 0xFF) << 8) | (bytes[bytes.length - 1] & 0xFF));
        assertThat(response.sw1() << 8 | response.sw2()).isEqualTo(response.sw());
        assertThat(response.statusMeaning()).isNotBlank();
        assertThat(ResponseApdu.of(response.data(), response.sw())).isEqualTo(response);
    }

    @Property(tries = 100)
    void fewerThanTwoBytesAreRejectedAsTruncated(@ForAll @Size(max = 1) byte[] bytes) {
        Rejections.assertSaysWhatWasWrong(catchThrowable(() -> new ResponseApdu(bytes)), List.of("truncated"));
    }

    @Property(tries = 2_000)
    void statusWordsOutOfRangeAreRejected(@ForAll @IntRange(min = 0x10000) int sw, @ForAll boolean negative) {
        int bad = negative ? -sw : sw;

        Rejections.assertSaysWhatWasWrong(catchThrowable(() -> ResponseApdu.of(new byte[0], bad)),
                List.of("status word", "SW", "sw"));
    }

    @Property(tries = 5_000)
    void everyStatusWordHasAMeaning(@ForAll @IntRange(max = 0xFFFF) int sw) {
        assertThat(ResponseApdu.statusMeaning(sw)).isNotBlank();
    }

    @Property(tries = 5_000)
    void hexOfAnyResponseParsesBack(@ForAll @Size(min = 2, max = 300) byte[] bytes) {
        ResponseApdu response = new ResponseApdu(bytes);

        assertThat(ResponseApdu.parseHex(response.toString().replaceAll("[^0-9A-Fa-f ]", ""))).isEqualTo(response);
    }
}

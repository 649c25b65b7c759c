package org.cardmanage.remote.internal.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.cardmanage.remote.internal.errors.PeerText;
import org.cardmanage.remote.internal.wire.Reader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.google.protobuf.ByteString;

/** What a farm says about a reader is checked before it becomes service properties. */
class ReaderCheckTest {

    private static Reader named(String name) {
        return Reader.newBuilder().setName(name).setDriver("sim").build();
    }

    private static Reader withAtr(int length) {
        byte[] atr = new byte[length];
        if (length > 0) {
            atr[0] = 0x3B;
        }
        return Reader.newBuilder().setName("R").setCardPresent(true).setAtr(ByteString.copyFrom(atr)).build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"R", "Sim Reader 0", "Lecteur \u00e9", "key \uD83D\uDD11"})
    void aPrintableNameIsAccepted(String name) {
        assertThat(ReaderCheck.problem(named(name))).isNull();
    }

    @Test
    void aNameOf128CharactersIsAcceptedAnd129Refused() {
        assertThat(ReaderCheck.problem(named("x".repeat(128)))).isNull();
        assertThat(ReaderCheck.problem(named("x".repeat(129)))).contains("129 characters");
    }

    @Test
    void anEmptyNameIsRefused() {
        assertThat(ReaderCheck.problem(named(""))).contains("0 characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tab\there", "new\nline", "nul\u0000", "del\u007f", "c1\u0085"})
    void aControlCharacterIsRefused(String name) {
        assertThat(ReaderCheck.problem(named(name))).contains("control character");
    }

    @ParameterizedTest
    @ValueSource(strings = {"high \uD800 alone", "low \uDC00 alone", "ends high \uD83D", "\uDD11 starts low"})
    void aLoneSurrogateIsRefused(String name) {
        assertThat(ReaderCheck.problem(named(name))).contains("lone surrogate");
    }

    @Test
    void aRogueDriverNameIsRefused() {
        assertThat(ReaderCheck.problem(Reader.newBuilder().setName("R").setDriver("d\u001b[31m").build()))
                .contains("driver name");
        assertThat(ReaderCheck.problem(Reader.newBuilder().setName("R").setDriver("d".repeat(65)).build()))
                .contains("driver name");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2, 33})
    void anAtrOfNoneOr2To33BytesIsAccepted(int length) {
        assertThat(ReaderCheck.problem(withAtr(length))).isNull();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 34, 1000})
    void anAtrOfAnyOtherLengthIsRefused(int length) {
        assertThat(ReaderCheck.problem(withAtr(length))).contains("ATR has " + length + " bytes");
    }

    @Test
    void printableReplacesControlsAndLoneSurrogatesAndShortens() {
        assertThat(PeerText.printable("a\u0007b\uD800c", 64)).isEqualTo("a?b?c");
        assertThat(PeerText.printable("key \uD83D\uDD11", 64)).isEqualTo("key \uD83D\uDD11");
        assertThat(PeerText.printable("x".repeat(100), 10)).isEqualTo("x".repeat(10) + "…");
    }
}

package org.cardmanage.core.internal.attachment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import org.cardmanage.api.CardException;
import org.cardmanage.api.CardIOException;
import org.cardmanage.api.CommandApdu;
import org.cardmanage.api.ResponseApdu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResponseChainerTest {
    private static final CommandApdu SELECT = CommandApdu.parseHex("00 A4 04 00 02 A0 00");

    /** Answers with scripted responses in order and records the commands it was sent. */
    private static final class ScriptedCard implements ResponseChainer.Exchange {
        final List<CommandApdu> sent = new ArrayList<>();
        private final Deque<ResponseApdu> answers = new ArrayDeque<>();

        ScriptedCard(String... responses) {
            for (String response : responses) {
                answers.add(ResponseApdu.parseHex(response));
            }
        }

        @Override
        public ResponseApdu transmit(CommandApdu command) {
            sent.add(command);
            if (answers.isEmpty()) {
                throw new AssertionError("unexpected command " + command);
            }
            return answers.poll();
        }
    }

    private static ResponseApdu complete(CommandApdu command, String first, ScriptedCard card) throws CardException {
        return ResponseChainer.complete("Reader A", command, ResponseApdu.parseHex(first), card);
    }

    @Test
    void moreDataIsFetchedWithGetResponseOfTheAnnouncedLength() throws CardException {
        ScriptedCard card = new ScriptedCard("03 04 05 90 00");

        ResponseApdu response = complete(SELECT, "01 02 61 03", card);

        assertThat(response).isEqualTo(ResponseApdu.parseHex("01 02 03 04 05 90 00"));
        assertThat(card.sent).containsExactly(CommandApdu.parseHex("00 C0 00 00 03"));
    }

    @Test
    void severalGetResponsesAccumulateTheData() throws CardException {
        ScriptedCard card = new ScriptedCard("02 61 01", "03 61 02", "04 05 90 00");

        ResponseApdu response = complete(SELECT, "01 61 01", card);

        assertThat(response.data()).containsExactly(1, 2, 3, 4, 5);
        assertThat(response.sw()).isEqualTo(0x9000);
        assertThat(card.sent).containsExactly(CommandApdu.parseHex("00 C0 00 00 01"),
                CommandApdu.parseHex("00 C0 00 00 01"), CommandApdu.parseHex("00 C0 00 00 02"));
    }

    @Test
    void sw2ZeroAsksFor256Bytes() throws CardException {
        ScriptedCard card = new ScriptedCard("90 00");

        complete(SELECT, "61 00", card);

        assertThat(card.sent).singleElement().satisfies(getResponse -> assertThat(getResponse.ne()).isEqualTo(256));
    }

    @Test
    void finalStatusWordIsTheLastAnswers() throws CardException {
        ScriptedCard card = new ScriptedCard("AA 62 83");

        ResponseApdu response = complete(SELECT, "61 01", card);

        assertThat(response).isEqualTo(ResponseApdu.parseHex("AA 62 83"));
    }

    @Test
    void wrongLengthIsResentWithTheLeTheCardAskedFor() throws CardException {
        CommandApdu read = CommandApdu.parseHex("00 B0 00 00 10");
        ScriptedCard card = new ScriptedCard("AA BB CC DD 90 00");

        ResponseApdu response = complete(read, "6C 04", card);

        assertThat(response).isEqualTo(ResponseApdu.parseHex("AA BB CC DD 90 00"));
        assertThat(card.sent).containsExactly(CommandApdu.parseHex("00 B0 00 00 04"));
    }

    @Test
    void wrongLengthOnACommandWithoutLeAddsOne() throws CardException {
        CommandApdu getData = CommandApdu.parseHex("00 CA 00 6E");
        ScriptedCard card = new ScriptedCard("01 90 00");

        complete(getData, "6C 01", card);

        assertThat(card.sent).containsExactly(CommandApdu.parseHex("00 CA 00 6E 01"));
    }

    @Test
    void resentCommandAnswering61xxIsCompletedToo() throws CardException {
        CommandApdu read = CommandApdu.parseHex("00 B0 00 00 10");
        ScriptedCard card = new ScriptedCard("01 61 01", "02 90 00");

        ResponseApdu response = complete(read, "6C 04", card);

        assertThat(response).isEqualTo(ResponseApdu.parseHex("01 02 90 00"));
        assertThat(card.sent).containsExactly(CommandApdu.parseHex("00 B0 00 00 04"),
                CommandApdu.parseHex("00 C0 00 00 01"));
    }

    @Test
    void getResponseAnsweredWithWrongLengthIsRepeatedWithThatLe() throws CardException {
        ScriptedCard card = new ScriptedCard("6C 02", "02 03 90 00");

        ResponseApdu response = complete(SELECT, "01 61 05", card);

        assertThat(response).isEqualTo(ResponseApdu.parseHex("01 02 03 90 00"));
        assertThat(card.sent).containsExactly(CommandApdu.parseHex("00 C0 00 00 05"),
                CommandApdu.parseHex("00 C0 00 00 02"));
    }

    @Test
    void getResponseGoesOnTheCommandsLogicalChannel() throws CardException {
        ScriptedCard card = new ScriptedCard("90 00");

        complete(CommandApdu.parseHex("02 A4 04 00 02 A0 00"), "61 01", card);

        assertThat(card.sent).containsExactly(CommandApdu.parseHex("02 C0 00 00 01"));
    }

    @ParameterizedTest(name = "CLA {0} -> GET RESPONSE CLA {1}")
    @CsvSource({
        "00, 00", "03, 03", "0C, 00", "10, 00", "1F, 03", // first interindustry: channel bits only
        "40, 40", "4F, 4F", "60, 40", "55, 45", // further interindustry: no SM, no chaining
        "80, 80", "A4, A4", "FE, FE" // proprietary: unchanged
    })
    void getResponseClassDropsChainingAndSecureMessaging(String commandClass, String getResponseClass) {
        assertThat(ResponseChainer.getResponseClass(Integer.parseInt(commandClass, 16)))
                .isEqualTo(Integer.parseInt(getResponseClass, 16));
    }

    @Test
    void cardThatChainsForeverIsCardIOException() {
        ResponseChainer.Exchange endless = command -> ResponseApdu.parseHex("00".repeat(256) + "61 00");

        assertThatThrownBy(() -> ResponseChainer.complete("Reader A", SELECT, ResponseApdu.parseHex("61 00"), endless))
                .isInstanceOf(CardIOException.class)
                .hasMessageContaining("Reader A");
    }

    @Test
    void failingFollowUpExchangeReachesTheCaller() {
        CardIOException failure = new CardIOException("card gone quiet");
        ResponseChainer.Exchange failing = command -> {
            throw failure;
        };

        assertThatThrownBy(() -> ResponseChainer.complete("Reader A", SELECT, ResponseApdu.parseHex("61 01"), failing))
                .isSameAs(failure);
    }
}

package org.cardmanage.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

/** What every rejection of bad input must be: an IllegalArgumentException whose message names what was wrong. */
final class Rejections {

    private Rejections() {
    }

    /**
     * Fails unless the exception is an IllegalArgumentException with a message that names at least one of the
     * words (the field or part of the input that was wrong).
     */
    static void assertSaysWhatWasWrong(Throwable thrown, List<String> vocabulary) {
        assertThat(thrown).isExactlyInstanceOf(IllegalArgumentException.class);
        String message = thrown.getMessage();
        assertThat(message).as("rejection message").isNotBlank();
        assertThat(vocabulary).as("the message '%s' names what was wrong", message)
                .anyMatch(message::contains);
    }
}

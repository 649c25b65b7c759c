package org.cardmanage.plugin.iso7816.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.cardmanage.api.CardException;
import org.cardmanage.api.NotSupportedException;
import org.cardmanage.driver.sim.internal.card.CardProfile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The plugin's CardAuthentication against the simulated card, which knows GET CHALLENGE but no AUTHENTICATE. */
class IsoCardAuthenticationTest {

    @ParameterizedTest
    @EnumSource(CardProfile.class)
    void challengesHaveTheLengthAskedForAndDiffer(CardProfile profile) throws CardException {
        IsoCardAuthentication auth = new IsoCardAuthentication(SimCardAttachment.of(profile));

        byte[] first = auth.getChallenge(8);
        byte[] second = auth.getChallenge(8);

        assertThat(first).hasSize(8);
        assertThat(second).hasSize(8).isNotEqualTo(first);
        assertThat(auth.getChallenge(256)).hasSize(256);
    }

    @ParameterizedTest
    @EnumSource(CardProfile.class)
    void authenticateCommandsTheCardDoesNotKnowAreNotSupported(CardProfile profile) {
        IsoCardAuthentication auth = new IsoCardAuthentication(SimCardAttachment.of(profile));

        assertThatThrownBy(() -> auth.internalAuthenticate(0, 1, new byte[8]))
                .isInstanceOf(NotSupportedException.class).hasMessageContaining("INTERNAL AUTHENTICATE")
                .hasMessageContaining("6D00");
        assertThatThrownBy(() -> auth.externalAuthenticate(0, 1, new byte[8]))
                .isInstanceOf(NotSupportedException.class).hasMessageContaining("EXTERNAL AUTHENTICATE");
    }

    @ParameterizedTest
    @EnumSource(CardProfile.class)
    void badLengthsAreIllegalArguments(CardProfile profile) {
        IsoCardAuthentication auth = new IsoCardAuthentication(SimCardAttachment.of(profile));

        assertThatThrownBy(() -> auth.getChallenge(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> auth.getChallenge(257)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> auth.externalAuthenticate(0, 1, null)).isInstanceOf(IllegalArgumentException.class);
    }
}

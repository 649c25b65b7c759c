package org.cardmanage.plugin.iso7816.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.cardmanage.api.CardException;
import org.cardmanage.api.ScardError;
import org.cardmanage.api.service.CardStatusException;
import org.cardmanage.api.service.PinBlockedException;
import org.cardmanage.api.service.PinStatus;
import org.cardmanage.api.service.SecurityStatusException;
import org.cardmanage.api.service.WrongPinException;
import org.cardmanage.driver.sim.internal.card.CardProfile;
import org.junit.jupiter.api.Test;

/** The plugin's PinVerification against the simulated card: PIN reference 81 is "1234" with 3 tries, PUK "12345678". */
class IsoPinVerificationTest {
    private static final int PIN = 0x81;
    private static final char[] RIGHT = "1234".toCharArray();
    private static final char[] WRONG = "9999".toCharArray();
    private static final char[] PUK = "12345678".toCharArray();

    private final SimCardAttachment attachment = SimCardAttachment.of(CardProfile.DEMO);
    private final IsoPinVerification pins = new IsoPinVerification(attachment);
    private final IsoFileAccess files = new IsoFileAccess(attachment);

    private void readSecretFile() throws CardException {
        files.selectPath(0x5000, 0x5001);
        files.readBinary();
    }

    @Test
    void freshCardIsNotVerifiedWithThreeTries() throws CardException {
        assertThat(pins.status(PIN)).isEqualTo(PinStatus.notVerified(3));
    }

    @Test
    void rightPinOpensTheProtectedFile() throws CardException {
        assertThatThrownBy(this::readSecretFile).isInstanceOf(SecurityStatusException.class);

        pins.verify(PIN, RIGHT);

        readSecretFile();
        assertThat(pins.status(PIN)).isEqualTo(PinStatus.verified());
    }

    @Test
    void wrongPinSaysHowManyTriesAreLeftWithoutShowingThePin() {
        WrongPinException first = catchThrowableOfType(WrongPinException.class, () -> pins.verify(PIN, WRONG));
        WrongPinException second = catchThrowableOfType(WrongPinException.class, () -> pins.verify(PIN, WRONG));

        assertThat(first.retriesLeft()).isEqualTo(2);
        assertThat(second.retriesLeft()).isEqualTo(1);
        assertThat(second.sw()).isEqualTo(0x63C1);
        assertThat(second.error()).isEqualTo(ScardError.SCARD_W_WRONG_CHV);
        assertThat(second).hasMessageContaining("reference 81").hasMessageContaining(SimCardAttachment.READER)
                .hasMessageNotContaining("9999").hasMessageNotContaining("39393939");
    }

    @Test
    void thirdWrongPinBlocksAndThenEvenTheRightOneIsRefused() throws CardException {
        catchThrowableOfType(WrongPinException.class, () -> pins.verify(PIN, WRONG));
        catchThrowableOfType(WrongPinException.class, () -> pins.verify(PIN, WRONG));

        WrongPinException last = catchThrowableOfType(WrongPinException.class, () -> pins.verify(PIN, WRONG));

        assertThat(last.retriesLeft()).isZero();
        assertThat(last).hasMessageContaining("blocked");
        assertThatThrownBy(() -> pins.verify(PIN, RIGHT)).isInstanceOf(PinBlockedException.class)
                .hasMessageContaining("PUK");
        assertThat(pins.status(PIN)).isEqualTo(PinStatus.blocked());
    }

    @Test
    void pukUnblocksTheBlockedPinKeepingItsValue() throws CardException {
        block();

        pins.unblock(PIN, PUK, null);

        assertThat(pins.status(PIN)).isEqualTo(PinStatus.notVerified(3));
        pins.verify(PIN, RIGHT);
    }

    @Test
    void pukUnblocksTheBlockedPinWithANewOne() throws CardException {
        block();

        pins.unblock(PIN, PUK, "4321".toCharArray());

        assertThatThrownBy(() -> pins.verify(PIN, RIGHT)).isInstanceOf(WrongPinException.class);
        pins.verify(PIN, "4321".toCharArray());
    }

    @Test
    void wrongPukSaysHowManyPukTriesAreLeft() {
        WrongPinException thrown =
                catchThrowableOfType(WrongPinException.class, () -> pins.unblock(PIN, "00000000".toCharArray(), null));

        assertThat(thrown.retriesLeft()).isEqualTo(9);
        assertThat(thrown).hasMessageContaining("wrong PUK").hasMessageNotContaining("00000000");
    }

    @Test
    void changedPinReplacesTheOldOne() throws CardException {
        pins.change(PIN, RIGHT, "5678".toCharArray());

        pins.verify(PIN, "5678".toCharArray());
        assertThatThrownBy(() -> pins.verify(PIN, RIGHT)).isInstanceOf(WrongPinException.class);
    }

    @Test
    void changeWithAWrongOldPinCostsATry() {
        WrongPinException thrown =
                catchThrowableOfType(WrongPinException.class, () -> pins.change(PIN, WRONG, "5678".toCharArray()));

        assertThat(thrown.retriesLeft()).isEqualTo(2);
    }

    @Test
    void newPinInAFormatTheCardRefusesIsAStatusException() {
        assertThatThrownBy(() -> pins.change(PIN, RIGHT, "12".toCharArray())).isInstanceOf(CardStatusException.class)
                .hasMessageContaining("format")
                .satisfies(e -> assertThat(((CardStatusException) e).sw()).isEqualTo(0x6A80));
    }

    @Test
    void resettingTheSecurityStatusTakesTheVerificationBack() throws CardException {
        pins.verify(PIN, RIGHT);

        pins.resetSecurityStatus(PIN);

        assertThat(pins.status(PIN)).isEqualTo(PinStatus.notVerified(3));
        assertThatThrownBy(this::readSecretFile).isInstanceOf(SecurityStatusException.class);
    }

    @Test
    void unknownReferenceIsAStatusException() {
        assertThatThrownBy(() -> pins.verify(0x82, RIGHT)).isInstanceOf(CardStatusException.class)
                .hasMessageContaining("reference 82")
                .satisfies(e -> assertThat(((CardStatusException) e).sw()).isEqualTo(0x6A88));
    }

    @Test
    void pinsThatCannotBeEncodedAreIllegalArgumentsWithoutTheValue() {
        assertThatThrownBy(() -> pins.verify(PIN, "123456789".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("123456789");
        assertThatThrownBy(() -> pins.verify(PIN, "12\u00e94".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not printable ASCII");
        assertThatThrownBy(() -> pins.verify(PIN, new char[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> pins.verify(PIN, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> pins.verify(0x100, RIGHT)).isInstanceOf(IllegalArgumentException.class);
        assertThat(attachment.sent()).isEmpty();
    }

    @Test
    void worksOverT0Too() throws CardException {
        SimCardAttachment t0 = SimCardAttachment.of(CardProfile.DEMO_T0);
        IsoPinVerification overT0 = new IsoPinVerification(t0);

        catchThrowableOfType(WrongPinException.class, () -> overT0.verify(PIN, WRONG));
        overT0.verify(PIN, RIGHT);

        assertThat(overT0.status(PIN)).isEqualTo(PinStatus.verified());
    }

    private void block() {
        for (int i = 0; i < 3; i++) {
            catchThrowableOfType(WrongPinException.class, () -> pins.verify(PIN, WRONG));
        }
    }
}

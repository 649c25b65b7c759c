package org.cardmanage.api.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.cardmanage.api.ScardError;
import org.junit.jupiter.api.Test;

class CardStatusExceptionTest {

    @Test
    void messageCarriesTheStatusWordAndItsMeaning() {
        CardStatusException e = new CardStatusException("READ RECORD 4 in reader 'R' was refused", 0x6A83);

        assertThat(e.sw()).isEqualTo(0x6A83);
        assertThat(e.error()).isEqualTo(ScardError.SCARD_E_UNEXPECTED);
        assertThat(e).hasMessageStartingWith("READ RECORD 4 in reader 'R' was refused (SW 6A83: ")
                .hasMessageContaining("record not found");
    }

    @Test
    void wrongPinCarriesTheTriesLeftAndTheWrongChvCode() {
        WrongPinException e = new WrongPinException("wrong PIN for reference 81 in reader 'R'", 0x63C2, 2);

        assertThat(e.retriesLeft()).isEqualTo(2);
        assertThat(e.error()).isEqualTo(ScardError.SCARD_W_WRONG_CHV);
        assertThat(e).isInstanceOf(CardStatusException.class).hasMessageContaining("63C2");
    }

    @Test
    void eachRefusalHasItsCode() {
        assertThat(new PinBlockedException("m", 0x6983).error()).isEqualTo(ScardError.SCARD_W_CHV_BLOCKED);
        assertThat(new SecurityStatusException("m", 0x6982).error())
                .isEqualTo(ScardError.SCARD_W_CARD_NOT_AUTHENTICATED);
        assertThat(new CardFileNotFoundException("m", 0x6A82).sw()).isEqualTo(0x6A82);
        assertThat(new CardFileNotFoundException("m", 0x6A82).error()).isEqualTo(ScardError.SCARD_E_FILE_NOT_FOUND);
        assertThat(new CardServiceUnavailableException("m").error()).isEqualTo(ScardError.SCARD_E_SERVICE_STOPPED);
    }

    @Test
    void outOfRangeStatusWordStillMakesAMessage() {
        assertThat(new CardStatusException("m", 0x1FFFF)).hasMessageContaining("unknown status");
    }
}

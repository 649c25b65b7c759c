package org.example.democard.internal;

import org.cardmanage.api.CardException;
import org.cardmanage.api.NotSupportedException;
import org.cardmanage.api.ResponseApdu;
import org.cardmanage.api.service.CardFileNotFoundException;
import org.cardmanage.api.service.CardStatusException;
import org.cardmanage.api.service.PinBlockedException;
import org.cardmanage.api.service.SecurityStatusException;
import org.cardmanage.api.service.WrongPinException;

/**
 * Turns the demo card's status words into the API's exceptions, in one place. The platform already answered
 * {@code 61xx} and {@code 6Cxx}, so they never arrive here.
 */
final class Responses {

    private Responses() {
    }

    /**
     * @return the response if the card did what was asked ({@code 9000} or a {@code 62xx} warning)
     * @throws CardException describing the refusal; {@code what} and the reader make its message, never data
     */
    static ResponseApdu check(ResponseApdu response, String what, String reader) throws CardException {
        int sw = response.sw();
        if (sw == 0x9000 || response.sw1() == 0x62) {
            return response;
        }
        String where = what + " on the demo card in reader '" + reader + "'";
        if ((sw & 0xFFF0) == 0x63C0) {
            int left = sw & 0x0F;
            throw new WrongPinException("wrong PIN for " + where + ": " + left + " tries left", sw, left);
        }
        throw switch (sw) {
            case 0x6A82 -> new CardFileNotFoundException(where + ": no such file", sw);
            case 0x6982 -> new SecurityStatusException(where + ": verify the PIN first", sw);
            case 0x6983 -> new PinBlockedException(where + ": the PIN is blocked", sw);
            case 0x6D00 -> new NotSupportedException(where + ": the card does not know this command");
            default -> new CardStatusException(where + " was refused", sw);
        };
    }
}

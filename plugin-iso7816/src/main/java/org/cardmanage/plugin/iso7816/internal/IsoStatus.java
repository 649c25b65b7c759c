package org.cardmanage.plugin.iso7816.internal;

import org.cardmanage.api.CardException;
import org.cardmanage.api.NotSupportedException;
import org.cardmanage.api.ResponseApdu;
import org.cardmanage.api.service.CardFileNotFoundException;
import org.cardmanage.api.service.CardStatusException;
import org.cardmanage.api.service.PinBlockedException;
import org.cardmanage.api.service.SecurityStatusException;

/**
 * The one place where ISO 7816-4 status words become exceptions. {@code 61xx} and {@code 6Cxx} never get here: the
 * core completes those. Messages say what was attempted and name the reader; they never carry command data.
 */
final class IsoStatus {

    private IsoStatus() {
    }

    /** @return true for {@code 9000} and the {@code 62xx} warnings, which still deliver what was asked */
    static boolean isSuccess(ResponseApdu response) {
        return response.sw() == 0x9000 || response.sw1() == 0x62;
    }

    /**
     * @param response the card's refusal
     * @param what what was attempted, e.g. {@code SELECT 2F05}
     * @param reader the reader, for the message
     * @return the exception that describes the refusal
     */
    static CardException failure(ResponseApdu response, String what, String reader) {
        int sw = response.sw();
        String where = what + " in reader '" + reader + "'";
        switch (sw) {
            case 0x6A82:
                return new CardFileNotFoundException(where + ": no such file or application", sw);
            case 0x6982:
                return new SecurityStatusException(where + ": the file's access conditions are not met "
                        + "(verify the PIN or authenticate first)", sw);
            case 0x6983:
                return new PinBlockedException(where + ": the authentication method is blocked", sw);
            case 0x6D00:
            case 0x6E00:
            case 0x6A81:
                return new NotSupportedException(where + ": the card does not support the command (SW "
                        + String.format("%04X", sw) + ": " + response.statusMeaning() + ")");
            default:
                return new CardStatusException(where + " was refused", sw);
        }
    }

    /** @return the response if it succeeded, else throws the matching exception */
    static ResponseApdu expectSuccess(ResponseApdu response, String what, String reader) throws CardException {
        if (!isSuccess(response)) {
            throw failure(response, what, reader);
        }
        return response;
    }
}

package org.cardmanage.core.internal.attachment;

import java.io.ByteArrayOutputStream;

import org.cardmanage.api.CardException;
import org.cardmanage.api.CardIOException;
import org.cardmanage.api.CommandApdu;
import org.cardmanage.api.ResponseApdu;

/**
 * ISO 7816-4 response handling done for the caller: {@code 61xx} is answered with GET RESPONSE until the card has
 * sent everything, and {@code 6Cxx} makes the command go again with the Le the card asked for.
 */
public final class ResponseChainer {
    /** Bounds a card that keeps answering 61xx forever: 1 MiB of chained data is more than any card holds. */
    static final int MAX_CHAINED_BYTES = 1 << 20;

    /** One exchange with the card. */
    @FunctionalInterface
    public interface Exchange {
        ResponseApdu transmit(CommandApdu command) throws CardException;
    }

    private ResponseChainer() {
    }

    /**
     * @param readerName for messages
     * @param command the caller's command
     * @param first the card's first answer to it
     * @param exchange sends further commands on the same session
     * @return the completed response
     * @throws CardException if a follow-up exchange fails or the card chains without end
     */
    public static ResponseApdu complete(String readerName, CommandApdu command, ResponseApdu first, Exchange exchange)
            throws CardException {
        ResponseApdu response = first;
        if (response.isWrongLength()) {
            response = exchange.transmit(command.withNe(response.correctLength()));
        }
        if (!response.hasMoreData()) {
            return response;
        }
        ByteArrayOutputStream data = new ByteArrayOutputStream(response.dataLength() + 256);
        data.writeBytes(response.data());
        int cla = getResponseClass(command.cla());
        while (response.hasMoreData()) {
            if (data.size() > MAX_CHAINED_BYTES) {
                throw new CardIOException("the card in reader '" + readerName + "' kept answering 61xx past "
                        + MAX_CHAINED_BYTES + " bytes of response data");
            }
            response = exchange.transmit(new CommandApdu(cla, 0xC0, 0x00, 0x00, response.moreDataLength()));
            if (response.isWrongLength()) {
                response = exchange.transmit(new CommandApdu(cla, 0xC0, 0x00, 0x00, response.correctLength()));
            }
            data.writeBytes(response.data());
        }
        return ResponseApdu.of(data.toByteArray(), response.sw());
    }

    /** GET RESPONSE goes on the command's logical channel, without chaining or secure-messaging bits. */
    static int getResponseClass(int cla) {
        if ((cla & 0x80) != 0) {
            return cla;
        }
        if ((cla & 0x40) != 0) {
            return cla & 0x4F;
        }
        return cla & 0x03;
    }
}

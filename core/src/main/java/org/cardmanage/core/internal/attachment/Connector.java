package org.cardmanage.core.internal.attachment;

import java.util.concurrent.TimeUnit;

import org.cardmanage.api.AttachOptions;
import org.cardmanage.api.CardException;
import org.cardmanage.api.CardIOException;
import org.cardmanage.api.CardTimeoutException;
import org.cardmanage.spi.CardSession;

/**
 * Makes new attachments: claims a place on the reader, asks the driver to connect with no core lock held, then binds
 * the session only if the reader and card are still the ones the claim was made for.
 */
public final class Connector {

    private Connector() {
    }

    /**
     * @param expected the card insertion to insist on, or null for whatever card is in the reader
     * @return the new, active attachment
     */
    public static CoreAttachment attach(ReaderSlot slot, AttachmentOwner owner, AttachOptions options,
            CoreCardHandle expected) throws CardException {
        long wait = slot.context().settings().transmitWait().toNanos();
        if (!slot.arbiter().awaitOwedToReader(wait)) {
            throw new CardTimeoutException("the card in reader '" + slot.name() + "' was still being reset for an "
                    + "attachment that left while the reader was away after " + TimeUnit.NANOSECONDS.toMillis(wait)
                    + " ms; nothing was attached");
        }
        CoreAttachment attachment = new CoreAttachment(slot, owner, options);
        ReaderBinding binding = slot.reserve(attachment, options.shareMode(), expected);
        CardSession session;
        try {
            session = DriverGuard.call(slot.name(), binding.driverName(), "connect",
                    () -> binding.transport().connect(options.shareMode(), options.protocols()));
            if (session == null) {
                throw new CardIOException("driver '" + binding.driverName() + "' returned no session for reader '"
                        + slot.name() + "'");
            }
        } catch (CardException | RuntimeException | Error e) {
            // Whatever happened, the claimed place must not outlive the failed attach.
            slot.cancel(attachment, "the driver did not connect: " + e);
            throw e;
        }
        slot.complete(attachment, binding, session, expected);
        return attachment;
    }
}

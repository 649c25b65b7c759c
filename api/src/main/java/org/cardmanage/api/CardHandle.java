package org.cardmanage.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * An opaque token naming one card insertion in one reader, as ISCardManage's AttachByHandle takes it.
 *
 * <p>Only the card manager makes handles ({@link CardManager#locate}, {@link ReaderInfo#card()},
 * {@link Attachment#handle()}); they cannot be made from strings, and a handle implemented by a caller, or one from
 * an earlier run of the framework, is refused. Once its card is removed, a handle is dead for good: it never attaches
 * to another card, even one inserted in the same reader.
 *
 * @since 1.0
 */
@ProviderType
public interface CardHandle {

    /** @return the name of the reader the card was inserted in */
    String readerName();

    /**
     * @return the card's answer-to-reset as read at insertion, or null in the rare case that the driver reported an
     *     ATR that is not well-formed (the card can still be attached)
     */
    Atr atr();
}

package org.cardmanage.api;

/**
 * The life-cycle state of an {@link Attachment}, as the core sees it.
 *
 * @since 1.0
 */
public enum AttachmentState {
    /** Connected and usable. */
    ACTIVE,
    /**
     * The card this attachment was connected to was removed or replaced; calls fail with
     * {@link CardRemovedException}. {@link Attachment#reconnect} binds it to the card now in the reader.
     */
    CARD_REMOVED,
    /**
     * The reader went away (driver stopped, updated or uninstalled, reader unplugged); calls fail with
     * {@link ReaderUnavailableException}. {@link Attachment#reconnect} binds it again once a reader of the same name is
     * back.
     */
    REVOKED,
    /** Detached by its owner, by an operator or because its owner bundle went away; final. */
    DETACHED
}

package org.cardmanage.core.internal.attachment;

/** The client bundle an attachment belongs to, as the core needs to know it. */
public interface AttachmentOwner {

    /** @return the owner for messages and listings, e.g. {@code com.example.app [42]} */
    String ownerName();

    /** @return the owner bundle's symbolic name, which the reader access policy matches; may be null */
    String symbolicName();

    /** @return the owner bundle's id */
    long bundleId();

    /** Called once when the attachment is detached, whoever detached it. */
    void forget(CoreAttachment attachment);
}

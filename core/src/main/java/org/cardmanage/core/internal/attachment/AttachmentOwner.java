package org.cardmanage.core.internal.attachment;

/** The client bundle an attachment belongs to, as the core needs to know it. */
public interface AttachmentOwner {

    /** @return the owner for messages and listings, e.g. {@code com.example.app [42]} */
    String ownerName();

    /**
     * @param principal who the owner attaches for, or null when for itself
     * @return the owner for messages and listings of an attachment made for that principal, e.g.
     *     {@code org.cardmanage.remote [42] for cn=app-1}
     */
    default String ownerName(String principal) {
        return principal == null ? ownerName() : ownerName() + " for " + principal;
    }

    /**
     * @return the owner bundle's symbolic name, which the reader access policy matches (with the principal, if the
     *     attachment is made for one); may be null
     */
    String symbolicName();

    /** @return the owner bundle's id */
    long bundleId();

    /** Called once when the attachment is detached, whoever detached it. */
    void forget(CoreAttachment attachment);
}

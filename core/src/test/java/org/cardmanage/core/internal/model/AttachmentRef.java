package org.cardmanage.core.internal.model;

/**
 * Names one attachment by its place, not by object: among the attachments of the running bundles, on any reader,
 * newest first, counted round (place 1 with one attachment is that one); among those not detached, or now and then
 * among all. A shrunk sequence replays from a fresh core, where the place finds the attachment made by the same earlier
 * steps; with none to choose from the step is skipped.
 */
record AttachmentRef(int place, boolean detachedToo) {
    @Override
    public String toString() {
        return "attachment #" + place + (detachedToo ? " (newest first, detached ones too)" : " (newest first)");
    }
}

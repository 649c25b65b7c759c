package org.cardmanage.core.internal.model;

/** Names one lock the running bundles took, by place: newest first, counted round, held or not. */
record LockRef(int place) {
    @Override
    public String toString() {
        return "lock #" + place + " (newest first)";
    }
}

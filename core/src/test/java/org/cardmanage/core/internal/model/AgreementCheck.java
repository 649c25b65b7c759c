package org.cardmanage.core.internal.model;

import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import org.cardmanage.api.Attachment;
import org.cardmanage.api.AttachmentState;
import org.cardmanage.core.internal.CardCore;

/**
 * After every step: the core agrees with the model about every attachment's state, who holds each card's lock, which
 * attachments exist (in the core's table and in each bundle's card manager) and which locks are held.
 */
final class AgreementCheck {
    private final CardCore core;
    private final List<ModelBundle> bundles;
    private final Collection<ModelBundle> running;

    /**
     * @param bundles every bundle activation of the sequence, stopped ones included
     * @param running the activations running now
     */
    AgreementCheck(CardCore core, List<ModelBundle> bundles, Collection<ModelBundle> running) {
        this.core = core;
        this.bundles = bundles;
        this.running = running;
    }

    void check(String afterStep) {
        Set<Attachment> predictedLive = identitySet();
        for (ModelBundle bundle : bundles) {
            for (ModelAttachment attachment : bundle.attachments) {
                AttachmentState actual = attachment.attachment.state();
                if (actual != attachment.state) {
                    throw new AssertionError("after " + afterStep + ": " + attachment + " is " + actual
                            + ", the model predicts " + attachment.state);
                }
                if (attachment.state != AttachmentState.DETACHED) {
                    predictedLive.add(attachment.attachment);
                    checkLockHolder(afterStep, attachment);
                }
            }
            for (ModelLock lock : bundle.locks) {
                if (lock.lock.isHeld() != lock.held) {
                    throw new AssertionError("after " + afterStep + ": the " + lock + (lock.held ? " is not held"
                            : " is still held") + ", the model predicts otherwise");
                }
            }
        }
        Set<Attachment> inCore = identitySet();
        inCore.addAll(core.allAttachments());
        if (!inCore.equals(predictedLive)) {
            throw new AssertionError("after " + afterStep + ": the core's attachment table holds " + inCore
                    + ", the model predicts " + predictedLive);
        }
        for (ModelBundle bundle : running) {
            checkManagerList(afterStep, bundle);
        }
    }

    private static void checkLockHolder(String afterStep, ModelAttachment attachment) {
        boolean holds = attachment.attachment.holdsLock();
        if (holds != attachment.holdsLock()) {
            throw new AssertionError("after " + afterStep + ": " + attachment + (holds ? " holds" : " does not hold")
                    + " the card's lock, the model predicts otherwise");
        }
    }

    /** A bundle's card manager lists exactly its attachments that are not detached. */
    static void checkManagerList(String afterStep, ModelBundle bundle) {
        Set<Attachment> predicted = identitySet();
        for (ModelAttachment attachment : bundle.attachments) {
            if (attachment.state != AttachmentState.DETACHED) {
                predicted.add(attachment.attachment);
            }
        }
        Set<Attachment> listed = identitySet();
        listed.addAll(bundle.manager.attachments());
        if (!listed.equals(predicted)) {
            throw new AssertionError("after " + afterStep + ": the card manager of " + bundle + " lists " + listed
                    + ", the model predicts " + predicted);
        }
    }

    private static Set<Attachment> identitySet() {
        return Collections.newSetFromMap(new IdentityHashMap<>());
    }
}

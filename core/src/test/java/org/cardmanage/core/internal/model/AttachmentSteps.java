package org.cardmanage.core.internal.model;

import java.time.Duration;
import java.util.List;

import org.cardmanage.api.AttachOptions;
import org.cardmanage.api.Attachment;
import org.cardmanage.api.AttachmentState;
import org.cardmanage.api.CardLock;
import org.cardmanage.api.CardTimeoutException;
import org.cardmanage.api.Disposition;
import org.cardmanage.api.ResponseApdu;
import org.cardmanage.api.ShareMode;
import org.cardmanage.core.internal.attachment.CoreAttachment;
import org.cardmanage.core.internal.model.ModelStatistics.Kind;
import org.cardmanage.core.internal.testsupport.FakeSession;

/**
 * The steps a bundle takes on its attachments: attach, VERIFY, protected read, lock, unlock, detach, reconnect. Each
 * makes its call through the hang detector, checks the outcome against the model's prediction ({@link Predictions})
 * and updates the model.
 */
final class AttachmentSteps {
    private final ModelRun run;

    AttachmentSteps(ModelRun run) {
        this.run = run;
    }

    void attach(String bundleName, String readerName, ShareMode mode) {
        ModelBundle bundle = run.running.get(bundleName);
        ModelReader reader = run.readers.get(readerName);
        String what = run.begin(Kind.ATTACH, bundle + " attaches " + mode + " to " + reader);
        Expected expected = Predictions.attach(run.configurationReadable, reader, mode, run.attachmentsOn(reader));
        Outcome<Attachment> outcome = run.callWhileBusy(what,
                () -> bundle.manager.attachByReader(reader.name, AttachOptions.shared().withShareMode(mode)));
        check(what, expected, outcome);
        if (outcome.hasReturned()) {
            ModelAttachment attachment =
                    new ModelAttachment(bundle, reader, outcome.value(), mode, sessionOf(outcome.value()));
            bundle.attachments.add(attachment);
            run.attachments.add(attachment);
        }
        run.end(what);
    }

    void verify(AttachmentRef ref) {
        ModelAttachment attachment = run.resolve(ref);
        String what = run.begin(Kind.VERIFY, describe(ref, attachment) + " sends VERIFY");
        if (attachment == null || wouldWaitLong(attachment)) {
            run.skip(what);
            return;
        }
        Expected expected = Predictions.transmit(attachment);
        Outcome<ResponseApdu> outcome = run.callWhileBusy(what,
                () -> attachment.attachment.transmit(CardCommands.verify(attachment.owner.number)));
        check(what, expected, outcome);
        if (outcome.hasReturned()) {
            requireStatus(what, outcome.value(), CardCommands.SW_OK);
            if (attachment.holdsLock()) {
                attachment.reader.heldLock.verifiedWhileHeld = true;
            }
        }
        run.end(what);
    }

    /**
     * A protected read. A 9000 is judged by the "no inherited card state" rule; a 6982 while the reader holds the lock
     * it verified under means the card was reset under that lock, which the core must never do.
     */
    void readProtected(AttachmentRef ref) {
        ModelAttachment attachment = run.resolve(ref);
        String what = run.begin(Kind.READ, describe(ref, attachment) + " reads the protected data");
        if (attachment == null || wouldWaitLong(attachment)) {
            run.skip(what);
            return;
        }
        Expected expected = Predictions.transmit(attachment);
        Outcome<ResponseApdu> outcome = run.callWhileBusy(what,
                () -> attachment.attachment.transmit(CardCommands.READ_PROTECTED));
        check(what, expected, outcome);
        if (outcome.hasReturned()) {
            int sw = outcome.value().sw();
            if (sw == CardCommands.SW_OK) {
                run.judgeVerifiedRead(what, attachment);
            } else if (sw != CardCommands.SW_SECURITY_STATUS_NOT_SATISFIED) {
                requireStatus(what, outcome.value(), CardCommands.SW_OK);
            } else if (attachment.holdsLock() && attachment.reader.heldLock.verifiedWhileHeld) {
                throw new AssertionError(what + ": the card lost the PIN " + attachment + " verified under its lock, "
                        + "which it still holds: the card was reset under the lock");
            }
        }
        run.end(what);
    }

    void lock(AttachmentRef ref) {
        ModelAttachment attachment = run.resolve(ref);
        String what = run.begin(Kind.LOCK, describe(ref, attachment) + " locks the card");
        if (attachment == null) {
            run.skip(what);
            return;
        }
        Expected expected = Predictions.lock(attachment);
        // Against another's lock it must give up at once; otherwise it may wait out an owed disconnect in progress.
        Duration timeout = expected.returns() ? ModelRun.BUSY_BOUND : Duration.ZERO;
        Outcome<CardLock> outcome = run.calls.call(what, () -> attachment.attachment.lock(timeout));
        check(what, expected, outcome);
        if (outcome.hasReturned()) {
            ModelLock lock = new ModelLock(attachment, outcome.value());
            attachment.owner.locks.add(lock);
            run.locks.add(lock);
            attachment.reader.heldLock = lock;
        }
        run.end(what);
    }

    /** @param disposition how to unlock; null closes the lock (RESET if still held, never throws) */
    void unlock(LockRef ref, Disposition disposition) {
        ModelLock lock = run.resolve(ref);
        String what = run.begin(Kind.UNLOCK, (lock == null ? ref.toString() : ref + " (" + lock + ")")
                + (disposition == null ? " is closed" : " unlocks with " + disposition));
        if (lock == null) {
            run.skip(what);
            return;
        }
        Expected expected = disposition == null ? Expected.RETURNS : Predictions.unlock(lock);
        Outcome<Void> outcome = run.callWhileBusy(what, () -> {
            if (disposition == null) {
                lock.lock.close();
            } else {
                lock.lock.unlock(disposition);
            }
            return null;
        });
        check(what, expected, outcome);
        if (lock.held) {
            lock.holder.reader.lockEnded();
        }
        run.end(what);
    }

    /** @param disposition how to detach; null closes the attachment (RESET if not detached yet, never throws) */
    void detach(AttachmentRef ref, Disposition disposition) {
        ModelAttachment attachment = run.resolve(ref);
        String how = disposition == null ? "close()" : "detach(" + disposition + ")";
        String what = run.begin(Kind.DETACH, describe(ref, attachment) + " " + how);
        if (attachment == null) {
            run.skip(what);
            return;
        }
        Expected expected = disposition == null ? Expected.RETURNS : Predictions.detach(attachment);
        AttachmentState before = attachment.state;
        Outcome<Void> outcome = run.calls.call(what, () -> {
            if (disposition == null) {
                attachment.attachment.close();
            } else {
                attachment.attachment.detach(disposition);
            }
            return null;
        });
        check(what, expected, outcome);
        if (before != AttachmentState.DETACHED) {
            run.detached(attachment, disposition == null ? Disposition.RESET : disposition, how);
        }
        run.end(what);
    }

    /** Reconnects in the attachment's own share mode: how an attachment recovers from a removed card or reader. */
    void reconnect(AttachmentRef ref, Disposition initialization) {
        ModelAttachment attachment = run.resolve(ref);
        String what = run.begin(Kind.RECONNECT, describe(ref, attachment) + " reconnects with " + initialization);
        if (attachment == null) {
            run.skip(what);
            return;
        }
        ModelReader reader = attachment.reader;
        Expected expected = Predictions.reconnect(run.configurationReadable, attachment, run.attachmentsOn(reader));
        Outcome<Void> outcome = run.callWhileBusy(what, () -> {
            attachment.attachment.reconnect(attachment.mode, initialization);
            return null;
        });
        check(what, expected, outcome);
        if ((outcome.hasReturned() || outcome.failure() instanceof CardTimeoutException) && attachment.holdsLock()) {
            // Past its checks, a reconnect ends the attachment's transaction (as SCardReconnect does), even if it then
            // gives up waiting for the card.
            reader.lockEnded();
        }
        if (outcome.hasReturned()) {
            if (attachment.state == AttachmentState.REVOKED) {
                // Its reader came back as a new transport: a fresh session, and the old one is closed.
                run.disconnects.retired(attachment.session, reader, attachment.toString());
                attachment.session = sessionOf(attachment.attachment);
            }
            attachment.state = AttachmentState.ACTIVE;
            attachment.cardEpoch = reader.cardEpoch;
        }
        run.end(what);
    }

    /**
     * While the configuration is unreadable the core runs on its defaults, whose transmit wait is 5 s: a transmit
     * against another attachment's lock would take that long, so the model does not make it.
     */
    private boolean wouldWaitLong(ModelAttachment attachment) {
        return !run.configurationReadable && attachment.state == AttachmentState.ACTIVE
                && attachment.reader.lockedByOtherThan(attachment);
    }

    /** @return the session the driver opened last: the one a successful connect just made (steps run one at a time) */
    /**
     * @return the fake driver's session behind the attachment; not the reader's newest session, which may be one the
     *     core opened to pay a RESET owed to a returning reader
     */
    static FakeSession sessionOf(Attachment attachment) {
        return (FakeSession) ((CoreAttachment) attachment).session();
    }

    private static String describe(AttachmentRef ref, ModelAttachment attachment) {
        return attachment == null ? ref.toString() : ref + " (" + attachment + ")";
    }

    private static void check(String what, Expected expected, Outcome<?> outcome) {
        expected.check(what, outcome);
        if (!outcome.hasReturned()) {
            ModelStatistics.failedAsPredicted();
        }
    }

    private static void requireStatus(String what, ResponseApdu response, int sw) {
        if (response.sw() != sw) {
            throw new AssertionError(what + ": the card answered " + response + ", expected SW "
                    + Integer.toHexString(sw));
        }
    }
}

package org.cardmanage.core.internal.model;

import java.time.Duration;
import java.util.List;

import org.cardmanage.api.AttachOptions;
import org.cardmanage.api.Attachment;
import org.cardmanage.api.CardLock;
import org.cardmanage.api.Disposition;
import org.cardmanage.api.ResponseApdu;
import org.cardmanage.api.ShareMode;

/**
 * The end of a sequence. Every bundle stops; then nothing may be left ({@link Leftovers}): no attachment in the core,
 * no disconnect owed, every driver session disconnected. With every driver running and a readable configuration, a new
 * bundle can attach to every card EXCLUSIVE and lock it at once, and finds no one's security state it may not have.
 */
final class SequenceEnd {
    /** The lock timeout of the audit: nothing may hold the card; it only covers the last owed disconnect's return. */
    private static final Duration AT_ONCE = ModelRun.BUSY_BOUND;

    private final ModelRun run;

    SequenceEnd(ModelRun run) {
        this.run = run;
    }

    void finish() {
        run.step++;
        String what = "step " + run.step + " (the end: every bundle stops)";
        run.settle();
        for (ModelBundle bundle : List.copyOf(run.running.values())) {
            run.stop(what, bundle);
        }
        run.settle();
        leftovers().checkNothingLeft(what);
        for (ModelReader reader : run.readers.values()) {
            if (!reader.plugged) {
                run.calls.run(what + ": the driver of " + reader + " starts",
                        () -> run.fixture.plug(reader.fake));
                reader.plugged = true;
            }
        }
        if (!run.configurationReadable) {
            run.calls.run(what + ": a readable configuration",
                    () -> run.configurator.apply(CoreConfigurator.readable(run.abandon)));
            run.configurationReadable = true;
        }
        ModelBundle auditor = run.start("auditor");
        for (ModelReader reader : run.readers.values()) {
            if (reader.cardPresent) {
                audit(what, auditor, reader);
            }
        }
        run.settle();
        leftovers().checkNothingLeft(what + ", after the audit");
    }

    /** Attaches EXCLUSIVE, locks at once and reads the protected data, then closes. */
    private void audit(String what, ModelBundle auditor, ModelReader reader) {
        String audit = what + ": " + auditor + " attaches EXCLUSIVE to " + reader + " and locks";
        Outcome<Attachment> attached = run.callWhileBusy(audit,
                () -> auditor.manager.attachByReader(reader.name, AttachOptions.exclusive()));
        Expected.RETURNS.check(audit, attached);
        ModelAttachment attachment = new ModelAttachment(auditor, reader, attached.value(), ShareMode.EXCLUSIVE,
                AttachmentSteps.sessionOf(attached.value()));
        auditor.attachments.add(attachment);
        run.attachments.add(attachment);
        Outcome<CardLock> locked = run.calls.call(audit, () -> attachment.attachment.lock(AT_ONCE));
        Expected.RETURNS.check(audit, locked);
        ModelLock lock = new ModelLock(attachment, locked.value());
        auditor.locks.add(lock);
        run.locks.add(lock);
        reader.heldLock = lock;
        Outcome<ResponseApdu> read = run.calls.call(audit,
                () -> attachment.attachment.transmit(CardCommands.READ_PROTECTED));
        Expected.RETURNS.check(audit, read);
        if (read.value().sw() == CardCommands.SW_OK) {
            run.judgeVerifiedRead(audit + " and reads the protected data", attachment);
        }
        run.calls.run(audit + " and closes", attachment.attachment::close);
        run.detached(attachment, Disposition.RESET, "close()");
    }

    private Leftovers leftovers() {
        return new Leftovers(run.fixture.core(), run.readers.values(), run.disconnects);
    }
}

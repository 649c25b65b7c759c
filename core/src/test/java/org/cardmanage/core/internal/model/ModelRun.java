package org.cardmanage.core.internal.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.cardmanage.api.AttachmentState;
import org.cardmanage.api.CardTimeoutException;
import org.cardmanage.api.Disposition;
import org.cardmanage.core.internal.model.ModelStatistics.Kind;
import org.cardmanage.core.internal.testsupport.TestCore;

/**
 * One sequence's world: a real core with three client bundles and two fake readers holding security cards, and the
 * model of what the core must do. The steps act on it ({@link AttachmentSteps}, {@link EnvironmentSteps},
 * {@link SequenceEnd}); this class keeps the model's books and frames every step: let the core settle (its owed
 * disconnects made), act, let it settle again, and check that the core agrees with the model.
 *
 * <p>Not thread-safe: a sequence runs its steps one after another.
 */
final class ModelRun implements AutoCloseable {
    static final List<String> BUNDLES = List.of("b0", "b1", "b2");
    static final List<String> READERS = List.of("R0", "R1");
    /**
     * How long a call may find the card busy with the core's own asynchronous work (an owed disconnect it is making)
     * before the model gives up on it: the lock timeout of a lock the model predicts free, and the bound of retrying a
     * call that gave up after the transmit wait because the card was busy. It is never waited out unless the core
     * keeps the card busy.
     */
    static final Duration BUSY_BOUND = Duration.ofSeconds(1);
    /**
     * What a driver stop does to the card in the reader. By default nothing: the card stays in the reader, powered,
     * with its security state, as with driver-pcsc, which disconnects its PC/SC connection with LEAVE when it stops.
     * With {@code -Dcardmanage.model.driverStopPowersCardDown=true} the card loses its state, as when a reader is
     * unplugged from USB.
     */
    static final boolean DRIVER_STOP_POWERS_CARD_DOWN = Boolean.getBoolean("cardmanage.model.driverStopPowersCardDown");

    final TestCore fixture;
    final BoundedCalls calls;
    final CoreConfigurator configurator;
    final Map<String, ModelReader> readers = new LinkedHashMap<>();
    /** The bundle activations running now, by bundle name. */
    final Map<String, ModelBundle> running = new LinkedHashMap<>();
    /** Every bundle activation, attachment and lock of the sequence, oldest first. */
    final List<ModelBundle> activations = new ArrayList<>();
    final List<ModelAttachment> attachments = new ArrayList<>();
    final List<ModelLock> locks = new ArrayList<>();
    final SecurityLedger ledger = new SecurityLedger();
    final ExpectedDisconnects disconnects = new ExpectedDisconnects();
    boolean configurationReadable = true;
    /** The abandon disposition of the last readable configuration. */
    Disposition abandon = Disposition.RESET;
    int step;

    private final AttachmentSteps attachmentSteps = new AttachmentSteps(this);
    private final EnvironmentSteps environmentSteps = new EnvironmentSteps(this);
    private boolean closed;

    ModelRun(BoundedCalls calls) {
        this.calls = calls;
        this.fixture = new TestCore(CoreConfigurator.initialSettings());
        this.configurator = new CoreConfigurator(fixture.core());
        for (String name : READERS) {
            readers.put(name, new ModelReader(name, fixture.readerWithCard(name)));
        }
        for (String name : BUNDLES) {
            start(name);
        }
    }

    AttachmentSteps attachments() {
        return attachmentSteps;
    }

    EnvironmentSteps environment() {
        return environmentSteps;
    }

    /** Ends the sequence: every bundle stops, and nothing may be left ({@link SequenceEnd}). */
    void finish() {
        new SequenceEnd(this).finish();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            fixture.close();
        }
    }

    // ---- framing a step -------------------------------------------------------------------------------------------

    /** @return the step's name for messages, "step N (description)" */
    String begin(Kind kind, String description) {
        step++;
        ModelStatistics.step(kind);
        settle();
        return "step " + step + " (" + description + ")";
    }

    /** The step found nothing to act on. */
    void skip(String what) {
        ModelStatistics.skipped();
        end(what);
    }

    void end(String what) {
        settle();
        new AgreementCheck(fixture.core(), activations, running.values()).check(what);
    }

    /** Lets the core make the disconnects it owes and nothing holds up, and lets the cards see them. */
    /**
     * Makes a call that waits the transmit wait for the card (attach, transmit, unlock, reconnect), again while it
     * gives up because the card stayed busy or was still being reset for an attachment that left while its reader was
     * away: with a transmit wait of a few ms, an owed disconnect the core is still finishing on its worker pool can
     * outlast it, and such a call was never admitted, so it did nothing. A call that gives up because another
     * attachment holds the lock is not repeated; neither is one that finds the card busy for longer than
     * {@link #BUSY_BOUND}.
     */
    <T> Outcome<T> callWhileBusy(String what, BoundedCalls.Body<T> body) {
        long deadline = System.nanoTime() + BUSY_BOUND.toNanos();
        while (true) {
            Outcome<T> outcome = calls.call(what, body);
            String message = outcome.failure() instanceof CardTimeoutException timeout
                    ? String.valueOf(timeout.getMessage()) : "";
            if (!(message.contains("stayed busy") || message.contains("still being reset"))
                    || System.nanoTime() > deadline) {
                return outcome;
            }
            ModelStatistics.busyRetry();
        }
    }

    void settle() {
        disconnects.settle();
        for (ModelReader reader : readers.values()) {
            reader.card.catchUp();
        }
    }

    // ---- the model's books ----------------------------------------------------------------------------------------

    /** A bundle starts: a new activation with a card manager of its own. */
    ModelBundle start(String name) {
        ModelBundle bundle = new ModelBundle(name, activations.size() + 1, fixture.manager(name));
        activations.add(bundle);
        running.put(name, bundle);
        return bundle;
    }

    /**
     * The bundle stops: the framework ungets its card manager, which must detach its attachments at once with the abandon
     * disposition in force (RESET while the configuration is unreadable), without waiting for other bundles' locks. The
     * transmit wait is made long meanwhile, so that a stop that waited would hang past the hang detector instead of
     * passing unnoticed after a few milliseconds.
     */
    void stop(String what, ModelBundle bundle) {
        Disposition applied = configurationReadable ? abandon : Disposition.RESET;
        if (configurationReadable) {
            configurator.apply(CoreConfigurator.readable(abandon, CoreConfigurator.STOPPING_TRANSMIT_WAIT_MS));
        }
        try {
            calls.run(what + ": the card manager of " + bundle + " is ungotten as its bundle stops (it must not wait "
                    + "for other bundles' locks)", () -> fixture.stop(bundle.manager));
        } finally {
            if (configurationReadable) {
                configurator.apply(CoreConfigurator.readable(abandon));
            }
        }
        for (ModelAttachment attachment : bundle.attachments) {
            if (attachment.state != AttachmentState.DETACHED) {
                detached(attachment, applied, "its bundle's stop (abandon " + applied + ")");
            }
            if (attachment.attachment.state() != AttachmentState.DETACHED) {
                throw new AssertionError(what + ": " + attachment + " is " + attachment.attachment.state()
                        + " after its bundle stopped");
            }
        }
        AgreementCheck.checkManagerList(what, bundle);
        bundle.stopped = true;
        running.remove(bundle.name);
    }

    /** The model's side of a detach: the attachment's lock ends, its departure is recorded, its disconnect owed. */
    void detached(ModelAttachment attachment, Disposition disposition, String how) {
        AttachmentState before = attachment.state;
        if (attachment.holdsLock()) {
            attachment.reader.lockEnded();
        }
        attachment.state = AttachmentState.DETACHED;
        ledger.departed(attachment, disposition, how, step);
        disconnects.detached(attachment, before, disposition);
    }

    /** @return every attachment on the reader, of every bundle activation, detached ones included */
    List<ModelAttachment> attachmentsOn(ModelReader reader) {
        return attachments.stream().filter(attachment -> attachment.reader == reader).toList();
    }

    /** @return the attachment the name finds, or null */
    ModelAttachment resolve(AttachmentRef ref) {
        List<ModelAttachment> candidates = attachments.stream().filter(a -> !a.owner.stopped)
                .filter(a -> ref.detachedToo() || a.state != AttachmentState.DETACHED).toList();
        return candidates.isEmpty() ? null : candidates.get(candidates.size() - 1 - ref.place() % candidates.size());
    }

    /** @return the lock the name finds, or null */
    ModelLock resolve(LockRef ref) {
        List<ModelLock> candidates = locks.stream().filter(l -> !l.holder.owner.stopped).toList();
        return candidates.isEmpty() ? null : candidates.get(candidates.size() - 1 - ref.place() % candidates.size());
    }

    /**
     * Judges a protected read that found the card verified, by the "no inherited card state" rule
     * ({@link SecurityLedger}).
     *
     * @throws AssertionError if the read broke the rule
     */
    void judgeVerifiedRead(String what, ModelAttachment reading) {
        int verifierNumber = reading.reader.card.verifierSeenByLastRead()
                .orElseThrow(() -> new AssertionError(what + ": 9000 without a verified PIN"));
        ModelBundle verifier = activations.stream().filter(b -> b.number == verifierNumber).findFirst()
                .orElseThrow(() -> new AssertionError(what + ": unknown verifier " + verifierNumber));
        SecurityLedger.Verdict verdict = ledger.judge(reading, verifier);
        ModelStatistics.judgedRead(verdict);
        if (verdict == SecurityLedger.Verdict.VIOLATION) {
            throw new AssertionError("no inherited card state: " + what + " returned 9000, but "
                    + ledger.explainViolation(reading, verifier));
        }
    }

    @Override
    public String toString() {
        return "ModelRun[step " + step + ", running " + running.values() + "]";
    }
}

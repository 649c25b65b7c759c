package org.cardmanage.core.internal.model;

import java.util.function.Function;
import java.util.function.Supplier;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.ActionChainArbitrary;
import net.jqwik.api.state.Transformer;

import org.cardmanage.api.Disposition;
import org.cardmanage.api.ShareMode;

/**
 * The random steps of a sequence and how often each comes. Steps name attachments and locks by place
 * ({@link AttachmentRef}, {@link LockRef}), never by object, so that a shrunk sequence replays on a fresh core. No step
 * looks at the run's state to be generated, not even through a precondition (jqwik then drops and shrinks
 * steps one by one; after a step that looked, it regenerates the rest of the sequence); a step whose attachment or
 * lock does not exist is skipped, and the summary line counts those.
 */
final class ModelActions {
    /** The longest sequence; an end-of-sequence step now and then makes shorter ones too. */
    static final int MAX_STEPS = 30;

    private ModelActions() {
    }

    static ActionChainArbitrary<ModelRun> sequences(Supplier<ModelRun> start) {
        return ActionChain.<ModelRun>startWith(start)
                .withAction(9, attach())
                .withAction(6, verify())
                .withAction(8, readProtected())
                .withAction(5, lock())
                .withAction(5, unlock())
                .withAction(5, detach())
                .withAction(2, reconnect())
                .withAction(2, stopBundle())
                .withAction(1, removeCard())
                .withAction(1, insertCard())
                .withAction(1, toggleDriver())
                .withAction(1, restartDriver())
                .withAction(1, configure())
                .withAction(1, Action.just("end of sequence", Transformer.endOfChain()))
                .withMaxTransformations(MAX_STEPS);
    }

    private static Arbitrary<String> bundles() {
        return Arbitraries.of(ModelRun.BUNDLES);
    }

    private static Arbitrary<String> readers() {
        return Arbitraries.of(ModelRun.READERS);
    }

    private static Action.Independent<ModelRun> attach() {
        // Mostly SHARED, as clients do; EXCLUSIVE now and then, to meet and cause sharing violations.
        Arbitrary<ShareMode> modes = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just(ShareMode.SHARED)),
                Tuple.of(1, Arbitraries.just(ShareMode.EXCLUSIVE)));
        return () -> Combinators.combine(bundles(), readers(), modes).as((bundle, reader, mode) -> Transformer.mutate(
                bundle + " attaches " + mode + " to " + reader, run -> run.attachments().attach(bundle, reader, mode)));
    }

    /** Places among attachments or locks, newest first: any of the last few, the newest most often. */
    private static Arbitrary<Integer> places() {
        return Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(0)), Tuple.of(3, Arbitraries.just(1)),
                Tuple.of(2, Arbitraries.just(2)), Tuple.of(1, Arbitraries.integers().between(3, 5)));
    }

    private static Arbitrary<AttachmentRef> attachmentRefs() {
        // Mostly the live ones: calls on detached attachments only ever throw AttachmentClosedException.
        return Combinators.combine(places(), Arbitraries.frequency(Tuple.of(6, false), Tuple.of(1, true)))
                .as(AttachmentRef::new);
    }

    private static Action.Independent<ModelRun> verify() {
        return onAttachment(ref -> Transformer.mutate(ref + " sends VERIFY", run -> run.attachments().verify(ref)));
    }

    private static Action.Independent<ModelRun> readProtected() {
        return onAttachment(ref -> Transformer.mutate(ref + " reads the protected data",
                run -> run.attachments().readProtected(ref)));
    }

    private static Action.Independent<ModelRun> lock() {
        return onAttachment(ref -> Transformer.mutate(ref + " locks", run -> run.attachments().lock(ref)));
    }

    private static Action.Independent<ModelRun> detach() {
        Arbitrary<Disposition> dispositions = Arbitraries.of(Disposition.LEAVE, Disposition.RESET, Disposition.UNPOWER)
                .injectNull(0.35);
        return () -> Combinators.combine(attachmentRefs(), dispositions).as((ref, disposition) ->
                Transformer.mutate(ref + (disposition == null ? " close()" : " detach(" + disposition + ")"),
                        run -> run.attachments().detach(ref, disposition)));
    }

    private static Action.Independent<ModelRun> reconnect() {
        Arbitrary<Disposition> initializations = Arbitraries.of(Disposition.LEAVE, Disposition.RESET);
        return () -> Combinators.combine(attachmentRefs(), initializations).as((ref, initialization) ->
                Transformer.mutate(ref + " reconnects with " + initialization,
                        run -> run.attachments().reconnect(ref, initialization)));
    }

    private static Action.Independent<ModelRun> unlock() {
        Arbitrary<Disposition> dispositions = Arbitraries.of(Disposition.LEAVE, Disposition.RESET).injectNull(0.35);
        Arbitrary<Transformer<ModelRun>> steps = Combinators.combine(places(), dispositions)
                .as((place, disposition) -> {
                    LockRef ref = new LockRef(place);
                    return Transformer.mutate(ref + (disposition == null ? " is closed" : " unlocks with "
                            + disposition), run -> run.attachments().unlock(ref, disposition));
                });
        return () -> steps;
    }

    private static Action.Independent<ModelRun> stopBundle() {
        return () -> bundles().map(bundle -> Transformer.mutate(bundle + " stops",
                run -> run.environment().stopBundle(bundle)));
    }

    private static Action.Independent<ModelRun> removeCard() {
        return () -> readers().map(reader -> Transformer.mutate("the card is taken out of " + reader,
                run -> run.environment().removeCard(reader)));
    }

    private static Action.Independent<ModelRun> insertCard() {
        return () -> readers().map(reader -> Transformer.mutate("a card is put into " + reader,
                run -> run.environment().insertCard(reader)));
    }

    private static Action.Independent<ModelRun> toggleDriver() {
        return () -> readers().map(reader -> Transformer.mutate("the driver of " + reader
                + " stops, or starts if stopped", run -> run.environment().toggleDriver(reader)));
    }

    private static Action.Independent<ModelRun> restartDriver() {
        return () -> readers().map(reader -> Transformer.mutate("the driver of " + reader + " restarts",
                run -> run.environment().restartDriver(reader)));
    }

    private static Action.Independent<ModelRun> configure() {
        Arbitrary<Transformer<ModelRun>> readable = Arbitraries.of(Disposition.RESET, Disposition.LEAVE,
                Disposition.UNPOWER).map(abandon -> Transformer.mutate("the configuration is changed to "
                        + "abandon.disposition=" + abandon, run -> run.environment().configure(abandon)));
        Arbitrary<Transformer<ModelRun>> unreadable = Arbitraries.just(Transformer.mutate(
                "the configuration is changed to transmit.wait.ms=banana",
                run -> run.environment().configureUnreadable()));
        return () -> Arbitraries.frequencyOf(Tuple.of(3, readable), Tuple.of(1, unreadable));
    }

    /** A step on the attachment a random place names; skipped if there is none ({@link ModelRun#resolve}). */
    private static Action.Independent<ModelRun> onAttachment(Function<AttachmentRef, Transformer<ModelRun>> step) {
        return () -> attachmentRefs().map(step);
    }
}

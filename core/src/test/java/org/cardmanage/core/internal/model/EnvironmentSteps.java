package org.cardmanage.core.internal.model;

import org.cardmanage.api.AttachmentState;
import org.cardmanage.api.Disposition;
import org.cardmanage.core.internal.model.ModelStatistics.Kind;

/**
 * The steps around the bundles' own calls: a bundle stops, a card is removed or inserted, a driver stops or starts,
 * the configuration changes. Each acts through the hang detector and updates the model with what the core must make
 * of it.
 */
final class EnvironmentSteps {
    private final ModelRun run;

    EnvironmentSteps(ModelRun run) {
        this.run = run;
    }

    /** The bundle stops ({@link ModelRun#stop}); a new activation of it takes its place. */
    void stopBundle(String bundleName) {
        ModelBundle bundle = run.running.get(bundleName);
        String what = run.begin(Kind.BUNDLE_STOP, bundle + " stops");
        run.stop(what, bundle);
        run.start(bundleName);
        run.end(what);
    }

    void removeCard(String readerName) {
        ModelReader reader = run.readers.get(readerName);
        String what = run.begin(Kind.CARD_REMOVAL, "the card is taken out of " + reader);
        reader.card.catchUp();
        run.calls.run(what, reader.fake::remove);
        if (reader.cardPresent) {
            newCardState(reader);
            if (reader.plugged) {
                cardGone(reader);
            }
        }
        reader.cardPresent = false;
        run.end(what);
    }

    /** Inserts a card; into a reader that has one, it replaces it (the old card counts as removed). */
    void insertCard(String readerName) {
        ModelReader reader = run.readers.get(readerName);
        String what = run.begin(Kind.CARD_INSERTION, "a card is put into " + reader);
        reader.card.catchUp();
        run.calls.run(what, reader.fake::insert);
        newCardState(reader);
        if (reader.plugged && reader.cardPresent) {
            cardGone(reader);
        }
        reader.cardPresent = true;
        run.end(what);
    }

    /**
     * The reader's driver stops (its transport goes away; the card stays in the reader, see
     * {@link ModelRun#DRIVER_STOP_POWERS_CARD_DOWN}) or, if it is stopped, starts again (a new transport of the same
     * name).
     */
    void toggleDriver(String readerName) {
        ModelReader reader = run.readers.get(readerName);
        if (reader.plugged) {
            stopDriver(reader);
        } else {
            startDriver(reader);
        }
    }

    /** The reader's driver is updated: it stops and starts again (if it was stopped, it only starts). */
    void restartDriver(String readerName) {
        ModelReader reader = run.readers.get(readerName);
        if (reader.plugged) {
            stopDriver(reader);
        }
        startDriver(reader);
    }

    /** Applies a readable configuration with this abandon disposition. */
    void configure(Disposition abandon) {
        String what = run.begin(Kind.CONFIGURATION, "the configuration is changed to abandon.disposition=" + abandon);
        run.calls.run(what, () -> run.configurator.apply(CoreConfigurator.readable(abandon)));
        run.configurationReadable = true;
        run.abandon = abandon;
        checkConfigurationProblem(what);
        run.end(what);
    }

    /** Applies a configuration the core cannot read: every attach is denied until a readable one comes. */
    void configureUnreadable() {
        String what = run.begin(Kind.CONFIGURATION, "the configuration is changed to transmit.wait.ms=banana");
        run.calls.run(what, () -> run.configurator.apply(CoreConfigurator.unreadable(run.abandon)));
        run.configurationReadable = false;
        checkConfigurationProblem(what);
        run.end(what);
    }

    private void stopDriver(ModelReader reader) {
        String what = run.begin(Kind.DRIVER_STOP, "the driver of " + reader + " stops");
        reader.card.catchUp();
        run.calls.run(what, () -> reader.fake.unplug());
        if (ModelRun.DRIVER_STOP_POWERS_CARD_DOWN && reader.cardPresent) {
            newCardState(reader);
        }
        // Revoked: detached ones stay detached, the others lose the reader (and a removed card with it).
        for (ModelAttachment attachment : run.attachmentsOn(reader)) {
            if (attachment.state != AttachmentState.DETACHED) {
                attachment.state = AttachmentState.REVOKED;
            }
        }
        reader.lockEnded();
        reader.plugged = false;
        run.end(what);
    }

    private void startDriver(ModelReader reader) {
        String what = run.begin(Kind.DRIVER_START, "the driver of " + reader + " starts");
        run.calls.run(what, () -> run.fixture.plug(reader.fake));
        reader.plugged = true;
        run.end(what);
    }

    /**
     * The card's security state ends: another card, no card, or the card powered down. The next state is nobody's
     * yet, and no attachment bound to the old one holds or leaves it.
     */
    private void newCardState(ModelReader reader) {
        reader.card.cardChanged();
        run.ledger.cardChanged(reader);
        reader.cardEpoch++;
    }

    /** The core saw the card go (removed or replaced): its active attachments lose it, and its lock ends. */
    private void cardGone(ModelReader reader) {
        for (ModelAttachment attachment : run.attachmentsOn(reader)) {
            if (attachment.state == AttachmentState.ACTIVE) {
                attachment.state = AttachmentState.CARD_REMOVED;
            }
        }
        reader.lockEnded();
    }

    private void checkConfigurationProblem(String what) {
        boolean problem = run.fixture.core().configurationProblem().isPresent();
        if (problem == run.configurationReadable) {
            throw new AssertionError(what + ": the core " + (problem ? "reports" : "does not report")
                    + " a configuration problem");
        }
    }
}

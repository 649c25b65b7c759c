package org.cardmanage.core.internal.attachment;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.cardmanage.api.CardEvent;
import org.cardmanage.core.internal.arbitration.LockReaper;
import org.cardmanage.core.internal.config.CoreSettings;
import org.cardmanage.core.internal.plugin.CardServices;

/**
 * What slots and attachments need from the core that owns them. One per activation of the core; its
 * {@link #handleIssuer()} token makes handles from other runs unusable.
 */
public final class CoreContext {

    /** Receives what slots observe. */
    public interface Observer {
        /** Queues an event for the listeners. Called under the slot's monitor, so it must only queue. */
        void publish(CardEvent event);

        /**
         * Queues events of one reader, in order, as {@link #publish} would one by one; a burst (a reader going away
         * with its attachments) reaches each listener's queue in one step. Called under the slot's monitor.
         */
        void publishAll(List<CardEvent> events);

        /** A card arrived; waiting locate calls may match it. Called under the slot's monitor: must not block. */
        void cardArrived(String readerName, CoreCardHandle handle);

        /** The reader list changed. Called under the slot's monitor: must only rebuild the snapshot. */
        void readersChanged();
    }

    private final Object handleIssuer = new Object();
    private final AtomicLong attachmentIds = new AtomicLong();
    private final Supplier<CoreSettings> settings;
    private final Observer observer;
    private final LockReaper reaper;
    private final ExecutorService worker;
    private final CardServices cardServices;

    public CoreContext(Supplier<CoreSettings> settings, Observer observer, LockReaper reaper, ExecutorService worker,
            CardServices cardServices) {
        this.settings = settings;
        this.observer = observer;
        this.reaper = reaper;
        this.worker = worker;
        this.cardServices = cardServices;
    }

    public Object handleIssuer() {
        return handleIssuer;
    }

    String nextAttachmentId() {
        return "a-" + attachmentIds.incrementAndGet();
    }

    public CoreSettings settings() {
        return settings.get();
    }

    public Observer observer() {
        return observer;
    }

    LockReaper reaper() {
        return reaper;
    }

    ExecutorService worker() {
        return worker;
    }

    /** The card-service plugins, for {@code createInterface}. */
    CardServices cardServices() {
        return cardServices;
    }
}

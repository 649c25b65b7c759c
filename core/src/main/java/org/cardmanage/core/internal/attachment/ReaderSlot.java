package org.cardmanage.core.internal.attachment;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.cardmanage.api.Atr;
import org.cardmanage.api.AttachmentClosedException;
import org.cardmanage.api.AttachmentState;
import org.cardmanage.api.CardEvent;
import org.cardmanage.api.CardException;
import org.cardmanage.api.CardIOException;
import org.cardmanage.api.CardRemovedException;
import org.cardmanage.api.Disposition;
import org.cardmanage.api.NoCardException;
import org.cardmanage.api.ReaderInfo;
import org.cardmanage.api.ReaderUnavailableException;
import org.cardmanage.api.ScardError;
import org.cardmanage.api.ShareMode;
import org.cardmanage.api.SharingViolationException;
import org.cardmanage.core.internal.arbitration.CardArbiter;
import org.cardmanage.core.internal.reader.ReaderProperties;
import org.cardmanage.spi.CardSession;
import org.cardmanage.spi.ReaderTransport;

/**
 * Everything the core knows about one reader name: the transport registrations offering it, the card in it, and the
 * attachments on it, whose lifecycle it owns. Survives its reader going away, so that revoked attachments can
 * reconnect when a reader of the same name returns.
 *
 * <p>All state is guarded by this object's monitor, and only this class takes it. Nothing here calls a driver or a
 * listener while holding it: events are only queued, and the arbiter is woken after the monitor is released. (A detach
 * takes the monitor inside its {@link CardArbiter}'s mutex, never the other way round.)
 *
 * <p><b>The attachment lifecycle.</b> Each attachment's {@link Life} is written here alone, under the monitor; every
 * other class asks for a transition. {@link Phase}s and their transitions:
 *
 * <table>
 * <caption>Transitions of an attachment</caption>
 * <tr><th>transition</th><th>from</th><th>to</th><th>asked by</th></tr>
 * <tr><td>{@link #reserve}</td><td>(new)</td><td>RESERVED</td><td>attach, before the driver's connect</td></tr>
 * <tr><td>{@link #complete} (bind)</td><td>RESERVED</td><td>ACTIVE</td><td>attach: connected to the expected reader
 *     and card</td></tr>
 * <tr><td>{@link #complete} (refuse), {@link #cancel}</td><td>RESERVED</td><td>DETACHED</td><td>attach: reader or card
 *     changed meanwhile, or the driver refused</td></tr>
 * <tr><td>card removed or replaced</td><td>ACTIVE (not DIRECT)</td><td>CARD_REMOVED</td><td>the driver's
 *     properties</td></tr>
 * <tr><td>reader withdrawn ({@link #withdraw})</td><td>RESERVED, ACTIVE, CARD_REMOVED, RECONNECTING</td>
 *     <td>REVOKED</td><td>the transport went away</td></tr>
 * <tr><td>{@link #prepareReconnect}</td><td>ACTIVE, CARD_REMOVED, REVOKED</td><td>RECONNECTING</td><td>reconnect,
 *     before the driver is called</td></tr>
 * <tr><td>{@link #completeReconnect}</td><td>RECONNECTING</td><td>ACTIVE</td><td>reconnect: bound to the reader and
 *     card now present</td></tr>
 * <tr><td>{@link #abortReconnect}</td><td>RECONNECTING</td><td>the phase before</td><td>reconnect failed</td></tr>
 * <tr><td>{@link #noteReset} (idle release)</td><td>ACTIVE</td><td>ACTIVE, with a reset notice for the holder's next
 *     call</td><td>the lock reaper</td></tr>
 * <tr><td>{@link #markDetached} (detach, abandon)</td><td>any but DETACHED</td><td>DETACHED</td><td>the owner, the
 *     core for a bundle gone, an operator; under the arbiter's mutex ({@link CardArbiter#detach})</td></tr>
 * </table>
 *
 * <p>RESERVED and RECONNECTING claim the reader for their share mode, as ACTIVE does: sharing is checked against them.
 * Locks, the waiting line and owed disconnects belong to the slot's {@link CardArbiter}.
 */
public final class ReaderSlot {
    /** Where an attachment is in its life; {@link Life#state()} is what the API shows of it. */
    enum Phase { RESERVED, ACTIVE, CARD_REMOVED, REVOKED, RECONNECTING, DETACHED }

    /**
     * One attachment's lifecycle state. Written only by the enclosing {@link ReaderSlot}, under its monitor (the
     * fields are private to this nesting); read by anyone, without locking.
     */
    static final class Life {
        private volatile Phase phase = Phase.RESERVED;
        private volatile Phase beforeReconnect;
        private volatile ShareMode mode;
        private volatile ShareMode modeBeforeReconnect;
        private volatile ReaderBinding binding;
        private volatile CardSession session;
        private volatile CoreCardHandle handle;
        private volatile String reason;
        private volatile String resetNotice;

        Life(ShareMode mode) {
            this.mode = mode;
        }

        /** @return the state the API shows: RESERVED counts as ACTIVE, RECONNECTING as the phase it started from */
        AttachmentState state() {
            Phase current = phase;
            if (current == Phase.RECONNECTING) {
                current = beforeReconnect;
            }
            return switch (current) {
                case RESERVED, ACTIVE, RECONNECTING -> AttachmentState.ACTIVE;
                case CARD_REMOVED -> AttachmentState.CARD_REMOVED;
                case REVOKED -> AttachmentState.REVOKED;
                case DETACHED -> AttachmentState.DETACHED;
            };
        }

        ShareMode mode() {
            return mode;
        }

        ReaderBinding binding() {
            return binding;
        }

        CardSession session() {
            return session;
        }

        CoreCardHandle handle() {
            return handle;
        }

        /** @return why the attachment is not ACTIVE (revoked, removed, detached), or null */
        String reason() {
            return reason;
        }

        /** @return whether the card was reset under the attachment's lock and it has not been told yet */
        boolean hasResetNotice() {
            return resetNotice != null;
        }

        /** @return whether the attachment holds a place on the reader that sharing must respect */
        private boolean claims() {
            Phase current = phase;
            return current == Phase.RESERVED || current == Phase.ACTIVE || current == Phase.RECONNECTING;
        }
    }

    private record Registration(ReaderTransport transport, ReaderProperties properties) {
    }

    private final String name;
    private final CoreContext context;
    private final CardArbiter arbiter;
    private final Map<Object, Registration> registrations = new LinkedHashMap<>();
    private final Set<CoreAttachment> attachments = new LinkedHashSet<>();
    private ReaderBinding active;
    private boolean cardPresent;
    private long insertion;
    private long localInsertions;
    private CoreCardHandle handle;
    private long eventSequence;
    private volatile ReaderInfo info;

    public ReaderSlot(String name, CoreContext context) {
        this.name = name;
        this.context = context;
        this.arbiter = new CardArbiter(name, context.worker(), this::activeBinding);
    }

    public String name() {
        return name;
    }

    public CardArbiter arbiter() {
        return arbiter;
    }

    /** @return the transport offering this reader now, or null while none does */
    private synchronized ReaderBinding activeBinding() {
        return active;
    }

    /** Waits until no driver call runs on the card and no disconnect is owed to it; see {@link CardArbiter}. */
    public boolean settle(long deadline) {
        return arbiter.awaitSettled(deadline);
    }

    CoreContext context() {
        return context;
    }

    /** @return the reader as listed now, or null while no transport offers it */
    public ReaderInfo info() {
        return info;
    }

    /** @return the card now in the reader, or null */
    public synchronized CoreCardHandle currentCard() {
        return active == null ? null : handle;
    }

    public synchronized List<CoreAttachment> attachments() {
        return new ArrayList<>(attachments);
    }

    public synchronized boolean isIdle() {
        return active == null && registrations.isEmpty() && attachments.isEmpty();
    }

    // ---- reader registrations -------------------------------------------------------------------------------------

    public void register(Object key, ReaderTransport transport, ReaderProperties properties) {
        boolean back;
        synchronized (this) {
            registrations.put(key, new Registration(transport, properties));
            back = active == null;
            if (back) {
                activate(key);
            }
            context.observer().readersChanged();
        }
        if (back) {
            // What departed attachments owe the card of this name (a RESET) is paid before anyone is admitted.
            arbiter.readerBack();
        }
    }

    public void modified(Object key, ReaderProperties properties) {
        boolean cardChanged = false;
        synchronized (this) {
            Registration registration = registrations.get(key);
            if (registration == null) {
                return;
            }
            registrations.put(key, new Registration(registration.transport(), properties));
            if (active != null && active.key() == key) {
                cardChanged = applyCard(properties);
            }
            // Under the monitor, so nobody told of an insertion can read a reader list without it.
            context.observer().readersChanged();
        }
        if (cardChanged) {
            arbiter.cardGone();
        }
    }

    public void unregister(Object key, String cause) {
        withdraw(key, cause).run();
    }

    /**
     * Takes a registration away; if it was the reader's active one, revokes the attachments and tells the listeners at
     * once, and returns the release of the reader's blocked callers for the caller to run. Removing many readers at
     * once (a driver stopping), the core revokes all their attachments before it wakes anybody: woken callers compete
     * for the CPU with the sweep.
     *
     * @return what releases the reader's waiting and running callers; does nothing if the reader stays
     */
    public Runnable withdraw(Object key, String cause) {
        String reason;
        synchronized (this) {
            if (registrations.remove(key) == null || active == null || active.key() != key) {
                return () -> { };
            }
            reason = "reader '" + name + "' went away: " + cause;
            // One burst, one timestamp: the reader took its attachments, card and itself away at one moment.
            Instant now = Instant.now();
            List<CardEvent> burst = new ArrayList<>(attachments.size() + 2);
            for (CoreAttachment attachment : attachments) {
                if (revoke(attachment.life(), reason)) {
                    burst.add(event(CardEvent.Type.ATTACHMENT_REVOKED, now, null, attachment.id(), reason));
                }
            }
            if (cardPresent) {
                burst.add(event(CardEvent.Type.CARD_REMOVED, now, null, null, cause));
            }
            burst.add(event(CardEvent.Type.READER_REMOVED, now, null, null, cause));
            context.observer().publishAll(burst);
            active = null;
            cardPresent = false;
            handle = null;
            info = null;
            if (!registrations.isEmpty()) {
                activate(registrations.keySet().iterator().next());
            }
            context.observer().readersChanged();
        }
        return () -> arbiter.readerGone(reason);
    }

    private void activate(Object key) {
        Registration registration = registrations.get(key);
        active = new ReaderBinding(key, registration.transport(), registration.properties().driverName());
        publish(CardEvent.Type.READER_ADDED, null, null, "driver " + active.driverName());
        cardPresent = false;
        handle = null;
        applyCard(registration.properties());
        updateInfo();
    }

    /** @return true if the card changed (removed, inserted or replaced) */
    private boolean applyCard(ReaderProperties properties) {
        boolean present = properties.cardPresent();
        long next = insertion;
        if (properties.insertion() != null) {
            next = properties.insertion();
        } else if (present && !cardPresent) {
            next = ++localInsertions;
        }
        boolean changed = present != cardPresent || (present && next != insertion);
        if (!changed) {
            return false;
        }
        if (cardPresent) {
            for (CoreAttachment attachment : attachments) {
                cardRemoved(attachment.life(), insertion);
            }
            publish(CardEvent.Type.CARD_REMOVED, null, null, null);
        }
        cardPresent = present;
        insertion = next;
        handle = null;
        if (present) {
            Atr atr = properties.atr();
            handle = new CoreCardHandle(context.handleIssuer(), active, name, insertion, atr);
            for (CoreAttachment attachment : attachments) {
                cardInserted(attachment.life(), handle);
            }
        }
        // Listed before anyone is told: a locate() waiter or a listener may attach to the card at once.
        updateInfo();
        if (present) {
            publish(CardEvent.Type.CARD_INSERTED, handle.atr(), null, null);
            context.observer().cardArrived(name, handle);
        }
        return true;
    }

    /** Sets what {@code readers()} and attach look at; the reader list is rebuilt on its next read. */
    private void updateInfo() {
        info = active == null ? null : new ReaderInfo(name, active.driverName(), cardPresent ? handle : null);
        context.observer().readersChanged();
    }

    private void publish(CardEvent.Type type, Atr atr, String attachmentId, String reason) {
        context.observer().publish(event(type, Instant.now(), atr, attachmentId, reason));
    }

    /** The reader's next event; under the monitor, which keeps sequence numbers in publishing order. */
    private CardEvent event(CardEvent.Type type, Instant time, Atr atr, String attachmentId, String reason) {
        return new CardEvent(type, name, ++eventSequence, time, atr, attachmentId, reason);
    }

    /** Tells the listeners about an attachment the core took away (e.g. its owner bundle went away). */
    synchronized void publishRevoked(CoreAttachment attachment, String reason) {
        publish(CardEvent.Type.ATTACHMENT_REVOKED, null, attachment.id(), reason);
    }

    // ---- attaching ------------------------------------------------------------------------------------------------

    /**
     * Checks that the attachment may connect with the given mode and claims its place, before the driver is called.
     *
     * @param expected the card insertion the caller insists on, or null
     * @return the binding to connect through
     */
    ReaderBinding reserve(CoreAttachment attachment, ShareMode mode, CoreCardHandle expected) throws CardException {
        synchronized (this) {
            if (active == null) {
                throw new ReaderUnavailableException("reader '" + name + "' is not available now");
            }
            checkCard(mode, expected);
            checkSharing(attachment, mode);
            attachment.life().mode = mode;
            attachments.add(attachment);
            return active;
        }
    }

    /**
     * Binds a freshly connected session to the attachment, unless the reader or card changed meanwhile; then the
     * session is closed again and the caller learns why.
     */
    void complete(CoreAttachment attachment, ReaderBinding binding, CardSession session, CoreCardHandle expected)
            throws CardException {
        CardException failure;
        synchronized (this) {
            failure = bindingFailure(attachment, binding, session, expected);
            if (failure == null) {
                bind(attachment.life(), binding, session);
                return;
            }
            attachments.remove(attachment);
            close(attachment.life(), failure.getMessage());
        }
        closeQuietly(binding, session);
        throw failure;
    }

    /** Gives back a place claimed by {@link #reserve} when the driver refused to connect. */
    void cancel(CoreAttachment attachment, String reason) {
        synchronized (this) {
            attachments.remove(attachment);
            close(attachment.life(), reason);
        }
        arbiter.wakeAll();
    }

    /** Checks and claims a new share mode for a reconnect; returns the binding that exists now. */
    ReaderBinding prepareReconnect(CoreAttachment attachment, ShareMode mode) throws CardException {
        synchronized (this) {
            Life life = attachment.life();
            if (life.phase == Phase.DETACHED) {
                throw attachment.closedException();
            }
            if (life.phase == Phase.RECONNECTING) {
                throw new CardException(ScardError.SCARD_E_SHARING_VIOLATION, "attachment " + attachment.id()
                        + " is already reconnecting to reader '" + name + "'");
            }
            if (active == null) {
                throw new ReaderUnavailableException("reader '" + name + "' is still unavailable: "
                        + "reconnect works once a reader of that name is back");
            }
            checkCard(mode, null);
            checkSharing(attachment, mode);
            life.beforeReconnect = life.phase;
            life.modeBeforeReconnect = life.mode;
            life.mode = mode;
            life.phase = Phase.RECONNECTING;
            return active;
        }
    }

    /** Completes a reconnect: the session (new or reconnected) is checked against the reader and card now present. */
    void completeReconnect(CoreAttachment attachment, ReaderBinding binding, CardSession session)
            throws CardException {
        CardException failure;
        synchronized (this) {
            failure = bindingFailure(attachment, binding, session, null);
            if (failure == null && attachment.life().phase == Phase.RECONNECTING) {
                bind(attachment.life(), binding, session);
                return;
            }
        }
        throw failure != null ? failure : new ReaderUnavailableException("reader '" + name + "' went away while "
                + "attachment " + attachment.id() + " was reconnecting");
    }

    /**
     * Throws why the attachment's reconnect cannot go on (it was detached, or its reader withdrawn, while it waited for
     * the card); returns if it is still reconnecting. Called with the card entered, so nothing can change it until the
     * reconnect's driver call is done.
     */
    void checkStillReconnecting(CoreAttachment attachment) throws CardException {
        synchronized (this) {
            Life life = attachment.life();
            if (life.phase == Phase.DETACHED) {
                throw attachment.closedException();
            }
            if (life.phase != Phase.RECONNECTING) {
                throw new ReaderUnavailableException("reader '" + name + "' went away while attachment "
                        + attachment.id() + " was reconnecting: " + life.reason);
            }
        }
    }

    /** A reconnect failed: the attachment is as it was before, with its share mode, unless it was revoked meanwhile. */
    void abortReconnect(CoreAttachment attachment) {
        synchronized (this) {
            Life life = attachment.life();
            if (life.phase == Phase.RECONNECTING) {
                life.phase = life.beforeReconnect;
                life.mode = life.modeBeforeReconnect;
            }
        }
    }

    /**
     * Marks the attachment detached and takes it off the reader: the state change of a detach. Runs under the
     * arbiter's mutex ({@link CardArbiter#detach}).
     *
     * @param byOwner true when the owner detaches: then detaching twice is an error
     * @return the state the API showed before, or null if it was already detached (only when not by the owner)
     */
    AttachmentState markDetached(CoreAttachment attachment, String reason, boolean byOwner) throws CardException {
        synchronized (this) {
            Life life = attachment.life();
            if (life.phase == Phase.DETACHED) {
                if (byOwner) {
                    throw attachment.closedException();
                }
                return null;
            }
            AttachmentState previous = life.state();
            close(life, reason);
            attachments.remove(attachment);
            return previous;
        }
    }

    /** The card was reset under the attachment's lock (released for idleness): its next call is told why. */
    void noteReset(CoreAttachment attachment, String notice) {
        synchronized (this) {
            Life life = attachment.life();
            if (life.phase == Phase.ACTIVE) {
                life.resetNotice = notice;
            }
        }
    }

    /** @return the reset notice the attachment has not been told yet, now taken; or null */
    String takeResetNotice(CoreAttachment attachment) {
        synchronized (this) {
            Life life = attachment.life();
            String notice = life.resetNotice;
            life.resetNotice = null;
            return notice;
        }
    }

    // ---- transitions, under the monitor ---------------------------------------------------------------------------

    private void bind(Life life, ReaderBinding newBinding, CardSession newSession) {
        life.binding = newBinding;
        life.session = newSession;
        life.handle = cardPresent ? handle : null;
        life.phase = Phase.ACTIVE;
        life.reason = null;
        life.resetNotice = null;
    }

    private static void close(Life life, String reason) {
        life.phase = Phase.DETACHED;
        life.reason = reason;
        life.resetNotice = null;
    }

    /** @return whether the attachment was revoked (it was not detached already) */
    private static boolean revoke(Life life, String reason) {
        if (life.phase == Phase.DETACHED) {
            return false;
        }
        if (life.phase == Phase.RECONNECTING) {
            life.mode = life.modeBeforeReconnect;
        }
        life.phase = Phase.REVOKED;
        life.reason = reason;
        return true;
    }

    /** A card arrived: a DIRECT attachment, which stays connected to the reader, now reaches it. */
    private static void cardInserted(Life life, CoreCardHandle card) {
        if (life.mode == ShareMode.DIRECT && life.phase == Phase.ACTIVE) {
            life.handle = card;
        }
    }

    private static void cardRemoved(Life life, long removedInsertion) {
        if (life.mode == ShareMode.DIRECT) {
            life.handle = null;
            return;
        }
        CoreCardHandle card = life.handle;
        boolean same = card == null || card.insertion() == removedInsertion;
        if (life.phase == Phase.ACTIVE && same) {
            life.phase = Phase.CARD_REMOVED;
            life.reason = "card removed";
        } else if (life.phase == Phase.RECONNECTING && life.beforeReconnect == Phase.ACTIVE && same) {
            life.beforeReconnect = Phase.CARD_REMOVED;
            life.reason = "card removed";
        }
    }

    private CardException bindingFailure(CoreAttachment attachment, ReaderBinding binding, CardSession session,
            CoreCardHandle expected) {
        if (attachment.life().phase == Phase.DETACHED) {
            return new AttachmentClosedException(
                    "attachment " + attachment.id() + " was detached while connecting");
        }
        if (active != binding) {
            return new ReaderUnavailableException("reader '" + name + "' went away while connecting");
        }
        if (attachment.life().mode == ShareMode.DIRECT) {
            return null;
        }
        long connected;
        try {
            connected = session.insertion();
        } catch (RuntimeException | LinkageError e) {
            return new CardIOException(
                    "driver '" + binding.driverName() + "' failed to report the card insertion on reader '" + name
                            + "': " + e, e);
        }
        if (!cardPresent || connected != insertion || (expected != null && !expected.names(binding, insertion))) {
            return new CardRemovedException("the card in reader '" + name + "' was removed or replaced while "
                    + "connecting");
        }
        return null;
    }

    private void checkCard(ShareMode mode, CoreCardHandle expected) throws CardException {
        if (expected != null && (!cardPresent || !expected.names(active, insertion))) {
            throw new CardRemovedException("the card " + expected + " was removed from reader '" + name
                    + "'; a handle never attaches to another card");
        }
        if (mode != ShareMode.DIRECT && !cardPresent) {
            throw new NoCardException("no card in reader '" + name + "'");
        }
    }

    private void checkSharing(CoreAttachment attachment, ShareMode mode) throws CardException {
        for (CoreAttachment other : attachments) {
            if (other == attachment || !other.life().claims()) {
                continue;
            }
            if (mode == ShareMode.EXCLUSIVE) {
                throw new SharingViolationException("reader '" + name + "' cannot be attached exclusively: "
                        + "attachment " + other.id() + " of " + other.ownerName() + " is using it");
            }
            if (other.life().mode == ShareMode.EXCLUSIVE) {
                throw new SharingViolationException("reader '" + name + "' is held exclusively by attachment "
                        + other.id() + " of " + other.ownerName());
            }
        }
    }

    private static void closeQuietly(ReaderBinding binding, CardSession session) {
        try {
            session.disconnect(Disposition.LEAVE);
        } catch (CardException | RuntimeException | LinkageError e) {
            // The session was only opened to be dropped; the caller is told the real reason.
        }
    }
}

package org.cardmanage.core.internal.attachment;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import org.cardmanage.api.Atr;
import org.cardmanage.api.AttachOptions;
import org.cardmanage.api.Attachment;
import org.cardmanage.api.AttachmentClosedException;
import org.cardmanage.api.AttachmentState;
import org.cardmanage.api.CardException;
import org.cardmanage.api.CardHandle;
import org.cardmanage.api.CardIOException;
import org.cardmanage.api.CardLock;
import org.cardmanage.api.CardRemovedException;
import org.cardmanage.api.CardResetException;
import org.cardmanage.api.CardState;
import org.cardmanage.api.CardStatus;
import org.cardmanage.api.CardTimeoutException;
import org.cardmanage.api.CommandApdu;
import org.cardmanage.api.Disposition;
import org.cardmanage.api.NotSupportedException;
import org.cardmanage.api.Protocol;
import org.cardmanage.api.ReaderUnavailableException;
import org.cardmanage.api.ResponseApdu;
import org.cardmanage.api.ScardError;
import org.cardmanage.api.ShareMode;
import org.cardmanage.core.internal.ApduTrace;
import org.cardmanage.core.internal.CoreLog;
import org.cardmanage.core.internal.arbitration.CardArbiter;
import org.cardmanage.core.internal.arbitration.CoreCardLock;
import org.cardmanage.core.internal.config.CoreSettings;
import org.cardmanage.spi.CardSession;

/**
 * The core's attachment: what its owner calls. Its lifecycle state ({@link ReaderSlot.Life}) belongs to its
 * {@link ReaderSlot}, which makes every transition; driver calls are admitted one at a time per card by the slot's
 * {@link CardArbiter}.
 */
public final class CoreAttachment implements Attachment {
    /** The longest response ISO 7816-4 allows: 65536 bytes of data (extended Le 0000), SW1 and SW2. */
    private static final int MAX_RESPONSE = 65_536 + 2;

    private final String id;
    private final ReaderSlot slot;
    private final AttachmentOwner owner;
    /** Who the owner attached for, or null for itself; fixed at attach, kept by every reconnect. */
    private final String principal;
    private final Set<Protocol> protocols;
    private final boolean chaining;
    private final Instant created = Instant.now();

    private final ReaderSlot.Life life;

    CoreAttachment(ReaderSlot slot, AttachmentOwner owner, AttachOptions options) {
        this.id = slot.context().nextAttachmentId();
        this.slot = slot;
        this.owner = owner;
        this.principal = options.principal().orElse(null);
        this.life = new ReaderSlot.Life(options.shareMode());
        this.protocols = options.protocols();
        this.chaining = options.responseChaining();
    }

    // ---- identity -------------------------------------------------------------------------------------------------

    @Override
    public String id() {
        return id;
    }

    @Override
    public String readerName() {
        return slot.name();
    }

    @Override
    public ShareMode shareMode() {
        return life.mode();
    }

    @Override
    public AttachmentState state() {
        return life.state();
    }

    @Override
    public Optional<CardHandle> handle() {
        return Optional.ofNullable(life.handle());
    }

    /** The lifecycle state, read here and written by the slot alone. */
    ReaderSlot.Life life() {
        return life;
    }

    /** @return the owner bundle, with {@code for PRINCIPAL} when it attached for one */
    public String ownerName() {
        return owner.ownerName(principal);
    }

    public long ownerBundleId() {
        return owner.bundleId();
    }

    String ownerSymbolicName() {
        return owner.symbolicName();
    }

    /** @return who the owner attached for, or null for itself */
    String principal() {
        return principal;
    }

    public Instant created() {
        return created;
    }

    /** @return true while this attachment holds the lock on its card */
    public boolean holdsLock() {
        return slot.arbiter().lockHolder() == this;
    }

    public CardArbiter arbiter() {
        return slot.arbiter();
    }

    // ---- card operations ------------------------------------------------------------------------------------------

    @Override
    public CardStatus status() throws CardException {
        checkUsable();
        CardSession current = life.session();
        ReaderBinding bound = life.binding();
        Atr atr = DriverGuard.call(readerName(), bound.driverName(), "status", () -> current.atr().orElse(null));
        Protocol protocol =
                DriverGuard.call(readerName(), bound.driverName(), "status", () -> current.protocol().orElse(null));
        CardState cardState;
        if (life.mode() == ShareMode.DIRECT) {
            cardState = slot.currentCard() == null ? CardState.ABSENT
                    : protocol == null ? CardState.PRESENT : CardState.SPECIFIC;
        } else {
            cardState = protocol == null ? CardState.POWERED : CardState.SPECIFIC;
        }
        return new CardStatus(readerName(), cardState, protocol, atr);
    }

    @Override
    public ResponseApdu transmit(CommandApdu command) throws CardException {
        if (command == null) {
            throw new IllegalArgumentException("command APDU is null");
        }
        if (life.mode() == ShareMode.DIRECT) {
            throw new NotSupportedException("attachment " + id + " is DIRECT: it exchanges control codes with reader '"
                    + readerName() + "' only; attach SHARED or EXCLUSIVE to transmit");
        }
        CoreSettings settings = slot.context().settings();
        CardArbiter arbiter = slot.arbiter();
        arbiter.enter(this, settings.transmitWait().toNanos());
        ResponseApdu response;
        String cut = null;
        try {
            long start = settings.trace() ? System.nanoTime() : 0;
            response = exchange(command);
            if (chaining && settings.responseChaining() && (response.hasMoreData() || response.isWrongLength())) {
                response = ResponseChainer.complete(readerName(), command, response, this::exchange);
            }
            if (settings.trace()) {
                CoreLog.info(ApduTrace.line(readerName(), id, command, response, System.nanoTime() - start));
            }
        } finally {
            cut = arbiter.exit(this);
        }
        if (cut != null) {
            // The core cut the call short and the driver answered anyway: the caller learns why, not the answer.
            throw cutShort(cut, null);
        }
        return response;
    }

    private ResponseApdu exchange(CommandApdu command) throws CardException {
        CardSession current = life.session();
        ReaderBinding binding = life.binding();
        byte[] raw;
        try {
            raw = current.transmit(command.bytes());
        } catch (CardException | RuntimeException | Error e) {
            CardException cut = cutShort(e);
            if (cut != null) {
                throw cut;
            }
            if (e instanceof CardException failure) {
                throw failure;
            }
            CardIOException contained = DriverGuard.contain(readerName(), binding.driverName(), "transmit", e);
            checkUsable();
            throw contained;
        }
        if (raw == null || raw.length < 2 || raw.length > MAX_RESPONSE) {
            CardIOException malformed = new CardIOException("driver '" + binding.driverName() + "' returned a "
                    + "malformed response of " + (raw == null ? "null" : raw.length + " bytes") + " on reader '"
                    + readerName() + "': a response has SW1 SW2 and at most 65536 bytes of data before them");
            CardException cut = cutShort(malformed);
            throw cut != null ? cut : malformed;
        }
        return new ResponseApdu(raw);
    }

    /** A driver call admitted by the arbiter, with what it throws contained and a call the core cut short told. */
    private <T> T driverCall(String operation, DriverGuard.DriverCall<T> call) throws CardException {
        try {
            return DriverGuard.call(readerName(), life.binding().driverName(), operation, call);
        } catch (CardException e) {
            CardException cut = cutShort(e);
            throw cut != null ? cut : e;
        }
    }

    /**
     * @param failure what the driver call ended with
     * @return the exception that says why the core cut the current thread's driver call short (the attachment was
     *     revoked or detached, or the call overran the driver call bound), with the driver's own failure suppressed
     *     in it; null if the core did not cut it short
     */
    private CardException cutShort(Throwable failure) {
        String reason = slot.arbiter().abortReason(this);
        return reason == null ? null : cutShort(reason, failure);
    }

    private CardException cutShort(String reason, Throwable failure) {
        AttachmentState current = life.state();
        CardException cut = current != AttachmentState.ACTIVE ? stateException(current)
                : new CardTimeoutException(reason + "; driver '" + life.binding().driverName() + "' was interrupted");
        if (failure != null) {
            cut.addSuppressed(failure);
        }
        return cut;
    }

    @Override
    public byte[] control(int controlCode, byte[] data) throws CardException {
        if (data == null) {
            throw new IllegalArgumentException("control data is null (use an empty array)");
        }
        byte[] input = data.clone();
        CardArbiter arbiter = slot.arbiter();
        arbiter.enter(this, slot.context().settings().transmitWait().toNanos());
        try {
            CardSession current = life.session();
            byte[] output = driverCall("control", () -> current.control(controlCode, input));
            return output == null ? new byte[0] : output.clone();
        } finally {
            arbiter.exit(this);
        }
    }

    // ---- locks ----------------------------------------------------------------------------------------------------

    @Override
    public CardLock lock(Duration timeout) throws CardException {
        long nanos = Timeouts.toNanos(timeout, "lock");
        if (life.mode() == ShareMode.DIRECT) {
            throw new NotSupportedException("attachment " + id + " is DIRECT: there is no card transaction to lock on "
                    + "reader '" + readerName() + "'");
        }
        long deadline = System.nanoTime() + nanos;
        CardArbiter arbiter = slot.arbiter();
        CoreCardLock lock = arbiter.acquireLock(this, nanos);
        boolean begun = false;
        try {
            CardSession current = life.session();
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            driverCall("beginTransaction", () -> {
                current.beginTransaction(left);
                return null;
            });
            begun = true;
        } finally {
            arbiter.lockBegun(lock, begun);
        }
        slot.context().reaper().watch(lock);
        return lock;
    }

    public void unlock(CoreCardLock lock, Disposition disposition) throws CardException {
        if (disposition == null) {
            throw new IllegalArgumentException("disposition is null");
        }
        if (lock.isExpired()) {
            String reason = slot.takeResetNotice(this);
            throw new CardResetException(reason != null ? reason : "the lock of attachment " + id + " on reader '"
                    + readerName() + "' was already released with RESET for idleness");
        }
        if (!lock.isHeld()) {
            checkUsable();
            throw new CardException(ScardError.SCARD_E_NOT_TRANSACTED,
                    "attachment " + id + " no longer holds a lock on the card in reader '" + readerName() + "'");
        }
        CardArbiter arbiter = slot.arbiter();
        arbiter.enter(this, slot.context().settings().transmitWait().toNanos());
        try {
            CardSession current = life.session();
            driverCall("endTransaction", () -> {
                current.endTransaction(disposition);
                return null;
            });
        } finally {
            arbiter.release(lock);
            arbiter.exit(this);
        }
    }

    /** The reaper took the lock away for idleness and entered the arbiter; end the transaction with RESET. */
    public void lockExpired(CoreCardLock lock) {
        long bound = slot.context().settings().lockIdleTimeout().toMillis();
        String notice = "the lock of attachment " + id + " on reader '" + readerName() + "' was released with RESET "
                + "after " + bound + " ms without use";
        slot.noteReset(this, notice);
        CoreLog.info(notice);
        try {
            CardSession current = life.session();
            if (current != null && life.state() == AttachmentState.ACTIVE) {
                current.endTransaction(Disposition.RESET);
            }
        } catch (CardException | RuntimeException | LinkageError e) {
            CoreLog.warn("ending the expired transaction of attachment " + id + " on reader '" + readerName()
                    + "' failed: " + e);
        } finally {
            slot.arbiter().exit(this);
        }
    }

    // ---- reconnect and detach -------------------------------------------------------------------------------------

    @Override
    public void reconnect(ShareMode shareMode, Disposition initialization) throws CardException {
        if (shareMode == null || initialization == null) {
            throw new IllegalArgumentException("share mode and initialization must not be null");
        }
        if (initialization == Disposition.EJECT) {
            throw new IllegalArgumentException("EJECT is not an initialization: use LEAVE, RESET or UNPOWER");
        }
        if (life.state() == AttachmentState.DETACHED) {
            throw closedException();
        }
        new Reconnection(this, slot, shareMode, initialization).run();
    }

    public ReaderBinding binding() {
        return life.binding();
    }

    public CardSession session() {
        return life.session();
    }

    Set<Protocol> protocols() {
        return protocols;
    }

    @Override
    public <T> T createInterface(Class<T> serviceInterface) throws CardException {
        if (serviceInterface == null) {
            throw new IllegalArgumentException("service interface is null");
        }
        checkUsable();
        return slot.context().cardServices().createInterface(this, serviceInterface);
    }

    @Override
    public void detach(Disposition disposition) throws CardException {
        if (disposition == null) {
            throw new IllegalArgumentException("disposition is null");
        }
        end(disposition, "detached by its owner", true);
    }

    /**
     * Detaches on behalf of the core, e.g. because the owner bundle went away. Never throws, and never keeps the
     * calling (framework) thread longer than the transmit wait, whatever the driver does.
     */
    public void abandon(Disposition disposition, String reason) {
        try {
            AttachmentState previous = end(disposition, reason, false);
            if (previous == AttachmentState.ACTIVE || previous == AttachmentState.CARD_REMOVED) {
                slot.publishRevoked(this, reason);
            }
        } catch (CardException e) {
            CoreLog.warn("detaching abandoned attachment " + id + " on reader '" + readerName() + "' with "
                    + disposition + ": " + e.getMessage());
        }
    }

    /** After a detach: the owner forgets this attachment (outside the arbiter's mutex, which a detach runs under). */
    void forgotten() {
        owner.forget(this);
    }

    private AttachmentState end(Disposition disposition, String reason, boolean byOwner) throws CardException {
        return new Detachment(this, slot).end(disposition, reason, byOwner);
    }

    /** Closes a session this attachment no longer uses; see {@link Detachment#retire}. */
    void retire(CardSession old) {
        new Detachment(this, slot).retire(old);
    }

    @Override
    public void close() {
        if (life.state() != AttachmentState.DETACHED) {
            try {
                detach(Disposition.RESET);
            } catch (CardException e) {
                CoreLog.debug("close of attachment " + id + " on reader '" + readerName() + "': " + e.getMessage());
            }
        }
    }

    // ---- state ----------------------------------------------------------------------------------------------------

    /** Throws the exception that says why this attachment cannot be used now; returns if it can. */
    public void checkUsable() throws CardException {
        AttachmentState current = life.state();
        if (current != AttachmentState.ACTIVE) {
            throw stateException(current);
        }
        if (life.hasResetNotice()) {
            String notice = slot.takeResetNotice(this);
            if (notice != null) {
                throw new CardResetException(notice);
            }
        }
    }

    private CardException stateException(AttachmentState current) {
        return switch (current) {
            case DETACHED -> closedException();
            case REVOKED -> new ReaderUnavailableException(life.reason() + "; attachment " + id
                    + " can reconnect() once a reader of that name is back");
            case CARD_REMOVED -> new CardRemovedException("the card in reader '" + readerName() + "' was removed; "
                    + "attachment " + id + " can reconnect() to the card now in the reader");
            default -> new CardException(ScardError.SCARD_F_INTERNAL_ERROR, "attachment " + id + " is " + current);
        };
    }

    AttachmentClosedException closedException() {
        return new AttachmentClosedException("attachment " + id + " on reader '" + readerName() + "' is detached ("
                + life.reason() + ")");
    }

    @Override
    public String toString() {
        return "Attachment[" + id + ", " + readerName() + ", " + life.mode() + ", " + life.state() + ", owner "
                + ownerName() + "]";
    }
}

package org.cardmanage.driver.sim.internal;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Hashtable;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import org.cardmanage.api.Atr;
import org.cardmanage.api.CardException;
import org.cardmanage.api.CardIOException;
import org.cardmanage.api.CardRemovedException;
import org.cardmanage.api.CardTimeoutException;
import org.cardmanage.api.Disposition;
import org.cardmanage.api.NoCardException;
import org.cardmanage.api.NotSupportedException;
import org.cardmanage.api.Protocol;
import org.cardmanage.api.ReaderUnavailableException;
import org.cardmanage.api.ScardError;
import org.cardmanage.api.ShareMode;
import org.cardmanage.driver.sim.SimFault;
import org.cardmanage.driver.sim.internal.card.CardProfile;
import org.cardmanage.driver.sim.internal.card.SimulatedCard;
import org.cardmanage.spi.CardSession;
import org.cardmanage.spi.ReaderTransport;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * One simulated reader and the card in it, registered as a {@link ReaderTransport} service. Card insertion and removal
 * update the service properties, the way a hardware driver reports what it sees.
 *
 * <p>State is guarded by this object's monitor, which is never held while calling the framework; property updates
 * are ordered by a separate lock so that listeners see insertions and removals in the order they happened.
 */
final class SimReader implements ReaderTransport {
    /** PC/SC part 10 {@code CM_IOCTL_GET_FEATURE_REQUEST}: SCARD_CTL_CODE(3400). */
    static final int GET_FEATURE_REQUEST = 0x42000000 + 3400;

    /** One card insertion. */
    record Card(SimulatedCard simulated, Atr atr, long insertion, Protocol protocol) {
    }

    private final String name;
    private final Duration muteTimeout;
    private final ReentrantLock propertyUpdates = new ReentrantLock();
    private final Set<SimFault> faults = EnumSet.noneOf(SimFault.class);
    private Card card;
    private long insertions;
    private long latencyNanos;
    private boolean gone;
    private int openSessions;
    private ServiceRegistration<ReaderTransport> registration;

    SimReader(String name, Duration muteTimeout) {
        this.name = name;
        this.muteTimeout = muteTimeout;
    }

    String name() {
        return name;
    }

    // ---- life cycle and control -----------------------------------------------------------------------------------

    void register(BundleContext context) {
        propertyUpdates.lock();
        try {
            ServiceRegistration<ReaderTransport> registered =
                    context.registerService(ReaderTransport.class, this, properties());
            synchronized (this) {
                registration = registered;
            }
        } finally {
            propertyUpdates.unlock();
        }
    }

    /** Unplugs the reader: calls in progress and later fail, blocked transmits are released. */
    void unregister() {
        ServiceRegistration<ReaderTransport> registered;
        synchronized (this) {
            gone = true;
            registered = registration;
            registration = null;
            notifyAll();
        }
        if (registered != null) {
            try {
                registered.unregister();
            } catch (IllegalStateException alreadyGone) {
                // The framework unregistered it first, when our bundle stopped.
            }
        }
    }

    void insert(CardProfile profile) {
        synchronized (this) {
            if (card != null) {
                throw new IllegalStateException("reader '" + name + "' already holds a card; remove it first");
            }
            SimulatedCard simulated = SimulatedCard.create(profile);
            Protocol protocol = profile.protocolT1() ? Protocol.T1 : Protocol.T0;
            card = new Card(simulated, Atr.parse(simulated.atr()), ++insertions, protocol);
        }
        publish();
    }

    boolean remove() {
        synchronized (this) {
            if (card == null) {
                return false;
            }
            card = null;
            faults.remove(SimFault.MUTE);
            notifyAll();
        }
        publish();
        return true;
    }

    synchronized Card card() {
        return card;
    }

    synchronized void setLatency(Duration latency) {
        latencyNanos = latency.toNanos();
    }

    synchronized void injectFault(SimFault fault) {
        faults.add(fault);
    }

    synchronized void clearFaults() {
        faults.clear();
        notifyAll();
    }

    synchronized int openSessions() {
        return openSessions;
    }

    private void publish() {
        propertyUpdates.lock();
        try {
            ServiceRegistration<ReaderTransport> registered;
            Hashtable<String, Object> properties;
            synchronized (this) {
                registered = registration;
                properties = properties();
            }
            if (registered != null) {
                registered.setProperties(properties);
            }
        } catch (IllegalStateException alreadyGone) {
            // Unregistered meanwhile: nobody is left to tell.
        } finally {
            propertyUpdates.unlock();
        }
    }

    private synchronized Hashtable<String, Object> properties() {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(READER_NAME, name);
        properties.put(DRIVER_NAME, "sim");
        properties.put(CARD_PRESENT, card != null);
        properties.put(CARD_INSERTION, insertions);
        if (card != null) {
            properties.put(CARD_ATR, Hex.of(card.atr().bytes()));
        }
        properties.put("service.description", "cardmanage simulated reader " + name);
        return properties;
    }

    // ---- ReaderTransport and session operations -------------------------------------------------------------------

    @Override
    public CardSession connect(ShareMode shareMode, Set<Protocol> protocols) throws CardException {
        synchronized (this) {
            checkPresent();
            if (card == null) {
                if (shareMode == ShareMode.DIRECT) {
                    openSessions++;
                    return new SimSession(this, shareMode, null, null);
                }
                throw new NoCardException("no card in simulated reader '" + name + "'");
            }
            SimSession session = new SimSession(this, shareMode, card, negotiate(card, protocols, shareMode));
            openSessions++;
            return session;
        }
    }

    byte[] transmit(SimSession session, byte[] command) throws CardException {
        SimFault fault = null;
        Card target;
        long latency;
        synchronized (this) {
            target = checkSession(session);
            if (!faults.isEmpty()) {
                fault = takeFault();
            }
            latency = latencyNanos;
        }
        if (fault == SimFault.MALFORMED_RESPONSE) {
            return new byte[] {(byte) 0x90};
        }
        if (fault != null) {
            applyFault(fault, session, target);
        }
        if (latency > 0) {
            // Simulates a slow card: the delay is the point, not a wait for a condition.
            LockSupport.parkNanos(latency);
        }
        byte[] response = target.simulated().process(command);
        synchronized (this) {
            // A card pulled while it was answering never delivers that answer.
            checkSession(session);
        }
        return response;
    }

    private SimFault takeFault() {
        if (faults.contains(SimFault.MUTE)) {
            return SimFault.MUTE;
        }
        SimFault fault = faults.iterator().next();
        faults.remove(fault);
        return fault;
    }

    private void applyFault(SimFault fault, SimSession session, Card target) throws CardException {
        switch (fault) {
            case FAIL_TRANSMIT -> throw new CardIOException(ScardError.SCARD_F_COMM_ERROR,
                    "simulated communication error on reader '" + name + "'", null);
            case THROW_RUNTIME -> throw new IllegalStateException("simulated driver bug in reader '" + name + "'");
            case REMOVE_DURING_TRANSMIT -> {
                remove();
                throw new CardRemovedException("the card was removed from simulated reader '" + name
                        + "' during a transmit");
            }
            case MUTE -> awaitAnswer(session, target);
            default -> throw new IllegalStateException("unknown fault " + fault);
        }
    }

    private synchronized void awaitAnswer(SimSession session, Card target) throws CardException {
        long deadline = System.nanoTime() + muteTimeout.toNanos();
        while (faults.contains(SimFault.MUTE)) {
            checkSession(session);
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new CardTimeoutException("the card in simulated reader '" + name + "' did not answer within "
                        + muteTimeout.toMillis() + " ms");
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, remaining);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CardException(ScardError.SCARD_E_CANCELLED, "interrupted while waiting for the card in "
                        + "simulated reader '" + name + "'", e);
            }
        }
        checkSession(session);
    }

    byte[] control(SimSession session, int controlCode, byte[] data) throws CardException {
        synchronized (this) {
            checkPresent();
            if (session.isClosed()) {
                throw closed();
            }
        }
        if (controlCode == GET_FEATURE_REQUEST) {
            return new byte[0]; // no PC/SC part 10 features, such as a PIN pad
        }
        throw new NotSupportedException("simulated reader '" + name + "' does not support control code 0x"
                + Integer.toHexString(controlCode));
    }

    synchronized void reconnect(SimSession session, ShareMode shareMode, Set<Protocol> protocols,
            Disposition initialization) throws CardException {
        checkPresent();
        if (session.isClosed()) {
            throw closed();
        }
        if (card == null) {
            if (shareMode != ShareMode.DIRECT) {
                throw new NoCardException("no card in simulated reader '" + name + "'");
            }
            session.rebind(shareMode, null, null);
            return;
        }
        Protocol protocol = negotiate(card, protocols, shareMode);
        if (session.card() == card) {
            apply(initialization, card.simulated());
        }
        session.rebind(shareMode, card, protocol);
    }

    void disconnect(SimSession session, Disposition disposition) throws CardException {
        Card target;
        synchronized (this) {
            if (!session.isClosed()) {
                openSessions--;
            }
            session.close();
            target = session.card();
            if (gone || target == null || target != card) {
                return;
            }
        }
        if (disposition == Disposition.EJECT) {
            remove();
        } else {
            apply(disposition, target.simulated());
        }
    }

    /** Applies a disposition to the card; ejecting is done by the caller, outside the monitor. */
    void apply(Disposition disposition, SimulatedCard simulated) {
        switch (disposition) {
            case RESET -> simulated.reset();
            case UNPOWER, EJECT -> simulated.powerOff();
            default -> {
            }
        }
    }

    /** @return the card the session is bound to, if it is still usable */
    synchronized Card checkSession(SimSession session) throws CardException {
        checkPresent();
        if (session.isClosed()) {
            throw closed();
        }
        Card bound = session.card();
        if (bound == null) {
            throw new NoCardException("the session on simulated reader '" + name + "' is DIRECT, without a card");
        }
        if (bound != card) {
            throw new CardRemovedException("the card in simulated reader '" + name + "' was removed");
        }
        return bound;
    }

    private void checkPresent() throws CardException {
        if (gone) {
            throw new ReaderUnavailableException("simulated reader '" + name + "' was removed");
        }
    }

    private CardException closed() {
        return new CardException(ScardError.SCARD_E_INVALID_HANDLE, "the session on simulated reader '" + name
                + "' is closed");
    }

    private Protocol negotiate(Card inserted, Set<Protocol> protocols, ShareMode shareMode) throws CardException {
        if (shareMode == ShareMode.DIRECT || protocols.contains(inserted.protocol())) {
            return shareMode == ShareMode.DIRECT ? null : inserted.protocol();
        }
        throw new CardException(ScardError.SCARD_E_PROTO_MISMATCH, "the card in simulated reader '" + name
                + "' speaks " + inserted.protocol() + " only; requested " + protocols);
    }
}

package org.cardmanage.core.internal.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.cardmanage.api.Atr;
import org.cardmanage.api.CardException;
import org.cardmanage.api.NoCardException;
import org.cardmanage.api.Protocol;
import org.cardmanage.api.ShareMode;
import org.cardmanage.core.internal.CardCore;
import org.cardmanage.spi.ReaderTransport;

/**
 * A hand-written reader driver for unit tests. It registers itself with a {@link CardCore} as SCR binds a driver's
 * service, publishes its card through the service properties and {@code core.updateReader} with a growing
 * {@code card.insertion},
 * answers APDUs through a scripted card function, and records every call the core makes, on the reader and on each
 * {@link FakeSession}.
 *
 * <p>Recorded calls read {@code connect SHARED}, {@code transmit 00A4040000}, {@code control 42}, {@code begin},
 * {@code end RESET}, {@code reconnect SHARED RESET}, {@code disconnect LEAVE}.
 *
 * <p>Faults: {@link #fail(String, Throwable)} makes every call of an operation throw (any throwable, including
 * errors), {@link #failOnce(String, Throwable)} only the next one; {@link #blockTransmits()} holds transmits on a
 * gate.
 */
public final class FakeReader implements ReaderTransport {
    /** A valid ATR offering T=0 only: TS 3B, T0 02, two historical bytes. */
    public static final String ATR_1 = "3B021450";
    /** Another valid ATR, to tell two cards apart. */
    public static final String ATR_2 = "3B021451";
    /** The driver name every fake reader publishes. */
    public static final String DRIVER = "fake";

    private static final Duration GATE_LIMIT = Duration.ofSeconds(30);
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final String name;
    private final List<String> calls = new ArrayList<>(); // guarded by itself
    private final List<FakeSession> sessions = new CopyOnWriteArrayList<>();
    private final Map<String, Fault> faults = new ConcurrentHashMap<>();
    private final Object publishing = new Object();
    private volatile Function<byte[], byte[]> card = command -> new byte[] {(byte) 0x90, 0x00};
    private volatile byte[] controlResponse = {0x01};
    private final Map<String, Gate> gates = new ConcurrentHashMap<>();
    private volatile CardCore core;
    private volatile FakeFramework.FakeReference<ReaderTransport> registration;

    // The card, guarded by this.
    private boolean present;
    private String atrProperty;
    private long insertion;

    private record Fault(Throwable error, boolean once) {
    }

    /** Holds calls of one operation until opened. */
    public static final class Gate {
        private final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch open = new CountDownLatch(1);

        /** Waits until a call reached the gate. */
        public void awaitEntered() throws InterruptedException {
            if (!entered.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("no call reached the gate within " + WAIT);
            }
        }

        /** Lets every held call go on, and every later one pass. */
        public void open() {
            open.countDown();
        }

        void pass() throws InterruptedException {
            entered.countDown();
            if (!open.await(GATE_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("test gate never opened");
            }
        }
    }

    public FakeReader(String name) {
        this.name = name;
    }

    // ---- the reader's life ----------------------------------------------------------------------------------------

    /** Registers this reader as a service of the driver bundle, and the core binds it as SCR would. */
    FakeReader plugInto(TestCore fixture, FakeFramework.FakeBundle driverBundle) {
        FakeFramework.FakeReference<ReaderTransport> reference =
                fixture.framework().reference(driverBundle, properties());
        this.core = fixture.core();
        this.registration = reference;
        core.addReader(reference.reference(), this);
        return this;
    }

    /** Unregisters this reader's service, and the core unbinds it as SCR would. */
    public void unplug() {
        core.removeReader(registration.reference());
    }

    /** Unregisters this reader's service after setting {@link ReaderTransport#GONE_REASON}, as a driver may. */
    public void unplug(String goneReason) {
        Map<String, Object> last = properties();
        last.put(ReaderTransport.GONE_REASON, goneReason);
        registration.setProperties(last);
        core.removeReader(registration.reference());
    }

    /** Inserts a card with {@link #ATR_1}. */
    public FakeReader insert() {
        return insert(ATR_1);
    }

    /** Inserts a card whose {@code card.atr} property is the given text, which need not be a valid ATR. */
    public FakeReader insert(String atrHex) {
        synchronized (publishing) {
            synchronized (this) {
                present = true;
                insertion++;
                atrProperty = atrHex;
            }
            publish();
        }
        return this;
    }

    /** Removes the card. */
    public void remove() {
        synchronized (publishing) {
            synchronized (this) {
                present = false;
                atrProperty = null;
            }
            publish();
        }
    }

    /** @return the service properties as the driver would publish them now */
    public synchronized Map<String, Object> properties() {
        Map<String, Object> properties = new HashMap<>();
        properties.put(READER_NAME, name);
        properties.put(DRIVER_NAME, DRIVER);
        properties.put(CARD_PRESENT, present);
        if (present && atrProperty != null) {
            properties.put(CARD_ATR, atrProperty);
        }
        properties.put(CARD_INSERTION, insertion);
        return properties;
    }

    private void publish() {
        CardCore target = core;
        FakeFramework.FakeReference<ReaderTransport> reference = registration;
        if (target != null) {
            reference.setProperties(properties());
            target.updateReader(reference.reference());
        }
    }

    public String name() {
        return name;
    }

    private volatile java.time.Duration lastTransactionTimeout;

    void lastTransactionTimeout(java.time.Duration timeout) {
        lastTransactionTimeout = timeout;
    }

    /** @return the timeout the core gave the last {@code beginTransaction(Duration)}, or null */
    public java.time.Duration lastTransactionTimeout() {
        return lastTransactionTimeout;
    }

    // ---- behaviour ------------------------------------------------------------------------------------------------

    /** Scripts the card: gets each command's bytes, returns the response bytes (null or short ones are allowed). */
    public FakeReader card(Function<byte[], byte[]> script) {
        this.card = script;
        return this;
    }

    /** Makes every call of the operation ({@code connect}, {@code transmit}, ...) throw until {@link #heal}. */
    public FakeReader fail(String operation, Throwable error) {
        faults.put(operation, new Fault(error, false));
        return this;
    }

    /** Makes the next call of the operation throw. */
    public FakeReader failOnce(String operation, Throwable error) {
        faults.put(operation, new Fault(error, true));
        return this;
    }

    public FakeReader heal(String operation) {
        faults.remove(operation);
        return this;
    }

    /** Holds every transmit from now on at a gate until the gate is opened. */
    public Gate blockTransmits() {
        return block("transmit");
    }

    /** Holds every call of the operation ({@code transmit}, {@code disconnect}) at a gate until it is opened. */
    public Gate block(String operation) {
        Gate created = new Gate();
        gates.put(operation, created);
        return created;
    }

    public FakeReader controlResponse(byte[] response) {
        this.controlResponse = response;
        return this;
    }

    // ---- records --------------------------------------------------------------------------------------------------

    /** @return every call made on this reader and its sessions, oldest first */
    public List<String> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /** @return how often the call was recorded */
    public long count(String call) {
        return calls().stream().filter(call::equals).count();
    }

    /** Waits until the call was recorded; fails the test after five seconds. */
    public void awaitCall(String call) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        synchronized (calls) {
            while (!calls.contains(call)) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw new AssertionError("'" + call + "' not called on " + name + " within " + WAIT + "; calls: "
                            + calls);
                }
                TimeUnit.NANOSECONDS.timedWait(calls, remaining);
            }
        }
    }

    /** @return the sessions the core opened, oldest first */
    public List<FakeSession> sessions() {
        return List.copyOf(sessions);
    }

    /** @return the only session the core opened */
    public FakeSession session() {
        if (sessions.size() != 1) {
            throw new AssertionError("expected one session on " + name + ", found " + sessions.size());
        }
        return sessions.get(0);
    }

    // ---- the transport --------------------------------------------------------------------------------------------

    @Override
    public FakeSession connect(ShareMode shareMode, Set<Protocol> protocols) throws CardException {
        record("connect " + shareMode);
        fault("connect");
        FakeSession session;
        synchronized (this) {
            if (shareMode != ShareMode.DIRECT && !present) {
                throw new NoCardException("no card in fake reader '" + name + "'");
            }
            session = new FakeSession(this, shareMode, protocols);
        }
        sessions.add(session);
        return session;
    }

    // ---- for FakeSession ------------------------------------------------------------------------------------------

    synchronized boolean cardPresent() {
        return present;
    }

    synchronized long insertion() {
        return insertion;
    }

    /** @return the ATR now in the reader, or null if none or unparsable */
    synchronized Atr atr() {
        if (!present || atrProperty == null) {
            return null;
        }
        try {
            return Atr.parseHex(atrProperty);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    byte[] answer(byte[] command) throws InterruptedException {
        pass("transmit");
        return card.apply(command);
    }

    void pass(String operation) throws InterruptedException {
        Gate gate = gates.get(operation);
        if (gate != null) {
            gate.pass();
        }
    }

    byte[] controlResponse() {
        return controlResponse == null ? null : controlResponse.clone();
    }

    void record(String call) {
        synchronized (calls) {
            calls.add(call);
            calls.notifyAll();
        }
    }

    void fault(String operation) throws CardException {
        Fault fault = faults.get(operation);
        if (fault == null) {
            return;
        }
        if (fault.once()) {
            faults.remove(operation, fault);
        }
        Throwable error = fault.error();
        if (error instanceof CardException e) {
            throw e;
        }
        if (error instanceof RuntimeException e) {
            throw e;
        }
        if (error instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException("unsupported fault", error);
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().withUpperCase().formatHex(bytes);
    }

    @Override
    public String toString() {
        return "FakeReader[" + name + "]";
    }
}

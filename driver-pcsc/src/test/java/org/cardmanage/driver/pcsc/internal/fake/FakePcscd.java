package org.cardmanage.driver.pcsc.internal.fake;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.cardmanage.driver.pcsc.internal.port.Pcsc;
import org.cardmanage.driver.pcsc.internal.port.PcscException;
import org.cardmanage.driver.pcsc.internal.port.PcscPort;

/**
 * A test double of pcscd with libpcsclite in front of it, behind {@link PcscPort}: the service, its readers, and the
 * processes ({@link FakeClient}s) that use it. Modelled on pcsc-lite's source ({@code src/winscard.c},
 * {@code winscard_clnt.c}, {@code winscard_svc.c}, {@code readerfactory.c}, {@code eventhandler.c}) and on what
 * {@code PCSC-TESTBED.md} measured with pcscd 1.9.9; see each class for its part.
 *
 * <p>The service: it can be stopped and started. While it is down {@code SCardEstablishContext} fails with
 * SCARD_E_NO_SERVICE. Stopping it ends every call waiting in it with SCARD_F_COMM_ERROR (libpcsclite's answer when
 * pcscd closes the socket under a pending read), and every later call on an old context or handle fails with
 * SCARD_E_NO_SERVICE (the send on the dead socket), also after a restart: a restarted service accepts new contexts
 * only. A restart starts every reader's event counter at 0 and the reader-events count at 1 plus one per reader.
 *
 * <p>Test controls: {@link #gate} holds the next call of a function inside pcscd; {@link #failNext} makes pcscd answer
 * the next call(s) with a code without doing anything; {@link #awaitWaiting} tells when a call waits (between the tries
 * of libpcsclite's loop, inside pcscd, or in {@code SCardGetStatusChange}); counters for live contexts, live handles
 * and calls per function. There is no fake time and no sleep: every wait is on one {@link ReentrantLock}'s condition,
 * real timeouts ({@code SCardGetStatusChange}) use real timed waits.
 */
public final class FakePcscd {
    final ReentrantLock lock = new ReentrantLock();
    final Condition changed = lock.newCondition();
    /** Bumped by every change that can end a wait; a loop waits for it to move, so idle waiters never spin. */
    private long version;
    boolean running = true;
    /** Which pcscd instance: contexts made on an older one have a dead socket. */
    long generation = 1;
    private int readerEvents = 1;
    private final Map<String, FakeReader> readers = new LinkedHashMap<>();
    private final Set<FakeContext> contexts = new LinkedHashSet<>();
    private final Map<String, Integer> calls = new HashMap<>();
    private final Map<String, Integer> waiting = new HashMap<>();
    private final Map<String, Deque<CallGate>> gates = new HashMap<>();
    private final Map<String, Deque<Integer>> failures = new HashMap<>();
    private final List<FakeClient> clients = new ArrayList<>();
    private long nextId = 0x5C0001L;
    private FakeClient client;
    final FakeWinscard winscard = new FakeWinscard(this);

    /**
     * The process under test: a {@link FakeClient} with {@code PCSCLITE_NO_BLOCKING} set
     * ({@link PcscPort#sharingReturnsAtOnce()} true), the same one on every call.
     */
    public FakeClient client() {
        lock.lock();
        try {
            if (client == null) {
                client = newClient("client", true);
            }
            return client;
        } finally {
            lock.unlock();
        }
    }

    /** Another process on the same pcscd, with libpcsclite's default blocking loops, e.g. to hold a transaction. */
    public FakeClient foreignClient() {
        return newClient("foreign", false);
    }

    /** Another process on the same pcscd. */
    public FakeClient newClient(String name, boolean sharingReturnsAtOnce) {
        lock.lock();
        try {
            FakeClient created = new FakeClient(this, name, sharingReturnsAtOnce);
            clients.add(created);
            return created;
        } finally {
            lock.unlock();
        }
    }

    /** Plugs a reader in (PnP: the reader-events count grows). */
    public FakeReader addReader(String name) {
        lock.lock();
        try {
            if (readers.containsKey(name)) {
                throw new IllegalArgumentException("reader exists: " + name);
            }
            FakeReader reader = new FakeReader(this, name);
            readers.put(name, reader);
            if (running) {
                readerEvents++;
            }
            changed();
            return reader;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Unplugs a reader: pcscd forgets it and its handles; calls on those handles then fail as {@code RFReaderInfoById}
     * makes them fail (SCARD_E_INVALID_VALUE; {@code SCardStatus}: SCARD_E_READER_UNAVAILABLE; disconnect succeeds).
     */
    public void removeReader(String name) {
        lock.lock();
        try {
            FakeReader reader = readers.remove(name);
            if (reader == null) {
                throw new IllegalArgumentException("no reader " + name);
            }
            reader.unplugged = true;
            reader.lockId = 0;
            reader.lockCount = 0;
            if (running) {
                readerEvents++;
            }
            changed();
        } finally {
            lock.unlock();
        }
    }

    /** @return the reader plugged in under that name */
    public FakeReader reader(String name) {
        lock.lock();
        try {
            FakeReader reader = readers.get(name);
            if (reader == null) {
                throw new IllegalArgumentException("no reader " + name);
            }
            return reader;
        } finally {
            lock.unlock();
        }
    }

    /** Stops the service, as a killed pcscd: every context and handle is lost. */
    public void stopService() {
        lock.lock();
        try {
            if (!running) {
                return;
            }
            running = false;
            generation++;
            contexts.clear();
            for (FakeReader reader : readers.values()) {
                reader.serviceStopped();
            }
            changed();
        } finally {
            lock.unlock();
        }
    }

    /** Starts the service again; old contexts stay dead. */
    public void startService() {
        lock.lock();
        try {
            if (running) {
                return;
            }
            running = true;
            readerEvents = 1 + readers.size();
            for (FakeReader reader : readers.values()) {
                reader.serviceStarted();
            }
            changed();
        } finally {
            lock.unlock();
        }
    }

    public boolean running() {
        lock.lock();
        try {
            return running;
        } finally {
            lock.unlock();
        }
    }

    /** @return the contexts pcscd knows (established on the running service, not released) */
    public int liveContexts() {
        lock.lock();
        try {
            return contexts.size();
        } finally {
            lock.unlock();
        }
    }

    /** @return the card handles pcscd knows, on every reader */
    public int liveHandles() {
        lock.lock();
        try {
            int count = 0;
            for (FakeReader reader : readers.values()) {
                count += reader.handles.size();
            }
            return count;
        } finally {
            lock.unlock();
        }
    }

    /** @return how often a function (e.g. {@code SCardTransmit}) was called, by every client */
    public int calls(String function) {
        lock.lock();
        try {
            return calls.getOrDefault(function, 0);
        } finally {
            lock.unlock();
        }
    }

    /** @return how many calls of a function wait now */
    public int waiting(String function) {
        lock.lock();
        try {
            return waiting.getOrDefault(function, 0);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until at least one call of the function waits: for a transaction's end (between tries or inside pcscd), a
     * state change, or a mutex of libpcsclite (its context's, or the process-wide one).
     */
    public boolean awaitWaiting(String function, Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (waiting.getOrDefault(function, 0) == 0) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = changed.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** @return pcscd's reader-events count (the PnP reader's upper 16 bits) */
    public int readerEvents() {
        lock.lock();
        try {
            return readerEvents;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Holds the next call of a function (e.g. {@code SCardTransmit}) inside pcscd, with its context mutex taken, until
     * the gate is released. For a call that libpcsclite repeats, "the next call" is the next try.
     */
    public CallGate gate(String function) {
        lock.lock();
        try {
            CallGate gate = new CallGate(function, lock, changed);
            gates.computeIfAbsent(function, f -> new ArrayDeque<>()).add(gate);
            return gate;
        } finally {
            lock.unlock();
        }
    }

    /** pcscd answers the next call of the function with this code and does nothing else. */
    public void failNext(String function, int code) {
        failNext(function, code, 1);
    }

    /** pcscd answers the next {@code times} calls of the function with this code and does nothing else. */
    public void failNext(String function, int code, int times) {
        lock.lock();
        try {
            Deque<Integer> queue = failures.computeIfAbsent(function, f -> new ArrayDeque<>());
            for (int i = 0; i < times; i++) {
                queue.add(code);
            }
        } finally {
            lock.unlock();
        }
    }

    // ---- for the fake's classes; the lock is held ----

    void changed() {
        version++;
        changed.signalAll();
    }

    /** Wakes waiters without a change of state that ends a wait (a mutex was freed). */
    void signal() {
        changed.signalAll();
    }

    long version() {
        return version;
    }

    long newId() {
        return nextId++;
    }

    void counted(String function) {
        calls.merge(function, 1, Integer::sum);
    }

    void waitingStarted(String function) {
        waiting.merge(function, 1, Integer::sum);
        signal();
    }

    void waitingEnded(String function) {
        waiting.merge(function, -1, Integer::sum);
    }

    void awaitChange() {
        changed.awaitUninterruptibly();
    }

    /** @return false if the deadline passed */
    boolean awaitChange(long deadlineNanos) {
        long nanos = deadlineNanos - System.nanoTime();
        if (nanos <= 0) {
            return false;
        }
        try {
            changed.awaitNanos(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // a native call is not interrupted; the flag stays for the caller
        }
        return deadlineNanos - System.nanoTime() > 0;
    }

    /** A wait inside pcscd: one change; F_COMM_ERROR once the service that holds the call is gone. */
    void awaitInPcscd(FakeContext context, String function) throws PcscException {
        waitingStarted(function);
        try {
            awaitChange();
        } finally {
            waitingEnded(function);
        }
        checkAlive(context, function);
    }

    void checkAlive(FakeContext context, String function) throws PcscException {
        if (context.generation != generation) {
            throw new PcscException(function, Pcsc.SCARD_F_COMM_ERROR);
        }
    }

    /**
     * The request reaches pcscd: SCARD_E_NO_SERVICE on a dead socket, then a test's gate, then a test's failure.
     */
    void enter(FakeContext context, String function) throws PcscException {
        if (!running || context.generation != generation) {
            throw new PcscException(function, Pcsc.SCARD_E_NO_SERVICE);
        }
        Deque<CallGate> armed = gates.get(function);
        CallGate gate = armed == null ? null : armed.poll();
        if (gate != null) {
            gate.enter();
            while (!gate.released()) {
                awaitChange();
                checkAlive(context, function);
            }
        }
        Deque<Integer> failing = failures.get(function);
        Integer code = failing == null ? null : failing.poll();
        if (code != null) {
            throw new PcscException(function, code);
        }
    }

    FakeContext newContext(FakeClient owner) throws PcscException {
        if (!running) {
            throw new PcscException("SCardEstablishContext", Pcsc.SCARD_E_NO_SERVICE);
        }
        FakeContext context = new FakeContext(newId(), owner, generation);
        contexts.add(context);
        changed();
        return context;
    }

    void contextRemoved(FakeContext context) {
        contexts.remove(context);
        changed();
    }

    /** @return the reader pcscd reports under that name, or null (none while the service is down) */
    FakeReader liveReader(String name) {
        return running ? readers.get(name) : null;
    }

    int liveReaderCount() {
        return running ? readers.size() : 0;
    }

    List<String> liveReaderNames() {
        return running ? new ArrayList<>(readers.keySet()) : List.of();
    }
}

package org.cardmanage.driver.pcsc.internal.fake;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A one-shot gate that stops one call where the fake puts it, until the test releases it: the call "entered" the gate
 * and waits; {@link #awaitEntered} tells the test so, {@link #release} lets it go on.
 *
 * <p>Where a gate holds a call decides what the call holds meanwhile. {@link FakePcscd#gate} holds a call <em>inside
 * pcscd</em>: the caller's context mutex is taken, as libpcsclite holds it for the whole round trip
 * ({@code SCardGetContextChannelAndLockFromHandle} … {@code pthread_mutex_unlock} in {@code winscard_clnt.c}).
 * {@link FakeReader#holdNextApdu} holds an APDU <em>inside the card</em>: it has reached the card, pcscd's reader mutex
 * ({@code rContext->mMutex}, locked by {@code IFDTransmit} in {@code ifdwrapper.c}) and the context mutex are taken.
 *
 * <p>A held call also ends, without being released, when the fake service stops (it then fails with
 * {@code SCARD_F_COMM_ERROR}, libpcsclite's answer to a closed socket) or, for an APDU, when the card is pulled.
 * Guarded by the {@link FakePcscd}'s lock.
 */
public final class CallGate {
    private final String function;
    private final ReentrantLock lock;
    private final Condition changed;
    private boolean entered;
    private boolean released;

    CallGate(String function, ReentrantLock lock, Condition changed) {
        this.function = function;
        this.lock = lock;
        this.changed = changed;
    }

    /** @return the winscard function (or {@code "APDU"}) this gate stops */
    public String function() {
        return function;
    }

    /**
     * Waits until a call is held at this gate.
     *
     * @return true if a call entered within the timeout
     */
    public boolean awaitEntered(Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (!entered) {
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

    /** @return whether a call is held here now or was */
    public boolean entered() {
        lock.lock();
        try {
            return entered;
        } finally {
            lock.unlock();
        }
    }

    /** Lets the held call (or the next one to arrive) go on. */
    public void release() {
        lock.lock();
        try {
            released = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Called with the lock held: marks the call as entered and signals the test. */
    void enter() {
        entered = true;
        changed.signalAll();
    }

    boolean released() {
        return released;
    }

    @Override
    public String toString() {
        return "CallGate[" + function + (entered ? ", entered" : "") + (released ? ", released" : "") + "]";
    }
}

package org.cardmanage.driver.pcsc.internal.session;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import org.cardmanage.driver.pcsc.internal.port.PcscException;
import org.cardmanage.driver.pcsc.internal.port.PcscPort;

/**
 * The PC/SC contexts of the driver's sessions: each open session has a context of its own, so that a call that PC/SC
 * makes wait (libpcsclite holds a context's mutex for each round trip to pcscd, and pcscd makes a connect wait for
 * another process's transaction) never holds up another session. Establishing a context costs a socket connection
 * and a thread in pcscd, so contexts given back are kept for the next session, at most {@code idleLimit} of them.
 * pcscd serves at most 200 contexts per process by default ({@code --max-thread}).
 *
 * <p>When pcscd goes away every context dies with it: {@link #discardAll()} releases the idle ones and makes contexts
 * leased before it be released, not kept, when they come back.
 */
public final class ContextPool {
    private static final System.Logger LOG = System.getLogger("org.cardmanage.driver.pcsc");

    private final PcscPort port;
    private final int idleLimit;
    private final ArrayDeque<Long> idle = new ArrayDeque<>(); // guarded by this
    private long generation; // guarded by this
    private boolean closed; // guarded by this

    /** A context lent to a session, with the pool generation it belongs to. */
    public record Lease(long context, long generation) {
    }

    /**
     * @param idleLimit how many unused contexts to keep
     */
    public ContextPool(PcscPort port, int idleLimit) {
        this.port = port;
        this.idleLimit = idleLimit;
    }

    /** @return a context for one session, established if none is idle */
    public Lease lease() throws PcscException {
        long current;
        synchronized (this) {
            Long context = idle.pollFirst();
            if (context != null) {
                return new Lease(context, generation);
            }
            current = generation;
        }
        return new Lease(port.establishContext(), current);
    }

    /** Takes a context back: kept for the next session if it is still good, else released. */
    public void giveBack(Lease lease) {
        synchronized (this) {
            if (!closed && lease.generation() == generation && idle.size() < idleLimit) {
                idle.addFirst(lease.context());
                return;
            }
        }
        release(lease.context());
    }

    /** A context that failed as dead (pcscd restarted): released, never kept. */
    public void discard(Lease lease) {
        release(lease.context());
    }

    /** pcscd went away: idle contexts are released, and leased ones are released when they come back. */
    public void discardAll() {
        releaseAll(false);
    }

    /** The driver stops: as {@link #discardAll()}, and nothing is kept from now on. */
    public void close() {
        releaseAll(true);
    }

    private void releaseAll(boolean close) {
        List<Long> dead;
        synchronized (this) {
            generation++;
            closed |= close;
            dead = new ArrayList<>(idle);
            idle.clear();
        }
        dead.forEach(this::release);
    }

    /** @return how many contexts are kept idle now */
    public synchronized int idleCount() {
        return idle.size();
    }

    private void release(long context) {
        try {
            port.releaseContext(context);
        } catch (PcscException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "releasing a PC/SC context failed: {0}", e.getMessage());
        }
    }
}

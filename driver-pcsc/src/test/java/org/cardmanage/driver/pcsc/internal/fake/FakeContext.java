package org.cardmanage.driver.pcsc.internal.fake;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One {@code SCARDCONTEXT} of a {@link FakeClient}: libpcsclite's {@code SCONTEXTMAP} with its {@code mMutex} (held by
 * one thread for each call on the context or its handles, for the whole round trip to pcscd, and for the whole wait of
 * {@code SCardGetStatusChange}), its {@code cancellable} flag and its handles, plus the pcscd instance
 * ({@code generation}) whose socket it uses: after the service restarts, that socket is dead. Guarded by the fake's
 * lock.
 */
final class FakeContext {
    final long id;
    final FakeClient client;
    final long generation;
    final Map<Long, FakeHandle> handles = new LinkedHashMap<>();
    /** The thread holding the context's mutex, or null. */
    Thread owner;
    /** A {@code SCardGetStatusChange} is waiting on it: {@code SCardCancel} reaches pcscd. */
    boolean cancellable;
    boolean cancelled;
    /** Removed from the client's list ({@code SCardRemoveContext}). */
    boolean released;

    FakeContext(long id, FakeClient client, long generation) {
        this.id = id;
        this.client = client;
        this.generation = generation;
    }

    @Override
    public String toString() {
        return "FakeContext[0x" + Long.toHexString(id) + "]";
    }
}

package org.cardmanage.remote.internal.farm;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.cardmanage.api.Attachment;

/**
 * The farm's open sessions and their leases. A session's lease is extended by every call on it and by renewals;
 * {@link #expire()} takes out the sessions whose lease ran out, for the reaper to detach. Thread-safe; never calls
 * out.
 */
final class SessionTable {
    private final Map<String, FarmSession> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final LongSupplier nanoClock;
    private final long leaseNanos;

    /**
     * @param leaseMillis the lease
     * @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime}; a fake one in tests)
     */
    SessionTable(long leaseMillis, LongSupplier nanoClock) {
        if (leaseMillis <= 0) {
            throw new IllegalArgumentException("lease must be positive: " + leaseMillis + " ms");
        }
        this.leaseNanos = leaseMillis * 1_000_000L;
        this.nanoClock = nanoClock;
    }

    /** Adds a session for an attachment, with a fresh lease and an unguessable id. */
    FarmSession add(String client, Attachment attachment) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        FarmSession session = new FarmSession("s-" + HexFormat.of().formatHex(bytes), client, attachment,
                nanoClock.getAsLong() + leaseNanos);
        sessions.put(session.id(), session);
        return session;
    }

    /** @return the session, its lease extended; null if it is not (or no longer) open */
    FarmSession touch(String id) {
        FarmSession session = id == null ? null : sessions.get(id);
        if (session != null) {
            session.extendTo(nanoClock.getAsLong() + leaseNanos);
        }
        return session;
    }

    /** @return the session taken out of the table, or null if it was not in it */
    FarmSession remove(String id) {
        return id == null ? null : sessions.remove(id);
    }

    /** @return the ids among these that the table does not hold; extends the lease of the others */
    List<String> renew(List<String> ids) {
        List<String> unknown = new ArrayList<>();
        for (String id : ids) {
            if (touch(id) == null) {
                unknown.add(id);
            }
        }
        return unknown;
    }

    /** @return the sessions whose lease ran out, already taken out of the table */
    List<FarmSession> expire() {
        long now = nanoClock.getAsLong();
        List<FarmSession> expired = new ArrayList<>();
        for (FarmSession session : sessions.values()) {
            if (now - session.expiresAtNanos() > 0 && sessions.remove(session.id(), session)) {
                expired.add(session);
            }
        }
        return expired;
    }

    /** @return every session, taken out of the table (at shutdown) */
    List<FarmSession> drain() {
        List<FarmSession> all = new ArrayList<>();
        for (String id : List.copyOf(sessions.keySet())) {
            FarmSession session = sessions.remove(id);
            if (session != null) {
                all.add(session);
            }
        }
        return all;
    }

    int size() {
        return sessions.size();
    }
}

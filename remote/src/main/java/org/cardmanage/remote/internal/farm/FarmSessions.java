package org.cardmanage.remote.internal.farm;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The farm's open sessions by id. A session id is 128 random bits, but it is not a credential: a session is found
 * only for the caller that owns it (same identity, same connection). Sessions per identity are counted so that a
 * rule's session limit holds across connections, and a slot is reserved before the card is touched.
 */
final class FarmSessions {
    private final SecureRandom random = new SecureRandom();
    private final LongSupplier nanoTime;
    private final long leaseNanos;
    private final Map<String, FarmSession> sessions = new HashMap<>();
    private final Map<String, Integer> perIdentity = new HashMap<>();
    private final java.util.Set<Long> openConnections = new java.util.HashSet<>();

    FarmSessions(long leaseMs, LongSupplier nanoTime) {
        this.leaseNanos = TimeUnit.MILLISECONDS.toNanos(leaseMs);
        this.nanoTime = nanoTime;
    }

    long now() {
        return nanoTime.getAsLong();
    }

    /**
     * Reserves one session for the caller's identity.
     *
     * @return false if the identity already has as many sessions (open or being opened) as its rule allows
     */
    synchronized boolean reserve(Caller caller) {
        int count = perIdentity.getOrDefault(caller.identity(), 0);
        if (count >= caller.rule().maxSessions()) {
            return false;
        }
        perIdentity.put(caller.identity(), count + 1);
        return true;
    }

    /** Gives back a reservation whose open failed, or the slot of a session that ended. */
    synchronized void release(Caller caller) {
        perIdentity.computeIfPresent(caller.identity(), (k, n) -> n <= 1 ? null : n - 1);
    }

    /** A connection completed its handshake: sessions may be opened on it. */
    synchronized void connectionOpened(long connection) {
        openConnections.add(connection);
    }

    /**
     * A connection closed: no session may be opened on it any more.
     *
     * @return its sessions, removed from the table
     */
    synchronized List<FarmSession> connectionClosed(long connection) {
        openConnections.remove(connection);
        return takeAll(sessions.values().stream().filter(s -> s.owner().connection() == connection).toList());
    }

    /**
     * Adds a session on a reserved slot.
     *
     * @return the session, or null if the caller's connection closed meanwhile (nobody would ever hear of it)
     */
    synchronized FarmSession add(Caller caller, org.cardmanage.api.Attachment attachment, boolean exclusive) {
        if (!openConnections.contains(caller.connection())) {
            return null;
        }
        byte[] bits = new byte[16];
        random.nextBytes(bits);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
        FarmSession session = new FarmSession(id, caller, attachment, exclusive, now());
        sessions.put(id, session);
        return session;
    }

    /** @return the caller's session with that id, its lease renewed; null if there is none for this caller */
    synchronized FarmSession use(Caller caller, String id) {
        FarmSession session = sessions.get(id);
        if (session == null || !caller.owns(session.owner())) {
            return null;
        }
        session.touch(now());
        return session;
    }

    /** @return the caller's session removed from the table, or null if the caller has none with that id */
    synchronized FarmSession remove(Caller caller, String id) {
        FarmSession session = sessions.get(id);
        if (session == null || !caller.owns(session.owner())) {
            return null;
        }
        return take(session);
    }

    /** @return the ids among them that are not the caller's open sessions; the others' leases are renewed */
    synchronized List<String> renew(Caller caller, List<String> ids) {
        List<String> unknown = new ArrayList<>();
        for (String id : ids) {
            if (use(caller, id) == null) {
                unknown.add(id);
            }
        }
        return unknown;
    }

    /** @return the sessions whose lease ran out, removed from the table */
    synchronized List<FarmSession> expire() {
        long now = now();
        return takeAll(sessions.values().stream().filter(s -> s.idleNanos(now) >= leaseNanos).toList());
    }

    /** @return the sessions holding their reader exclusively for longer than their rule allows (not removed) */
    synchronized List<FarmSession> overHeld() {
        long now = now();
        return sessions.values().stream().filter(s -> s.exclusiveHoldNanos(now)
                > TimeUnit.MILLISECONDS.toNanos(s.owner().rule().maxExclusiveMs())).toList();
    }

    /** @return every session, removed from the table */
    synchronized List<FarmSession> drain() {
        return takeAll(List.copyOf(sessions.values()));
    }

    synchronized int size() {
        return sessions.size();
    }

    private List<FarmSession> takeAll(List<FarmSession> chosen) {
        chosen.forEach(this::take);
        return chosen;
    }

    private FarmSession take(FarmSession session) {
        sessions.remove(session.id());
        release(session.owner());
        return session;
    }
}

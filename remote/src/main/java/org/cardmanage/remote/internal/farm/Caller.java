package org.cardmanage.remote.internal.farm;

import org.cardmanage.remote.internal.policy.ClientRule;

import io.grpc.Context;

/**
 * Who makes the current call: the identity its rule granted, the connection it came on, and that rule. Set by
 * {@link CallerInterceptor} for every call that passed authentication and authorization.
 *
 * @param identity the rule's identity, e.g. {@code cn=app-1}: the principal the farm's card manager sees
 * @param connection the connection's number on this farm
 * @param rule what the client may do
 */
record Caller(String identity, long connection, ClientRule rule) {
    /** The caller of the current call. */
    static final Context.Key<Caller> CURRENT = Context.key("cardmanage-caller");

    /** @return the caller of the current call; every call has one once the interceptor let it through */
    static Caller current() {
        Caller caller = CURRENT.get();
        if (caller == null) {
            throw new IllegalStateException("a farm call ran without an authenticated caller");
        }
        return caller;
    }

    /** @return whether a session opened by {@code owner} is this caller's: the same identity on the same connection */
    boolean owns(Caller owner) {
        return identity.equals(owner.identity) && connection == owner.connection;
    }

    @Override
    public String toString() {
        return identity + " (connection " + connection + ")";
    }
}

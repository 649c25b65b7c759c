package org.cardmanage.remote.internal.farm;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.SSLSession;

import org.cardmanage.remote.internal.errors.PeerText;
import org.cardmanage.remote.internal.errors.WireErrors;
import org.cardmanage.remote.internal.policy.ClientPolicy;
import org.cardmanage.remote.internal.policy.ClientRule;
import org.cardmanage.remote.internal.tls.PeerIdentity;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Lets a call through only for a peer a client rule names: the identity comes from the verified client certificate
 * of the call's TLS session (or is {@code anonymous} on an insecure loopback farm), the first rule naming it decides,
 * and the call then runs with its {@link Caller}. Any other call is closed before its handler runs. A refused
 * identity is logged once per farm run, not once per call.
 */
final class CallerInterceptor implements ServerInterceptor {
    private static final System.Logger LOG = System.getLogger("org.cardmanage.remote");
    private static final int MAX_REMEMBERED_REFUSALS = 1000;

    private final ClientPolicy policy;
    private final boolean insecure;
    private final Set<String> refusedLogged = ConcurrentHashMap.newKeySet();

    CallerInterceptor(ClientPolicy policy, boolean insecure) {
        this.policy = policy;
        this.insecure = insecure;
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
            ServerCallHandler<Q, A> next) {
        Long connection = call.getAttributes().get(ConnectionTracker.CONNECTION);
        List<String> names = names(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
        if (connection == null || names.isEmpty()) {
            call.close(Status.UNAUTHENTICATED.withDescription("no verified client certificate"), new Metadata());
            return new ServerCall.Listener<>() { };
        }
        Optional<ClientRule> rule = policy.ruleFor(names);
        if (rule.isEmpty()) {
            String who = names.get(0);
            if (refusedLogged.size() < MAX_REMEMBERED_REFUSALS && refusedLogged.add(who)) {
                LOG.log(System.Logger.Level.WARNING, () -> "refused client " + PeerText.printable(who, 200)
                        + ": no client rule names it (further refusals of it are not logged)");
            }
            StatusRuntimeException denied = WireErrors.denied(false, "no client rule of this farm names you");
            call.close(denied.getStatus(), denied.getTrailers());
            return new ServerCall.Listener<>() { };
        }
        Caller caller = new Caller(rule.get().identity(), connection, rule.get());
        return Contexts.interceptCall(Context.current().withValue(Caller.CURRENT, caller), call, headers, next);
    }

    private List<String> names(SSLSession session) {
        if (insecure) {
            return List.of(ClientRule.ANONYMOUS);
        }
        return session == null ? List.of() : PeerIdentity.of(session).map(PeerIdentity::names).orElse(List.of());
    }
}

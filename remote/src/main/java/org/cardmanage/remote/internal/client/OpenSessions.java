package org.cardmanage.remote.internal.client;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ids of the sessions this host holds open on one farm: what the link's heartbeat renews. A session is added when
 * the farm granted it and removed when it is closed, when the farm says it does not know it, or when the farm
 * restarted or went silent (its sessions are gone then). Removing an id does not close anything: the session's next
 * call finds out from the farm.
 */
final class OpenSessions {
    private final Set<String> ids = ConcurrentHashMap.newKeySet();

    void add(String id) {
        ids.add(id);
    }

    void remove(String id) {
        ids.remove(id);
    }

    /** Forgets the ids the farm no longer knows. */
    void forget(Collection<String> unknown) {
        ids.removeAll(unknown);
    }

    void clear() {
        ids.clear();
    }

    /** @return a snapshot of the ids */
    List<String> ids() {
        return List.copyOf(ids);
    }
}

package org.cardmanage.remote.internal.farm;

import java.util.HashMap;
import java.util.Map;

import org.cardmanage.api.CardHandle;

/**
 * Numbers the card insertions the farm has seen per reader, so that an application host can tell one card from the
 * next ({@code card.insertion}): the same handle keeps its number, a different one gets the next number.
 */
final class Insertions {
    private record Seen(CardHandle handle, long number) {
    }

    private final Map<String, Seen> seen = new HashMap<>();

    /** @return the number of the card insertion the handle names; the reader's last number if handle is null */
    synchronized long of(String reader, CardHandle handle) {
        Seen last = seen.get(reader);
        if (handle == null) {
            return last == null ? 0 : last.number();
        }
        if (last != null && last.handle().equals(handle)) {
            return last.number();
        }
        long next = last == null ? 1 : last.number() + 1;
        seen.put(reader, new Seen(handle, next));
        return next;
    }
}

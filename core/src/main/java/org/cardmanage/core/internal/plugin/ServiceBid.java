package org.cardmanage.core.internal.plugin;

import java.util.List;

/**
 * What one card-service plugin bid for an attachment's card, for administration (the {@code card:services} shell
 * command).
 *
 * @param plugin the plugin bundle, e.g. {@code org.cardmanage.plugin.iso7816 [12]}
 * @param serviceId the factory's {@code service.id}
 * @param ranking the factory's {@code service.ranking}
 * @param interfaces the interfaces the factory makes, sorted
 * @param bid the bid; 0 (no match) when it failed
 * @param failure why {@code match} gave no bid (it threw or did not answer in time), or null when it answered
 */
public record ServiceBid(String plugin, long serviceId, int ranking, List<String> interfaces, int bid,
        String failure) {

    /** @return true if the plugin bid for the card */
    public boolean matches() {
        return bid > 0;
    }
}

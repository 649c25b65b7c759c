package org.cardmanage.remote;

import java.io.Serializable;

import org.cardmanage.api.Protocol;

/**
 * An open session, as {@link RemoteReaders#open} and {@link RemoteReaders#reconnect} return it.
 *
 * @param sessionId the id to name the session by in later calls; hard to guess, but not a secret the transport
 *     protects
 * @param leaseMs the session's lease in milliseconds
 * @param atrHex the ATR of the card the session is connected to, upper-case hex; empty for DIRECT without a card
 * @param protocol the protocol in use, or null for DIRECT
 * @param insertion the farm's insertion counter of that card ({@link RemoteReader#insertion()})
 * @since 1.0
 */
public record SessionGrant(String sessionId, long leaseMs, String atrHex, Protocol protocol, long insertion)
        implements Serializable {
}

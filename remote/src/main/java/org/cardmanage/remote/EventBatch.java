package org.cardmanage.remote;

import java.io.Serializable;
import java.util.List;

/**
 * What {@link RemoteReaders#events} returns.
 *
 * @param runId the farm's run id ({@link FarmInfo#runId()}); a change means the farm restarted
 * @param lastSequence the sequence number to ask after next time
 * @param events the events after the asked sequence number, in order
 * @param gap true if events after the asked number were already dropped from the farm's buffer: re-read
 *     {@link RemoteReaders#readers()}
 * @since 1.0
 */
public record EventBatch(String runId, long lastSequence, List<RemoteEvent> events, boolean gap)
        implements Serializable {
}

package org.cardmanage.remote;

import java.io.Serializable;

/**
 * Who a farm is: its host name, the lease of its sessions, and the id of its current run.
 *
 * @param host the farm's host name, the {@code HOST} in {@code HOST/READER}
 * @param leaseMs the lease of a session in milliseconds: a session without a call or renewal for this long is closed
 *     with RESET
 * @param runId changes every time the farm's service starts; sessions of an earlier run are gone
 * @since 1.0
 */
public record FarmInfo(String host, long leaseMs, String runId) implements Serializable {
}

package org.cardmanage.remote;

import java.io.Serializable;
import java.util.List;

/**
 * What {@link RemoteReaders#transmitBatch} returns: the responses of the commands that went through, in order, and the
 * failure that stopped the batch, if any.
 *
 * @param responses one encoded response per command up to the failure
 * @param failure the failure of command number {@code responses.size()}, or null if every command went through
 * @since 1.0
 */
public record BatchResult(List<byte[]> responses, RemoteCardException failure) implements Serializable {
}

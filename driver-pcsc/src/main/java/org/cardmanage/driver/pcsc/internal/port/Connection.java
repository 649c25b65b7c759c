package org.cardmanage.driver.pcsc.internal.port;

/**
 * What {@code SCardConnect} returns.
 *
 * @param handle the card handle
 * @param protocol the protocol chosen ({@link Pcsc#SCARD_PROTOCOL_T0}, {@code _T1}, {@code _RAW}), 0 for DIRECT
 *     without a protocol
 */
public record Connection(long handle, int protocol) {
}

package org.cardmanage.driver.pcsc.internal.session;

import java.time.Duration;

import org.cardmanage.driver.pcsc.internal.port.PcscPort;

/**
 * What every session of the driver shares: the port, the context pool, the bounded connector, the wait guard, and the
 * bound of one call.
 *
 * @param port the PC/SC port
 * @param contexts the sessions' contexts
 * @param connector bounded connects
 * @param guard the backstop for waits libpcsclite repeats on its own
 * @param callTimeout the bound of one call when the caller gives none
 * @param refusedAtOnce whether libpcsclite refuses a call on a card another process holds in a transaction at once
 *     ({@code PCSCLITE_NO_BLOCKING} in effect) rather than repeating it by itself
 */
public record SessionTools(PcscPort port, ContextPool contexts, Connector connector, WaitGuard guard,
        Duration callTimeout, boolean refusedAtOnce) {
}

package org.cardmanage.driver.pcsc.internal.session;

import org.cardmanage.driver.pcsc.internal.port.Connection;

/**
 * A connection made for a session, with the context it was made on.
 *
 * @param lease the session's context
 * @param connection the handle and protocol
 */
record Opened(ContextPool.Lease lease, Connection connection) {
}

package org.cardmanage.core.internal.attachment;

import org.cardmanage.spi.ReaderTransport;

/**
 * One registration of a reader's transport service. A reader that goes away and comes back gets a new binding, so an
 * attachment can tell whether its session belongs to the reader that exists now.
 */
public record ReaderBinding(Object key, ReaderTransport transport, String driverName) {
}

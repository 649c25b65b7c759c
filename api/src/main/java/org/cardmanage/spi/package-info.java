/**
 * The service provider interface: what a reader driver implements ({@link org.cardmanage.spi.ReaderTransport},
 * {@link org.cardmanage.spi.CardSession}) and what a card-service plugin implements
 * ({@link org.cardmanage.spi.CardServiceFactory}). The core calls these; applications never do.
 */
@Version("1.2.0")
@Export
package org.cardmanage.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

/**
 * The remote reader contract between a card-farm host and application hosts, carried by OSGi Remote Services (Apache
 * Aries RSA): {@link org.cardmanage.remote.RemoteReaders} and the values its calls exchange. Everything here is a
 * plain value (serializable records, enums, byte arrays); no live object crosses the wire.
 *
 * @since 1.0
 */
@Version("1.0.0")
@Export
package org.cardmanage.remote;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

/**
 * The cardmanage API: the {@link org.cardmanage.api.CardManager} service an application bundle uses to attach to
 * readers and cards, the {@link org.cardmanage.api.Attachment} it gets back, the strict ISO 7816 value types and the
 * {@link org.cardmanage.api.CardException} family.
 *
 * <p>The model is the Smart Card Service Provider's {@code ISCardManage} on PC/SC semantics; each method's Javadoc
 * names its counterpart.
 */
@Version("1.3.0")
@Export
package org.cardmanage.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

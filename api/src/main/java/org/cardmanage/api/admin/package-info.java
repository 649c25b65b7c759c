/**
 * Administration of the card manager, for operator tools such as the Web Console page: every bundle's live
 * attachments as plain maps, the lock idle bound, and detaching an attachment on the operator's behalf. Applications
 * use {@link org.cardmanage.api.CardManager}, never this.
 *
 * @since 1.0
 */
@Version("1.1.0")
@Export
package org.cardmanage.api.admin;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

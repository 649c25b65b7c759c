/**
 * The vendor API of the demo card: {@link org.example.democard.DemoCard}, a card-service interface only this vendor's
 * plugin provides. Applications import this package and ask for it with
 * {@code attachment.createInterface(DemoCard.class)}.
 */
@Version("1.0.0")
@Export
package org.example.democard;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

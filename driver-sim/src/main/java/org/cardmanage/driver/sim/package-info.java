/**
 * The simulated-reader driver's control API: add and remove readers, insert and remove cards, inject faults. Used by
 * tests, the shell and tools; applications use the card manager, not this.
 */
@Version("1.1.0")
@Export
package org.cardmanage.driver.sim;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

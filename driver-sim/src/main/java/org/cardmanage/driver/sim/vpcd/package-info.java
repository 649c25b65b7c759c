/**
 * The project's simulated ISO 7816-4 card served over the vpcd protocol of vsmartcard's virtual reader driver, so the
 * same card model can be reached through a real pcscd: {@link org.cardmanage.driver.sim.vpcd.VpcdCard}. Runs inside
 * the framework (tests) or as a process of its own ({@code java -cp driver-sim.jar
 * org.cardmanage.driver.sim.vpcd.VpcdCard --port 35963}). Depends on the JDK only.
 */
@Version("1.1.0")
@Export
package org.cardmanage.driver.sim.vpcd;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

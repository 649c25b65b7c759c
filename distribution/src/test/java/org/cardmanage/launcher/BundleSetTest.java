package org.cardmanage.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class BundleSetTest {

    @Test
    void logAndConfigAdminStartFirstFileInstallAndTheConsoleLast() {
        List<String> order = BundleSet.sorted(List.of("org.apache.felix.gogo.jline.jar", "core.jar",
                "org.apache.felix.fileinstall.jar", "org.apache.felix.scr.jar", "org.apache.felix.configadmin.jar",
                "api.jar", "org.apache.felix.log.jar"));

        assertThat(order).containsExactly("org.apache.felix.log.jar", "org.apache.felix.configadmin.jar", "api.jar",
                "core.jar", "org.apache.felix.scr.jar", "org.apache.felix.fileinstall.jar",
                "org.apache.felix.gogo.jline.jar");
    }

    @Test
    void jnaIsInstalledAndStartedBeforeTheDriverThatBindsThroughIt() {
        List<String> order = BundleSet.sorted(List.of("driver-pcsc.jar", "jna.jar", "api.jar",
                "org.apache.felix.configadmin.jar"));

        assertThat(order).containsExactly("org.apache.felix.configadmin.jar", "jna.jar", "api.jar", "driver-pcsc.jar");
    }
}

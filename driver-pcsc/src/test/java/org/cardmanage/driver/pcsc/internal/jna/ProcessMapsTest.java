package org.cardmanage.driver.pcsc.internal.jna;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class ProcessMapsTest {

    @Test
    void thePathIsTheLastColumn() {
        assertThat(ProcessMaps.pathOf("7f1c2a000000-7f1c2a004000 r--p 00000000 08:01 1234"
                + "                       /usr/lib/x86_64-linux-gnu/libpcsclite.so.1.0.0"))
                .isEqualTo("/usr/lib/x86_64-linux-gnu/libpcsclite.so.1.0.0");
    }

    @Test
    void anAnonymousMappingHasNoPath() {
        assertThat(ProcessMaps.pathOf("7ffd1c5e1000-7ffd1c602000 rw-p 00000000 00:00 0   [stack]")).isEmpty();
    }

    @Test
    void theJvmItselfIsFound() {
        assumeTrue(Files.isReadable(Path.of("/proc/self/maps")), "Linux");

        assertThat(ProcessMaps.find("libjvm.so")).hasValueSatisfying(path -> assertThat(path).endsWith("libjvm.so"));
        assertThat(ProcessMaps.find("libdoesnotexist")).isEmpty();
    }
}

package org.cardmanage.webconsole.internal.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.felix.hc.api.Result;
import org.cardmanage.webconsole.internal.health.DriverStatus.Declaration;
import org.cardmanage.webconsole.internal.health.DriverStatus.Reader;
import org.junit.jupiter.api.Test;

class DriverStatusTest {
    private static final Declaration PCSC =
            new Declaration("org.cardmanage.driver.pcsc.available", "the PC/SC service (pcscd)");
    private static final List<Reader> READERS =
            List.of(new Reader("Virtual PCD 00 01", false), new Reader("Virtual PCD 00 00", true));

    @Test
    void reachableWithReadersIsOkAndListsThem() {
        Result result = DriverStatus.evaluate("pcsc", READERS, PCSC, true);

        assertThat(result.getStatus()).isEqualTo(Result.Status.OK);
        assertThat(result.toString()).contains("the PC/SC service (pcscd) is reachable")
                .contains("offers 2 readers: Virtual PCD 00 00 (card), Virtual PCD 00 01 (empty)");
    }

    @Test
    void anUnreachableServiceIsCritical() {
        Result result = DriverStatus.evaluate("pcsc", List.of(), PCSC, false);

        assertThat(result.getStatus()).isEqualTo(Result.Status.CRITICAL);
        assertThat(result.toString()).contains("the PC/SC service (pcscd) is not reachable");
    }

    @Test
    void noReadersIsAWarning() {
        assertThat(DriverStatus.evaluate("pcsc", List.of(), PCSC, true).getStatus()).isEqualTo(Result.Status.WARN);
    }

    @Test
    void aDriverWithoutADeclarationIsJudgedByItsReaders() {
        Result result = DriverStatus.evaluate("sim", List.of(new Reader("Sim Reader 0", true)), Declaration.NONE,
                false);

        assertThat(result.getStatus()).isEqualTo(Result.Status.OK);
        assertThat(result.toString()).contains("offers 1 reader: Sim Reader 0 (card)").doesNotContain("reachable");
    }
}

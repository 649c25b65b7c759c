package org.cardmanage.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.cardmanage.launcher.LaunchOptions.Command;
import org.cardmanage.launcher.LaunchOptions.Script;
import org.cardmanage.launcher.LaunchOptions.UsageException;
import org.junit.jupiter.api.Test;

class LaunchOptionsTest {

    @Test
    void noArgumentsMeansTheShellWithDefaults() throws UsageException {
        LaunchOptions options = LaunchOptions.parse();

        assertThat(options.steps()).isEmpty();
        assertThat(options.conf()).isNull();
        assertThat(options.logs()).isNull();
        assertThat(options.verbose()).isFalse();
        assertThat(options.help()).isFalse();
        assertThat(options.webPort()).isNull();
        assertThat(options.remote()).isFalse();
    }

    @Test
    void remoteIsAFlag() throws UsageException {
        assertThat(LaunchOptions.parse("--remote").remote()).isTrue();
        assertThatThrownBy(() -> LaunchOptions.parse("--remote=yes")).isInstanceOf(UsageException.class);
    }

    @Test
    void theUsageSaysWhatRemoteInstallsAndHowAFarmAndAClientAreConfigured() {
        assertThat(LaunchOptions.USAGE).contains("--remote").contains("remote bundle")
                .contains("Nothing listens until").contains("org.cardmanage.remote.farm.cfg")
                .contains("org.cardmanage.remote.client~NAME").contains("bin/make-test-pki.sh")
                .doesNotContainIgnoringCase("aries");
    }

    @Test
    void webTakesAPort() throws UsageException {
        assertThat(LaunchOptions.parse("--web", "8080").webPort()).isEqualTo(8080);
        assertThat(LaunchOptions.parse("--web=0").webPort()).isZero();
    }

    @Test
    void webRefusesWhatIsNotAPort() {
        assertThatThrownBy(() -> LaunchOptions.parse("--web", "http")).isInstanceOf(UsageException.class)
                .hasMessage("--web needs a TCP port (0-65535), got 'http'");
        assertThatThrownBy(() -> LaunchOptions.parse("--web", "70000"))
                .hasMessage("--web needs a TCP port (0-65535), got '70000'");
        assertThatThrownBy(() -> LaunchOptions.parse("--web")).hasMessage("--web needs a value");
    }

    @Test
    void commandsAndScriptsKeepTheirOrder() throws UsageException {
        LaunchOptions options = LaunchOptions.parse("-c", "card:readers", "--script", "a.gogo",
                "--command=sim:readers", "--script=b.gogo");

        assertThat(options.steps()).containsExactly(new Command("card:readers"), new Script(Path.of("a.gogo")),
                new Command("sim:readers"), new Script(Path.of("b.gogo")));
    }

    @Test
    void foldersAndSwitches() throws UsageException {
        LaunchOptions options = LaunchOptions.parse("--conf", "/etc/cm", "--logs=/var/log/cm", "-v", "--help");

        assertThat(options.conf()).isEqualTo(Path.of("/etc/cm"));
        assertThat(options.logs()).isEqualTo(Path.of("/var/log/cm"));
        assertThat(options.verbose()).isTrue();
        assertThat(options.help()).isTrue();
    }

    @Test
    void anUnknownArgumentIsNamed() {
        assertThatThrownBy(() -> LaunchOptions.parse("--colour")).isInstanceOf(UsageException.class)
                .hasMessage("unknown argument '--colour'");
        assertThatThrownBy(() -> LaunchOptions.parse("card:readers")).hasMessage("unknown argument 'card:readers'");
    }

    @Test
    void anOptionWithoutItsValueIsRefused() {
        assertThatThrownBy(() -> LaunchOptions.parse("-c")).hasMessage("-c needs a value");
        assertThatThrownBy(() -> LaunchOptions.parse("--conf")).hasMessage("--conf needs a value");
        assertThatThrownBy(() -> LaunchOptions.parse("-c", " ")).hasMessage("-c needs a command, got an empty one");
        assertThatThrownBy(() -> LaunchOptions.parse("--logs=")).hasMessage("--logs needs a path, got an empty one");
    }

    @Test
    void aSwitchTakesNoValue() {
        assertThatThrownBy(() -> LaunchOptions.parse("--verbose=yes")).hasMessage("--verbose takes no value");
    }
}

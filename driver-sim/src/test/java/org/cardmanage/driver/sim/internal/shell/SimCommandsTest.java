package org.cardmanage.driver.sim.internal.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

import org.cardmanage.driver.sim.SimFault;
import org.cardmanage.driver.sim.SimulatorControl;
import org.junit.jupiter.api.Test;

class SimCommandsTest {
    private final FakeSimulator simulator = new FakeSimulator();
    private final SimCommands commands = new SimCommands(simulator);

    @Test
    void readersShowsEachReaderWithItsCardAtr() {
        simulator.addReader("Sim Reader 0", "demo");
        simulator.addReader("Empty", null);

        assertThat(commands.readers()).isEqualTo(String.join("\n",
                "NAME          CARD ATR",
                "Empty         (empty)",
                "Sim Reader 0  3B 02 14 50"));
    }

    @Test
    void noReadersSaysSo() {
        assertThat(commands.readers()).isEqualTo("no simulated readers");
    }

    @Test
    void addPutsADemoCardInUnlessToldOtherwise() {
        assertThat(commands.add("One")).isEqualTo("added reader 'One' with a demo card");
        assertThat(commands.add("Two", "none")).isEqualTo("added reader 'Two' (empty)");
        assertThat(commands.add("Three", "demo-t0")).isEqualTo("added reader 'Three' with a demo-t0 card");

        assertThat(simulator.cards).containsEntry("One", "demo").containsEntry("Two", null)
                .containsEntry("Three", "demo-t0");
    }

    @Test
    void insertRemoveAndUnplug() {
        commands.add("One", "none");

        assertThat(commands.insert("One")).isEqualTo("inserted a demo card into 'One'");
        assertThat(commands.remove("One")).isEqualTo("removed the card from 'One'");
        assertThat(commands.remove("One")).isEqualTo("'One' was already empty");
        assertThat(commands.unplug("One")).isEqualTo("unplugged reader 'One'");
        assertThat(simulator.readers()).isEmpty();
    }

    @Test
    void faultNamesAreWrittenWithDashes() {
        commands.add("One");

        assertThat(commands.fault("One", "remove-during-transmit")).isEqualTo("armed remove-during-transmit on 'One'");
        assertThat(commands.fault("One", "MUTE")).isEqualTo("armed mute on 'One'");
        assertThat(commands.fault("One", "clear")).isEqualTo("cleared the faults of 'One'");

        assertThat(simulator.calls).containsExactly("fault One REMOVE_DURING_TRANSMIT", "fault One MUTE", "clear One");
    }

    @Test
    void wrongArgumentsGiveTheUsageLine() {
        assertThatThrownBy(() -> commands.add()).hasMessage("usage: " + SimCommands.ADD);
        assertThatThrownBy(() -> commands.insert("a", "b", "c")).hasMessage("usage: " + SimCommands.INSERT);
        assertThatThrownBy(() -> commands.fault("One", "gremlins")).hasMessage("usage: " + SimCommands.FAULT);
        assertThatThrownBy(() -> commands.remove("--all")).hasMessage("usage: " + SimCommands.REMOVE);
        assertThatThrownBy(() -> commands.readers("x")).hasMessage("usage: " + SimCommands.READERS);
    }

    @Test
    void theSimulatorsRefusalIsShownAsItsMessage() {
        commands.add("One");

        assertThatThrownBy(() -> commands.add("One"))
                .isInstanceOf(ShellException.class)
                .hasToString("a simulated reader named 'One' already exists");
        assertThatThrownBy(() -> commands.insert("One")).hasMessage("'One' already holds a card");
        assertThatThrownBy(() -> commands.unplug("Nope")).hasMessage("no simulated reader named 'Nope'");
    }

    /** An in-memory simulator that records what the commands asked for. */
    private static final class FakeSimulator implements SimulatorControl {
        @Override
        public int openSessions(String reader) {
            return 0;
        }

        final TreeMap<String, String> cards = new TreeMap<>();
        final List<String> calls = new ArrayList<>();

        @Override
        public List<String> readers() {
            return List.copyOf(cards.keySet());
        }

        @Override
        public void addReader(String name, String cardProfile) {
            if (cards.containsKey(name)) {
                throw new IllegalArgumentException("a simulated reader named '" + name + "' already exists");
            }
            cards.put(name, cardProfile);
        }

        @Override
        public void removeReader(String name) {
            known(name);
            cards.remove(name);
        }

        @Override
        public void insertCard(String reader, String cardProfile) {
            if (known(reader) != null) {
                throw new IllegalStateException("'" + reader + "' already holds a card");
            }
            cards.put(reader, cardProfile);
        }

        @Override
        public boolean removeCard(String reader) {
            return known(reader) != null && cards.put(reader, null) != null;
        }

        @Override
        public Optional<String> cardAtr(String reader) {
            return known(reader) == null ? Optional.empty() : Optional.of("3B021450");
        }

        @Override
        public void setLatency(String reader, Duration latency) {
            calls.add("latency " + reader + " " + latency);
        }

        @Override
        public void injectFault(String reader, SimFault fault) {
            known(reader);
            calls.add("fault " + reader + " " + fault);
        }

        @Override
        public void clearFaults(String reader) {
            known(reader);
            calls.add("clear " + reader);
        }

        private String known(String reader) {
            if (!cards.containsKey(reader)) {
                throw new IllegalArgumentException("no simulated reader named '" + reader + "'");
            }
            return cards.get(reader);
        }
    }
}

package org.cardmanage.driver.sim.internal.shell;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

import org.cardmanage.driver.sim.SimFault;
import org.cardmanage.driver.sim.SimulatorControl;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code sim:*} Gogo commands: add and unplug simulated readers, insert and remove cards, arm faults. Each takes
 * plain {@code String...} so that Gogo can always call it and wrong arguments end in a usage line; each returns text
 * for the shell to print.
 */
@Component(
        service = SimCommands.class,
        immediate = true,
        property = {
            "osgi.command.scope=sim",
            "osgi.command.function=readers",
            "osgi.command.function=add",
            "osgi.command.function=unplug",
            "osgi.command.function=insert",
            "osgi.command.function=remove",
            "osgi.command.function=fault"
        })
public final class SimCommands {
    static final String READERS = "sim:readers";
    static final String ADD = "sim:add NAME [demo|demo-t0|none]";
    static final String UNPLUG = "sim:unplug READER";
    static final String INSERT = "sim:insert READER [demo|demo-t0]";
    static final String REMOVE = "sim:remove READER   (removes the card; sim:unplug removes the reader)";
    static final String FAULT =
            "sim:fault READER fail-transmit|throw-runtime|malformed-response|remove-during-transmit|mute|clear";

    private final SimulatorControl simulator;

    @Activate
    public SimCommands(@Reference SimulatorControl simulator) {
        this.simulator = simulator;
    }

    /** Lists the simulated readers with the ATR of the card in each. */
    public String readers(String... args) {
        expect(READERS, args, 0, 0);
        List<String> names = simulator.readers();
        if (names.isEmpty()) {
            return "no simulated readers";
        }
        int width = Math.max("NAME".length(), names.stream().mapToInt(String::length).max().orElse(0));
        StringBuilder out = new StringBuilder(pad("NAME", width)).append("  CARD ATR");
        for (String name : names) {
            Optional<String> atr = atrOrEmpty(name);
            out.append('\n').append(pad(name, width)).append("  ").append(atr.orElse("(empty)"));
        }
        return out.toString();
    }

    /** Adds a simulated reader, with a demo card unless told otherwise. */
    public String add(String... args) {
        expect(ADD, args, 1, 2);
        String profile = args.length > 1 ? args[1] : "demo";
        boolean empty = "none".equalsIgnoreCase(profile);
        run(() -> simulator.addReader(args[0], empty ? null : profile));
        return "added reader '" + args[0] + "'" + (empty ? " (empty)" : " with a " + profile + " card");
    }

    /** Unplugs a simulated reader: its attachments are revoked. */
    public String unplug(String... args) {
        expect(UNPLUG, args, 1, 1);
        run(() -> simulator.removeReader(args[0]));
        return "unplugged reader '" + args[0] + "'";
    }

    /** Inserts a fresh card, a demo card unless told otherwise. */
    public String insert(String... args) {
        expect(INSERT, args, 1, 2);
        String profile = args.length > 1 ? args[1] : "demo";
        run(() -> simulator.insertCard(args[0], profile));
        return "inserted a " + profile + " card into '" + args[0] + "'";
    }

    /** Removes the card from a reader. */
    public String remove(String... args) {
        expect(REMOVE, args, 1, 1);
        boolean removed = call(() -> simulator.removeCard(args[0]));
        return removed ? "removed the card from '" + args[0] + "'" : "'" + args[0] + "' was already empty";
    }

    /** Arms a fault on a reader, or clears its faults. */
    public String fault(String... args) {
        expect(FAULT, args, 2, 2);
        String kind = args[1].trim().toUpperCase(Locale.ROOT).replace('-', '_');
        if (kind.equals("CLEAR")) {
            run(() -> simulator.clearFaults(args[0]));
            return "cleared the faults of '" + args[0] + "'";
        }
        SimFault fault;
        try {
            fault = SimFault.valueOf(kind);
        } catch (IllegalArgumentException e) {
            throw ShellException.usage(FAULT);
        }
        run(() -> simulator.injectFault(args[0], fault));
        return "armed " + args[1].toLowerCase(Locale.ROOT) + " on '" + args[0] + "'";
    }

    private static void expect(String usage, String[] args, int min, int max) {
        int count = args == null ? 0 : args.length;
        if (count < min || count > max) {
            throw ShellException.usage(usage);
        }
        for (int i = 0; i < count; i++) {
            if (args[i] == null || args[i].startsWith("--")) {
                throw ShellException.usage(usage);
            }
        }
    }

    private Optional<String> atrOrEmpty(String reader) {
        try {
            return simulator.cardAtr(reader).map(SimCommands::spaced);
        } catch (IllegalArgumentException unpluggedMeanwhile) {
            return Optional.of("(unplugged)");
        }
    }

    /** Shows an ATR as {@code card:readers} does: {@code 3B 8F ...} rather than {@code 3B8F...}. */
    static String spaced(String hex) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < hex.length(); i += 2) {
            if (i > 0) {
                out.append(' ');
            }
            out.append(hex, i, Math.min(i + 2, hex.length()));
        }
        return out.toString();
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(Math.max(0, width - text.length()));
    }

    private static void run(Runnable operation) {
        call(() -> {
            operation.run();
            return null;
        });
    }

    /** The simulator refuses with IllegalArgumentException or IllegalStateException; the shell shows why. */
    private static <T> T call(Supplier<T> operation) {
        try {
            return operation.get();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ShellException(e.getMessage(), e);
        }
    }
}

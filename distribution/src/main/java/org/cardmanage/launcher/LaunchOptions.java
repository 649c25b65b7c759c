package org.cardmanage.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The launcher's command line, parsed. Commands ({@code -c}) and scripts ({@code --script}) run in the order given.
 *
 * @param steps the commands and scripts to run, in order; empty for the interactive shell or standard input
 * @param conf the configuration folder, or null for {@code conf/} beside the jar
 * @param logs the log folder, or null for {@code logs/} beside the jar
 * @param verbose whether the log is echoed to the console
 * @param help whether only the help was asked for
 * @param webPort the port of the Web Console on 127.0.0.1 ({@code --web}), 0 for any free port; null without it
 * @param remote whether to add the remote bundle for readers across hosts ({@code --remote})
 */
public record LaunchOptions(List<Step> steps, Path conf, Path logs, boolean verbose, boolean help, Integer webPort,
        boolean remote) {

    /** The help text, shown for {@code --help} and after a bad command line. */
    public static final String USAGE = String.join("\n",
            "usage: java -jar cardmanage.jar [options]",
            "",
            "Starts cardmanage (Apache Felix, the card manager and the simulated readers) with a Gogo shell.",
            "",
            "options:",
            "  -c, --command CMD   run a Gogo command and print its result; repeatable, run in order",
            "  --script FILE       run the Gogo commands in FILE, one per line ('#' starts a comment)",
            "  --conf DIR          configuration folder, watched for PID.cfg / PID.config and",
            "                      factoryPID-NAME.cfg files (default: conf/ beside the jar)",
            "  --logs DIR          log folder (default: logs/ beside the jar)",
            "  --web PORT          also start the Apache Felix Web Console with the Smart Cards page and the",
            "                      health checks on http://127.0.0.1:PORT/system/console (user admin,",
            "                      password admin unless configured); off by default",
            "  --remote            also install the remote bundle: readers across hosts, gRPC with mutual",
            "                      TLS; off by default. Nothing listens until conf/ holds",
            "                      org.cardmanage.remote.farm.cfg (this host serves its readers); an",
            "                      application host uses each farm's readers as FARM/READER with one",
            "                      org.cardmanage.remote.client-NAME.cfg per farm (configuration",
            "                      org.cardmanage.remote.client~NAME). Templates in conf/examples/;",
            "                      test certificates: bin/make-test-pki.sh",
            "  -v, --verbose       echo the log to the console",
            "  -h, --help          show this help",
            "",
            "Without -c or --script an interactive shell starts (Ctrl-D or 'exit' quits); when standard input",
            "is not a terminal, commands are read from it instead, one per line.",
            "",
            "exit status: 0 if every command succeeded, 1 if one failed (the first failure ends -c and",
            "--script runs), 2 for a bad command line.");

    /** One thing to run: a command line or a script file. */
    public sealed interface Step permits Command, Script {
    }

    /** @param line a Gogo command line */
    public record Command(String line) implements Step {
    }

    /** @param file a file of Gogo command lines */
    public record Script(Path file) implements Step {
    }

    /** A command line the launcher cannot use; the message says why. */
    public static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    public LaunchOptions {
        steps = List.copyOf(steps);
    }

    /**
     * Parses the command line. Options may also be written {@code --conf=DIR}.
     *
     * @param args the arguments of {@code main}
     * @return the options
     * @throws UsageException naming the argument that is wrong
     */
    public static LaunchOptions parse(String... args) throws UsageException {
        List<Step> steps = new ArrayList<>();
        Path conf = null;
        Path logs = null;
        boolean verbose = false;
        boolean help = false;
        Integer webPort = null;
        boolean remote = false;
        Words words = new Words(args);
        while (words.hasNext()) {
            String arg = words.next();
            int equals = arg.indexOf('=');
            boolean joined = arg.startsWith("--") && equals > 0;
            String name = joined ? arg.substring(0, equals) : arg;
            String inline = joined ? arg.substring(equals + 1) : null;
            switch (name) {
                case "-c", "--command" -> {
                    String line = words.value(name, inline);
                    if (line.isBlank()) {
                        throw new UsageException(name + " needs a command, got an empty one");
                    }
                    steps.add(new Command(line));
                }
                case "--script" -> steps.add(new Script(path(name, words.value(name, inline))));
                case "--conf" -> conf = path(name, words.value(name, inline));
                case "--logs" -> logs = path(name, words.value(name, inline));
                case "-v", "--verbose" -> verbose = flag(name, inline);
                case "-h", "--help" -> help = flag(name, inline);
                case "--web" -> webPort = port(name, words.value(name, inline));
                case "--remote" -> remote = flag(name, inline);
                default -> throw new UsageException("unknown argument '" + arg + "'");
            }
        }
        return new LaunchOptions(steps, conf, logs, verbose, help, webPort, remote);
    }

    /** The arguments, consumed from the front. */
    private static final class Words {
        private final String[] args;
        private int next;

        Words(String[] args) {
            this.args = args;
        }

        boolean hasNext() {
            return next < args.length;
        }

        String next() {
            return args[next++];
        }

        /** @return the option's value: the text after {@code =}, else the next argument */
        String value(String option, String inline) throws UsageException {
            if (inline != null) {
                return inline;
            }
            if (!hasNext()) {
                throw new UsageException(option + " needs a value");
            }
            return next();
        }
    }

    private static Path path(String option, String value) throws UsageException {
        if (value.isBlank()) {
            throw new UsageException(option + " needs a path, got an empty one");
        }
        try {
            return Path.of(value);
        } catch (java.nio.file.InvalidPathException e) {
            throw new UsageException(option + " needs a path: " + e.getMessage());
        }
    }

    private static int port(String option, String value) throws UsageException {
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(option + " needs a TCP port (0-65535), got '" + value + "'");
    }

    private static boolean flag(String option, String inline) throws UsageException {
        if (inline != null) {
            throw new UsageException(option + " takes no value");
        }
        return true;
    }
}

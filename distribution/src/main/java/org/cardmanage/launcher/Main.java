package org.cardmanage.launcher;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;

import org.cardmanage.launcher.LaunchOptions.Script;
import org.cardmanage.launcher.LaunchOptions.Step;
import org.cardmanage.launcher.LaunchOptions.UsageException;
import org.osgi.framework.BundleException;

/**
 * {@code java -jar cardmanage.jar}: starts Apache Felix with the cardmanage bundles and opens a Gogo shell, or runs
 * the commands given with {@code -c} / {@code --script} and exits with their status. See {@link LaunchOptions#USAGE}.
 */
public final class Main {
    /** Exit status of a bad command line. */
    static final int USAGE_ERROR = 2;
    /** When the launcher began, for the start-up time in the log. */
    static final long STARTED = System.nanoTime();

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;

    Main(InputStream in, PrintStream out, PrintStream err) {
        this.in = in;
        this.out = out;
        this.err = err;
    }

    /**
     * Runs cardmanage and exits with its status.
     *
     * @param args see {@link LaunchOptions#USAGE}
     */
    public static void main(String[] args) {
        int status = new Main(System.in, System.out, System.err).run(args);
        System.exit(status);
    }

    int run(String[] args) {
        LaunchOptions options;
        try {
            options = LaunchOptions.parse(args);
            checkScripts(options);
        } catch (UsageException e) {
            err.println("cardmanage: " + e.getMessage());
            err.println();
            err.println(LaunchOptions.USAGE);
            return USAGE_ERROR;
        }
        if (options.help()) {
            out.println(LaunchOptions.USAGE);
            return 0;
        }
        Path home = launcherFolder();
        Path logFile = LogSetup.install(options.logs() != null ? options.logs() : home.resolve("logs"),
                options.verbose(), err);
        Path conf = options.conf() != null ? options.conf() : home.resolve("conf");
        boolean interactive = options.steps().isEmpty() && isTerminal();
        try (Container container = Container.start(conf, interactive, options.webPort(), options.remote())) {
            Runtime.getRuntime().addShutdownHook(new Thread(container::close, "cardmanage-shutdown"));
            for (String failure : container.failures()) {
                err.println("cardmanage: warning: " + failure + (logFile == null ? "" : " (see " + logFile + ")"));
            }
            if (interactive && container.webUrl() != null) {
                // Only at the terminal: with commands, standard output carries their results alone.
                out.println("Web Console: " + container.webUrl() + " (user admin)");
            }
            return interactive ? container.runConsole(err) : runCommands(container, options);
        } catch (IOException | BundleException | RuntimeException | ReflectiveOperationException e) {
            java.util.logging.Logger.getLogger("org.cardmanage.launcher").log(java.util.logging.Level.SEVERE,
                    "cardmanage failed", e);
            err.println("cardmanage: " + e + (logFile == null ? "" : " (see " + logFile + ")"));
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } finally {
            LogSetup.close();
        }
    }

    private int runCommands(Container container, LaunchOptions options)
            throws IOException, ReflectiveOperationException {
        boolean fromStdin = options.steps().isEmpty();
        // Commands read from standard input must not also find it as their own input.
        InputStream sessionInput = fromStdin ? InputStream.nullInputStream() : in;
        try (GogoSession session = GogoSession.open(container.commandProcessor(), sessionInput, out, err)) {
            CommandRunner runner = new CommandRunner(session, out, err);
            if (fromStdin) {
                return runner.runLines(new BufferedReader(new InputStreamReader(in, Charset.defaultCharset())));
            }
            return runner.runSteps(options.steps());
        }
    }

    /** A missing script is a bad command line: found before anything starts. */
    private static void checkScripts(LaunchOptions options) throws UsageException {
        for (Step step : options.steps()) {
            if (step instanceof Script script && !Files.isReadable(script.file())) {
                throw new UsageException("cannot read script " + script.file());
            }
        }
    }

    /** @return the folder of the launcher jar, where {@code conf/} and {@code logs/} are by default */
    static Path launcherFolder() {
        try {
            Path location = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return location.toAbsolutePath().getParent();
        } catch (URISyntaxException | RuntimeException e) {
            return Path.of("").toAbsolutePath();
        }
    }

    /**
     * @return whether standard input and output are a terminal; from Java 22 on {@link System#console()} is there even
     *     when they are not, and {@code Console.isTerminal()} tells
     */
    static boolean isTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return Boolean.TRUE.equals(isTerminal.invoke(console));
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }
}

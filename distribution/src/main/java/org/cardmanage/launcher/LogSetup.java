package org.cardmanage.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.ConsoleHandler;
import java.util.logging.FileHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * Sends every log of the process to one file: {@code java.util.logging}, and through it {@link System.Logger} (which
 * the core and the drivers use), the framework's own messages ({@link FrameworkLog}) and the OSGi log service
 * ({@link OsgiLogBridge}). With {@code --verbose} the same lines are echoed to standard error; otherwise the console
 * shows only the shell.
 */
final class LogSetup {
    /** The log file's name in the log folder. */
    static final String FILE_NAME = "cardmanage.log";
    private static final int MAX_BYTES = 10 * 1024 * 1024;
    /** Held so the level set on it is not lost when the logger is collected. */
    private static final Logger EVENTS = Logger.getLogger("Events");

    private LogSetup() {
    }

    /**
     * Replaces the JDK's default console logging. Must run before anything asks for a logger.
     *
     * @param folder where the log file goes; created if missing
     * @param verbose whether to echo to standard error
     * @param console where to report that the file cannot be written (the log then goes to the console)
     * @return the log file, or null if it could not be opened
     */
    static Path install(Path folder, boolean verbose, PrintStream console) {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        root.setLevel(Level.INFO);
        // Every bundle and service event is an INFO entry of the OSGi log: noise, and 'lb' shows the bundles.
        EVENTS.setLevel(Level.WARNING);
        LineFormatter formatter = new LineFormatter();
        Path file = folder.resolve(FILE_NAME);
        boolean toFile = false;
        try {
            Files.createDirectories(folder);
            // With count 1 the file is restarted when it passes the limit; concurrent runs get cardmanage.log.1, ...
            Handler handler = new FileHandler(file.toString(), MAX_BYTES, 1, true);
            handler.setFormatter(formatter);
            root.addHandler(handler);
            toFile = true;
        } catch (IOException | RuntimeException e) {
            console.println("cardmanage: cannot write the log file " + file + " (" + e.getMessage()
                    + "); logging to the console");
        }
        if (verbose || !toFile) {
            Handler echo = new ConsoleHandler();
            echo.setFormatter(formatter);
            echo.setLevel(verbose ? Level.INFO : Level.WARNING);
            root.addHandler(echo);
        }
        return toFile ? file : null;
    }

    /** Flushes and closes the handlers, so the last lines reach the file before the process exits. */
    static void close() {
        for (Handler handler : Logger.getLogger("").getHandlers()) {
            handler.close();
        }
    }
}

package org.cardmanage.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.cardmanage.launcher.LaunchOptions.Command;
import org.cardmanage.launcher.LaunchOptions.Script;
import org.cardmanage.launcher.LaunchOptions.Step;

/**
 * Runs Gogo command lines without a terminal: prints each result as the console would, and each failure as one line on
 * standard error, without a stack trace (the log file has it).
 */
final class CommandRunner {
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger("org.cardmanage.launcher");

    private final GogoSession session;
    private final PrintStream out;
    private final PrintStream err;

    CommandRunner(GogoSession session, PrintStream out, PrintStream err) {
        this.session = session;
        this.out = out;
        this.err = err;
    }

    /**
     * Runs {@code -c} commands and {@code --script} files in order, stopping at the first failure.
     *
     * @return 0 if all succeeded, 1 otherwise
     */
    int runSteps(List<Step> steps) {
        for (Step step : steps) {
            boolean ok = step instanceof Script script ? runScript(script.file()) : run(((Command) step).line(), null);
            if (!ok) {
                return 1;
            }
        }
        return 0;
    }

    /**
     * Runs the lines read until the input ends, going on after a failure as a shell reading a pipe does.
     *
     * @return 0 if all succeeded, 1 if any failed
     */
    int runLines(BufferedReader lines) throws IOException {
        boolean allSucceeded = true;
        int number = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            number++;
            if (isCommand(line)) {
                allSucceeded &= run(line.strip(), "stdin:" + number);
            }
        }
        return allSucceeded ? 0 : 1;
    }

    private boolean runScript(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            err.println("error: cannot read script " + file + ": " + e.getMessage());
            return false;
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (isCommand(line) && !run(line.strip(), file.getFileName() + ":" + (i + 1))) {
                return false;
            }
        }
        return true;
    }

    /** The message says it all (a usage line, a card error, Gogo's "Command not found: x"); the class name is noise. */
    private static String describe(Exception failure) {
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.toString() : message;
    }

    private static boolean isCommand(String line) {
        String text = line.strip();
        return !text.isEmpty() && !text.startsWith("#");
    }

    /** @return whether the command succeeded */
    private boolean run(String line, String where) {
        try {
            Object result = session.execute(line);
            if (result != null) {
                out.println(session.format(result));
            }
            out.flush();
            return true;
        } catch (Exception e) {
            out.flush();
            LOG.info("command failed: " + line + ": " + e);
            LOG.log(java.util.logging.Level.FINE, "command failed: " + line, e);
            err.println("error: " + (where == null ? "" : where + ": ") + describe(e));
            err.flush();
            return false;
        }
    }
}

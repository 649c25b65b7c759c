package org.cardmanage.itests.remote;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.cardmanage.itests.Await;

/**
 * The remote bundle's log in this framework: its {@code System.Logger} writes to java.util.logging here (which
 * pax-logging forwards at WARN), so a handler on the logger {@code org.cardmanage.remote}, with the logger opened to
 * INFO while it captures, sees every line the farm and the client write, formatted as {@code LEVEL message}.
 */
public final class FarmLog implements AutoCloseable {
    /** Held strongly: java.util.logging keeps loggers only weakly, and with them their handlers. */
    private final Logger logger = Logger.getLogger(RemoteOptions.REMOTE_BUNDLE);
    private final List<String> lines = new ArrayList<>();
    private Level previousLevel;
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (lines) {
                lines.add(record.getLevel() + " " + record.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private FarmLog() {
    }

    /** @return a capture of the remote bundle's log from now on */
    public static FarmLog capture() {
        FarmLog log = new FarmLog();
        log.handler.setLevel(Level.ALL);
        log.previousLevel = log.logger.getLevel();
        log.logger.setLevel(Level.INFO);
        log.logger.addHandler(log.handler);
        return log;
    }

    /** @return the lines so far */
    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** @return the first line so far that holds the text, waiting for it; fails with the whole capture otherwise */
    public String await(String text, Duration timeout) {
        try {
            return Await.value("the remote bundle logs '" + text + "'",
                    () -> lines().stream().filter(line -> line.contains(text)).findFirst().orElse(null), timeout);
        } catch (AssertionError e) {
            // no cause: Pax Exam reports a failure's innermost throwable, which would hide the log
            throw new AssertionError(e.getMessage() + "; its log: " + lines());
        }
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
        logger.setLevel(previousLevel);
    }
}

package org.cardmanage.launcher;

import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogListener;

/**
 * Copies the OSGi log service's entries (SCR, ConfigAdmin, FileInstall, any bundle's {@code LoggerFactory} logs) into
 * {@code java.util.logging}, named after the bundle. The launcher and the log bundle share the
 * {@code org.osgi.service.log} package through the system bundle, so this is a plain listener.
 */
final class OsgiLogBridge implements LogListener {
    /** The prefix of the framework events' logger names. */
    static final String EVENTS = "Events.";

    @Override
    public void logged(LogEntry entry) {
        String bundle = entry.getBundle() == null ? "osgi" : entry.getBundle().getSymbolicName();
        LogRecord record = new LogRecord(level(entry), "[" + bundle + "] " + entry.getMessage());
        // Framework events keep their own names (Events.Bundle.x, ...) so they can be filtered; the rest is named
        // after its bundle, whatever logger name (ROOT, LogService) the bundle used.
        String name = entry.getLoggerName();
        record.setLoggerName(name != null && name.startsWith(EVENTS) ? name : bundle);
        record.setInstant(Instant.ofEpochMilli(entry.getTime()));
        record.setThrown(entry.getException());
        Logger.getLogger(record.getLoggerName()).log(record);
    }

    private static Level level(LogEntry entry) {
        return switch (entry.getLogLevel()) {
            case AUDIT, ERROR -> Level.SEVERE;
            case WARN -> Level.WARNING;
            case INFO -> Level.INFO;
            case DEBUG -> Level.FINE;
            default -> Level.FINER;
        };
    }
}

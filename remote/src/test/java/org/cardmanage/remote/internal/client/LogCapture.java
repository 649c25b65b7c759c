package org.cardmanage.remote.internal.client;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Records what the bundle logs (System.Logger "org.cardmanage.remote", which goes to java.util.logging here). */
final class LogCapture extends Handler implements AutoCloseable {
    private final Logger logger = Logger.getLogger("org.cardmanage.remote");
    private final List<LogRecord> records = new ArrayList<>();

    LogCapture() {
        logger.addHandler(this);
    }

    @Override
    public synchronized void publish(LogRecord record) {
        records.add(record);
    }

    /** @return the records at WARNING or above */
    synchronized List<LogRecord> problems() {
        return records.stream().filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue()).toList();
    }

    /** @return the records at exactly that level */
    synchronized List<LogRecord> at(Level level) {
        return records.stream().filter(r -> r.getLevel().equals(level)).toList();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}

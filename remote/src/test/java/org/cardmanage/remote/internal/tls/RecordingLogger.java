package org.cardmanage.remote.internal.tls;

import java.text.MessageFormat;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link System.Logger} that keeps what is logged, formatted, as "LEVEL message". */
final class RecordingLogger implements System.Logger {
    private final List<String> records = new CopyOnWriteArrayList<>();

    List<String> records() {
        return List.copyOf(records);
    }

    List<String> warnings() {
        return records.stream().filter(r -> r.startsWith("WARNING ")).toList();
    }

    @Override
    public String getName() {
        return "org.cardmanage.remote";
    }

    @Override
    public boolean isLoggable(Level level) {
        return true;
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
        records.add(level.getName() + " " + message);
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... parameters) {
        String message = parameters == null || parameters.length == 0 ? format
                : new MessageFormat(format).format(parameters);
        records.add(level.getName() + " " + message);
    }
}

package org.cardmanage.launcher;

import java.util.logging.Level;

import org.apache.felix.framework.Logger;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

/** The framework's own messages (resolution failures, bundle errors), into the log file instead of standard output. */
final class FrameworkLog extends Logger {
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger("org.apache.felix.framework");

    @Override
    protected void doLog(Bundle bundle, @SuppressWarnings("rawtypes") ServiceReference reference, int level,
            String message, Throwable cause) {
        String text = bundle == null ? message : "[" + bundle.getSymbolicName() + "] " + message;
        LOG.log(julLevel(level), text, cause);
    }

    /** The resolver's messages (wiring, uses-constraint violations) come this way, without a bundle. */
    @Override
    protected void doLog(int level, String message, Throwable cause) {
        LOG.log(julLevel(level), message, cause);
    }

    static Level julLevel(int osgiLevel) {
        return switch (osgiLevel) {
            case LOG_ERROR -> Level.SEVERE;
            case LOG_WARNING -> Level.WARNING;
            case LOG_INFO -> Level.INFO;
            default -> Level.FINE;
        };
    }
}

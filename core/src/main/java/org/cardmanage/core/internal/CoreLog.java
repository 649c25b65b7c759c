package org.cardmanage.core.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * The core's log, on {@link System.Logger} so it needs no logging bundle; the launcher or container routes it.
 */
public final class CoreLog {
    private static final Logger LOG = System.getLogger("org.cardmanage.core");

    private CoreLog() {
    }

    public static void info(String message) {
        LOG.log(Level.INFO, message);
    }

    public static void warn(String message) {
        LOG.log(Level.WARNING, message);
    }

    public static void warn(String message, Throwable cause) {
        LOG.log(Level.WARNING, message, cause);
    }

    public static boolean isDebug() {
        return LOG.isLoggable(Level.DEBUG);
    }

    public static void debug(String message) {
        LOG.log(Level.DEBUG, message);
    }
}

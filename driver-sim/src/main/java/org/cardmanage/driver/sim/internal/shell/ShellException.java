package org.cardmanage.driver.sim.internal.shell;

/**
 * A {@code sim:*} command failure the shell shows as its message alone: a usage line for wrong arguments, or why the
 * simulator refused.
 */
public final class ShellException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ShellException(String message, Throwable cause) {
        super(message, cause);
    }

    static ShellException usage(String usage) {
        return new ShellException("usage: " + usage, null);
    }

    /** Gogo prints {@code toString()} of a failure; the class name would only be noise in front of the message. */
    @Override
    public String toString() {
        return getMessage();
    }
}

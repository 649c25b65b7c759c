package org.cardmanage.core.internal.shell;

/**
 * A command failure the shell shows as its message alone: a usage line for wrong arguments, or the message of the
 * {@link org.cardmanage.api.CardException} that made the command fail (kept as the cause for {@code e}).
 */
public final class ShellException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ShellException(String message) {
        super(message);
    }

    ShellException(String message, Throwable cause) {
        super(message, cause);
    }

    static ShellException usage(String usage) {
        return new ShellException("usage: " + usage);
    }

    /** Gogo prints {@code toString()} of a failure; the class name would only be noise in front of the message. */
    @Override
    public String toString() {
        return getMessage();
    }
}

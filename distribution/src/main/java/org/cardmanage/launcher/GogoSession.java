package org.cardmanage.launcher;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * A Gogo command session opened by the launcher. Gogo's API package cannot be shared with the launcher through the
 * system bundle (its {@code Process.Utils} reaches into the runtime's own classes), so the session is driven through
 * the four methods it needs, looked up on the API interfaces that the Gogo runtime bundle exports.
 */
final class GogoSession implements AutoCloseable {
    /** {@code Converter.INSPECT}: the full, multi-line form Gogo's console prints for a result. */
    private static final int INSPECT = 0;
    private static final String API = "org.apache.felix.service.command.";

    private final Object session;
    private final Method execute;
    private final Method format;
    private final Method close;

    private GogoSession(Object session, Method execute, Method format, Method close) {
        this.session = session;
        this.execute = execute;
        this.format = format;
        this.close = close;
    }

    /**
     * @param processor the {@code CommandProcessor} service object
     * @param in the session's standard input
     * @param out where commands write and results go
     * @param err where commands write errors
     */
    static GogoSession open(Object processor, InputStream in, OutputStream out, OutputStream err)
            throws ReflectiveOperationException {
        ClassLoader loader = processor.getClass().getClassLoader();
        Class<?> processorType = loader.loadClass(API + "CommandProcessor");
        Class<?> sessionType = loader.loadClass(API + "CommandSession");
        Object session = processorType
                .getMethod("createSession", InputStream.class, OutputStream.class, OutputStream.class)
                .invoke(processor, in, out, err);
        return new GogoSession(session,
                sessionType.getMethod("execute", CharSequence.class),
                sessionType.getMethod("format", Object.class, int.class),
                sessionType.getMethod("close"));
    }

    /**
     * Runs one command line.
     *
     * @return the command's result, possibly null
     * @throws Exception what the command threw
     */
    Object execute(String line) throws Exception {
        return unwrap(() -> execute.invoke(session, line));
    }

    /** @return the result as Gogo's console shows it */
    String format(Object result) throws Exception {
        Object text = unwrap(() -> format.invoke(session, result, INSPECT));
        return text == null ? "" : text.toString();
    }

    @Override
    public void close() {
        try {
            close.invoke(session);
        } catch (ReflectiveOperationException e) {
            java.util.logging.Logger.getLogger(GogoSession.class.getName()).fine("closing the Gogo session: " + e);
        }
    }

    private interface Call {
        Object invoke() throws ReflectiveOperationException;
    }

    private static Object unwrap(Call call) throws Exception {
        try {
            return call.invoke();
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception exception) {
                throw exception;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }
}

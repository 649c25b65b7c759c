package org.cardmanage.itests.reliability;

import java.lang.reflect.InvocationTargetException;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * Runs a {@code card:*} shell command the way Gogo does: finds the command service by its
 * {@code osgi.command.scope} and {@code osgi.command.function} properties and calls the public method of that name
 * with a {@code String...} argument. The probe cannot link against the core's internal classes, and need not.
 */
final class ShellCommands {

    private ShellCommands() {
    }

    /** @return what the command returned, as text */
    static String run(BundleContext context, String function, String... args) throws InvalidSyntaxException {
        ServiceReference<?>[] references = context.getServiceReferences((String) null,
                "(&(osgi.command.scope=card)(osgi.command.function=" + function + "))");
        if (references == null) {
            throw new AssertionError("no card:" + function + " command is registered");
        }
        Object commands = context.getService(references[0]);
        try {
            return String.valueOf(commands.getClass().getMethod(function, String[].class).invoke(commands,
                    (Object) args));
        } catch (InvocationTargetException e) {
            throw new AssertionError("card:" + function + " failed: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("card:" + function + " cannot be called like Gogo does", e);
        } finally {
            context.ungetService(references[0]);
        }
    }
}

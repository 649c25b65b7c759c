package org.cardmanage.core.internal.shell;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Locale;

import org.cardmanage.core.internal.config.CoreConfiguration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code card:trace on|off}: switches the APDU trace by updating the core's configuration, so the switch is an ordinary
 * configuration change that the core follows like any other (and that ConfigAdmin tools see). Without ConfigAdmin this
 * command is simply absent.
 */
@Component(
        service = Object.class,
        immediate = true,
        property = {"osgi.command.scope=card", "osgi.command.function=trace"})
public final class TraceCommand {
    static final String TRACE = "card:trace [on|off]";
    /** The core configuration property; see {@link CoreConfiguration#trace()}. */
    static final String TRACE_PROPERTY = "trace";

    private final ConfigurationAdmin configurationAdmin;

    @Activate
    public TraceCommand(@Reference ConfigurationAdmin configurationAdmin) {
        this.configurationAdmin = configurationAdmin;
    }

    /** Turns the APDU trace on or off, or tells whether it is on. */
    public String trace(String... args) {
        Args in = new Args(TRACE, args).expect(0, 1);
        if (in.count() == 0) {
            return "APDU trace is " + (configuredTrace() ? "on" : "off");
        }
        boolean on = switch (in.get(0).toLowerCase(Locale.ROOT)) {
            case "on", "true" -> true;
            case "off", "false" -> false;
            default -> throw in.usage();
        };
        try {
            Configuration configuration = configurationAdmin.getConfiguration(CoreConfiguration.PID);
            Dictionary<String, Object> properties = configuration.getProperties();
            if (properties == null) {
                properties = new Hashtable<>();
            }
            properties.put(TRACE_PROPERTY, on);
            configuration.updateIfDifferent(properties);
        } catch (IOException e) {
            throw new ShellException("could not update configuration " + CoreConfiguration.PID + ": "
                    + e.getMessage(), e);
        }
        return on ? "APDU trace on: commands and responses go to the log, PIN data redacted" : "APDU trace off";
    }

    /** @return whether the core's configuration switches the trace on (the core follows it; off when unreadable) */
    private boolean configuredTrace() {
        try {
            Dictionary<String, Object> properties =
                    configurationAdmin.getConfiguration(CoreConfiguration.PID).getProperties();
            Object value = properties == null ? null : properties.get(TRACE_PROPERTY);
            return Boolean.TRUE.equals(value) || (value instanceof String text && text.trim().equalsIgnoreCase("true"));
        } catch (IOException e) {
            throw new ShellException("could not read configuration " + CoreConfiguration.PID + ": "
                    + e.getMessage(), e);
        }
    }
}
